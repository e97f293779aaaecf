package io.gridhub.api.anomaly;

import io.gridhub.api.check.Fields;
import java.time.Instant;
import java.util.List;

/**
 * One entry of the triage queue: the finding that opened it (its evidence window widened by every duplicate folded
 * into it since), how many findings were folded in, when it was first and last seen, and its triage history (the
 * last transition is the current state).
 */
public record Anomaly(
        long id,
        Finding finding,
        int occurrences,
        Instant firstSeen,
        Instant lastSeen,
        AnomalyState state,
        List<Transition> history) {
    public Anomaly {
        Fields.require("finding firstSeen lastSeen state", finding, firstSeen, lastSeen, state);
        history = Fields.copyOf(history);
    }

    /** A change of state: when, by whom, from what to what, and the user's comment. */
    public record Transition(Instant time, String user, AnomalyState from, AnomalyState to, String comment) {
        public Transition {
            Fields.require("time user from to", time, user, from, to);
            comment = Fields.orEmpty(comment);
        }
    }
}
