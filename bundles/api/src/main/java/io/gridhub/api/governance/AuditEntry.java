package io.gridhub.api.governance;

import java.time.Instant;

/**
 * One step in the governance audit log: who did what to which subject, when, with what result. Entries are
 * chained: {@code hash} is the SHA-256 over the previous entry's hash and this entry's content, so a changed or
 * removed entry breaks the chain from there on.
 *
 * @param action  {@code propose}, {@code approve}, {@code reject}, or {@code denied:<action>} for a refused attempt
 * @param subject e.g. {@code proposal 3 demo-static@v2}
 */
public record AuditEntry(
        long seq,
        Instant at,
        String actor,
        String action,
        String subject,
        String detail,
        String previousHash,
        String hash) {}
