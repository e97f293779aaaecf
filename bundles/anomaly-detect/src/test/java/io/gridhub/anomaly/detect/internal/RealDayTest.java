package io.gridhub.anomaly.detect.internal;

import static io.gridhub.anomaly.detect.internal.Windows.asset;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.model.AssetKind;
import io.gridhub.api.model.Quantity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clean days of real data: the demo's four weeks (config/demo/data/community-2013-02.csv, real SGSC
 * households and the Ausgrid PV aggregate, see its README) as 50 household meters on a feeder and a 100 kWp plant,
 * one day at a time raises no alarm at all; a whole week at once (where the learned detector and the clear-day
 * comparison work) stays below the bound of the issue.
 */
class RealDayTest {
    private static final Path DATA = Path.of("../../config/demo/data/community-2013-02.csv");
    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 17, 26})
    void aCleanDayRaisesNoAlarm(int day) throws IOException {
        assertThat(detect(day * 48, 48)).isEmpty();
    }

    /**
     * A week of 51 series (357 point-days) stays below the bound of one false alarm per 100 point-days: real
     * households do once in a while hold a base load for hours or use one interval far above anything else that
     * week (weeks 0 and 2 have one and three such findings, listed in docs/anomalies.md).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aCleanWeekStaysBelowOneFalseAlarmPer100PointDays(int week) throws IOException {
        double pointDays = 51 * 7;
        assertThat(detect(week * 7 * 48, 7 * 48)).hasSizeLessThan((int) Math.ceil(pointDays / 100));
    }

    private static List<Finding> detect(int first, int rows) throws IOException {
        List<String> lines = Files.readAllLines(DATA);
        String[] head = lines.get(0).split(",");
        List<Instant> times = new ArrayList<>();
        double[][] values = new double[head.length][rows];
        for (int r = 0; r < rows; r++) {
            String[] f = lines.get(1 + first + r).split(",");
            times.add(LocalDateTime.parse(f[0]).atZone(SYDNEY).toInstant());
            for (int c = 1; c < head.length; c++) {
                values[c][r] = Double.parseDouble(f[c]) * 2000; // kWh per 30 min to W
            }
        }
        Windows w = new Windows();
        int pv = -1;
        for (int c = 1; c < head.length; c++) {
            if (head[c].matches("H\\d\\d")) {
                String m = "m" + head[c].substring(1);
                w.member(m, "f1", asset(m + "-meter", AssetKind.METER, 0, 0));
                w.series(m + "-meter", "p", Quantity.ACTIVE_POWER, times, values[c]);
            } else if (head[c].equals("pv_kWh")) {
                pv = c;
            }
        }
        w.member("coop", null, asset("pv-plant", AssetKind.PV, 100_000, 0));
        double[] plant = values[pv].clone();
        for (int r = 0; r < rows; r++) {
            plant[r] *= 100.0 / 505; // the 300 homes' 505 kWp as the demo's 100 kWp plant
        }
        w.series("pv-plant", "p", Quantity.ACTIVE_POWER, times, plant);
        return new TelemetryDetector()
                .detect(w.window(times.get(0), times.get(rows - 1).plusSeconds(1800), false));
    }
}
