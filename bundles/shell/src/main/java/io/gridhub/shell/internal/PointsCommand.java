package io.gridhub.shell.internal;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.model.Point;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code gridhub:points [pattern]}: the hub's points with their latest value. */
@Command(scope = "gridhub", name = "points", description = "Lists the hub's points with their latest value")
@Service
public class PointsCommand extends TableCommand {
    @Reference
    PointRegistry registry;

    @Reference
    LatestValues latest;

    @Argument(
            name = "pattern",
            description = "a point id, or a pattern with * for any characters (e.g. demo.shared-bat.*)")
    @Completion(PointCompleter.class)
    String pattern;

    @Override
    Table table() {
        Pattern p = glob(pattern);
        Table t = new Table("Point", "Value", "Unit", "Quality", "Source time", "Kind", "Asset");
        for (Point point : registry.points()) {
            if (!p.matcher(point.id().value()).matches()) {
                continue;
            }
            Optional<Sample> s = latest.latest(point.id());
            t.row(
                    point.id().value(),
                    s.map(v -> String.valueOf(v.value())).orElse(""),
                    point.unit(),
                    s.map(v -> quality(v)).orElse("no value"),
                    s.map(Sample::sourceTime).orElse(null),
                    point.kind(),
                    point.assetId());
        }
        return t;
    }

    private static String quality(Sample s) {
        return s.quality().isGood()
                ? "GOOD"
                : s.quality().status() + " " + s.quality().reason()
                        + (s.quality().detail().isEmpty()
                                ? ""
                                : ": " + s.quality().detail());
    }

    /** {@code *} any characters, everything else literal; no pattern matches all. */
    static Pattern glob(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return Pattern.compile(".*");
        }
        return Pattern.compile(
                Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }
}
