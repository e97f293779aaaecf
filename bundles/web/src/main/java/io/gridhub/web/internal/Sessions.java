package io.gridhub.web.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-ins: a user who logs in with the realm's user and password ({@code POST /api/v1/login}) gets a
 * random bearer token that stands for the same caller (account, roles, person, member) for {@link #LIFETIME}, or
 * until logout. Kept in memory only, by the token's SHA-256: a restart signs everyone out, and no token is written
 * anywhere. Expiry is wall time, whatever the hub's clock does.
 */
final class Sessions {
    /** Tells a session token from an API token ({@link ApiTokens#PREFIX}). */
    static final String PREFIX = "ghs_";

    static final Duration LIFETIME = Duration.ofHours(8);
    /** At most this many open sessions: beyond, a login is refused until some expire (503). */
    static final int MAX = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new session's token (shown once, to the caller who logged in) and when it expires. */
    record Opened(String token, Instant expiresAt) {}

    private record Session(Caller caller, Instant expiresAt) {}

    private final Clock clock;
    private final Map<String, Session> open = new ConcurrentHashMap<>();

    Sessions(Clock clock) {
        this.clock = clock;
    }

    static boolean isSession(String token) {
        return token != null && token.trim().startsWith(PREFIX);
    }

    /** A session for {@code caller}, signed in a moment ago. */
    Opened open(Caller caller) {
        Instant now = clock.instant();
        open.values().removeIf(s -> !s.expiresAt().isAfter(now));
        if (open.size() >= MAX) {
            throw new ApiException(503, "too many open console sessions: try again later");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = now.plus(LIFETIME);
        open.put(key(token), new Session(caller, expires));
        return new Opened(token, expires);
    }

    /** The caller of an open session; empty when the token is unknown, logged out or expired. */
    Optional<Caller> caller(String token) {
        String k = key(token);
        Session s = open.get(k);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expiresAt().isAfter(clock.instant())) {
            open.remove(k);
            return Optional.empty();
        }
        return Optional.of(s.caller());
    }

    /** Ends a session; whether it was open. */
    boolean close(String token) {
        return open.remove(key(token)) != null;
    }

    private static String key(String token) {
        return HexFormat.of().formatHex(ApiTokens.sha256(token.trim()));
    }
}
