package io.gridhub.loop.internal.settle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two fields of an approved policy's JSON the daily settlement needs before the settlement service reads the
 * whole policy: its method and its resolution. The loop bundle has no JSON library; both are top-level scalars,
 * and a key in quotes cannot occur inside a JSON string (its quotes would be escaped), so a pattern finds them.
 * The service still checks the policy in full.
 *
 * @param method            the policy's {@code method}, null when it names none
 * @param resolutionMinutes the policy's {@code resolutionMinutes}, null when it sets none
 */
record PolicyFacts(String method, Integer resolutionMinutes) {
    private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"\\\\]*)\"");
    private static final Pattern RESOLUTION = Pattern.compile("\"resolutionMinutes\"\\s*:\\s*(\\d{1,4})\\b");

    static PolicyFacts of(String json) {
        Matcher m = METHOD.matcher(json);
        Matcher r = RESOLUTION.matcher(json);
        String method = m.find() && !m.group(1).isBlank() ? m.group(1).strip() : null;
        Integer resolution = r.find() ? Integer.valueOf(r.group(1)) : null;
        return new PolicyFacts(method, resolution == null || resolution == 0 ? null : resolution);
    }
}
