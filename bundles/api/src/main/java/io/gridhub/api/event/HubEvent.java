package io.gridhub.api.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One event: when, in which community (empty for the hub itself), raised by which part of the hub ({@code source},
 * e.g. {@code loop.execute}), about what ({@code subject}, e.g. an asset id), and what happened, in one sentence.
 */
public record HubEvent(
        long id, Instant time, String community, String source, Severity severity, String subject, String message) {
    public HubEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        community = community == null ? "" : community;
        subject = subject == null ? "" : subject;
    }
}
