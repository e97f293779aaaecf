package io.gridhub.store.derby.internal;

import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes per value of the block formats on the real series and on 1 s telemetry, as a Markdown table (checking
 * that every block decodes back exactly). Run: {@code bench/jmh/codec.sh sizes [DATA_DIR]} (default
 * {@code ../shared/data}).
 */
public final class BlockSizes {
    private BlockSizes() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        Map<String, List<Sample>> all = CodecSeries.files(data);
        all.putAll(CodecSeries.telemetry());
        System.out.println("| series | values | format 1, 1 h blocks | format 2, 1 h blocks | format 2, 1-day blocks "
                + "| format 2, 1-week blocks |");
        System.out.println("|---|---|---|---|---|---|");
        Map<String, long[]> groups = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> e : all.entrySet()) {
            List<Sample> s = e.getValue();
            long[] bytes = {
                size(s, Duration.ofHours(1), true),
                size(s, Duration.ofHours(1), false),
                size(s, Duration.ofDays(1), false),
                size(s, Duration.ofDays(7), false),
                s.size()
            };
            String group = e.getKey().contains(":")
                    ? e.getKey().substring(0, e.getKey().indexOf(':'))
                    : "telemetry";
            long[] sum = groups.computeIfAbsent(group, k -> new long[5]);
            for (int i = 0; i < 5; i++) {
                sum[i] += bytes[i];
            }
            if (!group.startsWith("households") && !group.startsWith("prices_EU")) {
                row(e.getKey(), bytes);
            }
        }
        System.out.println();
        System.out.println("| all series of a file | values | format 1, 1 h | format 2, 1 h | format 2, 1 day "
                + "| format 2, 1 week |");
        System.out.println("|---|---|---|---|---|---|");
        groups.forEach(BlockSizes::row);
    }

    private static void row(String name, long[] b) {
        System.out.printf(
                "| %s | %,d | %.2f | %.2f | %.2f | %.2f |%n",
                name, b[4], (double) b[0] / b[4], (double) b[1] / b[4], (double) b[2] / b[4], (double) b[3] / b[4]);
    }

    private static long size(List<Sample> series, Duration width, boolean formatOne) {
        long bytes = 0;
        for (List<Sample> block : CodecSeries.blocks(series, width)) {
            byte[] data = formatOne ? FormatOne.encode(block) : BlockCodec.encode(block);
            List<Sample> back = new ArrayList<>(BlockCodec.decode(CodecSeries.P, data));
            if (!back.equals(block)) {
                throw new IllegalStateException("block does not decode back exactly");
            }
            bytes += data.length;
        }
        return bytes;
    }
}
