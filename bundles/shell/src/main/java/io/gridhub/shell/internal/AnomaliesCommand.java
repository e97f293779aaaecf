package io.gridhub.shell.internal;

import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyKind;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import java.util.Arrays;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code gridhub:anomalies [community]}: the triage queue, the most recently seen first, filtered as
 * {@code GET /api/v1/anomalies} is (state, severity, kind, point, member). Changing a state is the REST API's or the
 * console's (with a comment, audited).
 */
@Command(scope = "gridhub", name = "anomalies", description = "Lists the anomaly triage queue, latest seen first")
@Service
public class AnomaliesCommand extends TableCommand {
    @Reference
    AnomalyQueue queue;

    @Argument(name = "community", description = "only this community's anomalies")
    @Completion(CommunityCompleter.class)
    String community;

    @Option(name = "-s", aliases = "--state", description = "new, acknowledged, resolved or false_positive")
    String state;

    @Option(name = "--severity", description = "low, medium or high")
    String severity;

    @Option(name = "-k", aliases = "--kind", description = "e.g. stuck, spike, gap, shares_mismatch")
    String kind;

    @Option(name = "-p", aliases = "--point", description = "only anomalies of this point")
    @Completion(PointCompleter.class)
    String point;

    @Option(name = "-m", aliases = "--member", description = "only anomalies concerning this member")
    String member;

    @Option(name = "-n", aliases = "--limit", description = "how many (default 20, at most 10000)")
    int limit = 20;

    @Override
    Table table() {
        AnomalyFilter filter = new AnomalyFilter(
                community,
                parse(AnomalyKind.class, "kind", kind),
                parse(AnomalyState.class, "state", state),
                parse(AnomalySeverity.class, "severity", severity),
                point,
                member,
                rows(limit));
        Table t = new Table(
                "Id", "Last seen", "Community", "Kind", "Severity", "State", "Seen", "Points", "Members", "Why");
        for (Anomaly a : queue.list(filter)) {
            Finding f = a.finding();
            t.row(
                    a.id(),
                    a.lastSeen(),
                    f.community(),
                    lower(f.kind()),
                    lower(f.severity()),
                    lower(a.state()),
                    a.occurrences(),
                    String.join(",", f.points()),
                    String.join(",", f.members()),
                    f.explanation());
        }
        return t;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(AnomaliesCommand::lower)
                            .toList() + ", got '" + raw + "'");
        }
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
