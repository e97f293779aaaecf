package io.gridhub.api.event;

import io.gridhub.api.check.Fields;
import java.time.Instant;

/**
 * One event: when, in which community (empty for the hub itself), raised by which part of the hub ({@code source},
 * e.g. {@code loop.execute}), about what ({@code subject}, e.g. an asset id), and what happened, in one sentence.
 */
public record HubEvent(
        long id, Instant time, String community, String source, Severity severity, String subject, String message) {
    public HubEvent {
        Fields.require("time source severity message", time, source, severity, message);
        community = Fields.orEmpty(community);
        subject = Fields.orEmpty(subject);
    }
}
