package io.gridhub.web.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import io.gridhub.api.governance.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * API tokens of machine clients (ingest pushers, SCADA): {@code Authorization: Bearer <token>}. A token has a name
 * and roles ({@code viewer} or {@code operator}: machines neither approve policies nor administer the hub); the
 * file keeps only the SHA-256 of each token (a random 32-byte value, so no salt or stretching is needed), so a
 * token is shown once, when an admin creates it ({@code POST /api/v1/tokens}). The file is re-read when it
 * changes, so deleting a line by hand revokes a token too. The console's sign-ins ({@link Sessions}, in memory) are
 * bearer tokens too, and answered here, so that the access filter has one place to ask.
 */
@Component(service = ApiTokens.class, configurationPid = "io.gridhub.web.tokens")
@Designate(ocd = ApiTokens.Config.class)
public final class ApiTokens {
    static final String PREFIX = "ghk_";
    static final Set<String> TOKEN_ROLES = Set.of(Roles.VIEWER, Roles.OPERATOR);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @ObjectClassDefinition(name = "gridhub API tokens")
    public @interface Config {
        @AttributeDefinition(
                description =
                        "The token file (hashes only); empty: etc/gridhub/keys/api-tokens.json " + "under karaf.etc")
        String file() default "";
    }

    /** One token as stored: never the token itself. */
    record Entry(String name, String sha256, List<String> roles, Instant created, String createdBy) {}

    private final Path file;
    private final Clock clock;
    private final Sessions sessions;
    private List<Entry> entries = List.of();
    private FileTime loaded;

    @Activate
    public ApiTokens(Config config) {
        this(
                config.file().isBlank()
                        ? Path.of(System.getProperty("karaf.etc", "etc"), "gridhub", "keys", "api-tokens.json")
                        : Path.of(config.file().trim()),
                Clock.systemUTC());
    }

    ApiTokens(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.sessions = new Sessions(clock);
    }

    /** The console's sign-ins, whose tokens this class answers for too. */
    Sessions sessions() {
        return sessions;
    }

    Path file() {
        return file;
    }

    /**
     * The caller a token stands for; empty when no API token has this value. A console session's token that expired
     * or was logged out stands for no one (anonymous), so that the console shows its login form again.
     */
    Optional<Caller> caller(String token) {
        return Sessions.isSession(token)
                ? Optional.of(sessions.caller(token).orElse(Caller.ANONYMOUS))
                : apiCaller(token);
    }

    private synchronized Optional<Caller> apiCaller(String token) {
        byte[] hash = HexFormat.of().formatHex(sha256(token.trim())).getBytes(StandardCharsets.US_ASCII);
        Entry found = null;
        for (Entry e : reload()) {
            // Compare every entry in constant time, so timing says nothing about stored hashes.
            if (MessageDigest.isEqual(hash, e.sha256().getBytes(StandardCharsets.US_ASCII))) {
                found = e;
            }
        }
        if (found == null) {
            return Optional.empty();
        }
        String name = "token:" + found.name();
        return Optional.of(new Caller(new Actor(name, Set.copyOf(found.roles()), name), null, true));
    }

    /** A new token (shown only in this answer); 400 for a bad name or role, 409 when the name exists. */
    synchronized Map<String, Object> create(String name, List<String> roles, Actor by) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException(400, "a token needs a \"name\" of 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (roles == null || roles.isEmpty() || !TOKEN_ROLES.containsAll(roles)) {
            throw new ApiException(
                    400,
                    "a token needs \"roles\": some of " + new TreeSet<>(TOKEN_ROLES)
                            + " (people approve and administer with their own accounts)");
        }
        List<Entry> all = new ArrayList<>(reload());
        if (all.stream().anyMatch(e -> e.name().equals(name))) {
            throw new ApiException(
                    409,
                    "a token named " + name + " exists: delete it first " + "(DELETE /api/v1/tokens/" + name
                            + ") or choose another name");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Entry e = new Entry(
                name,
                HexFormat.of().formatHex(sha256(token)),
                List.copyOf(new TreeSet<>(roles)),
                clock.instant(),
                by.name());
        all.add(e);
        save(all);
        Map<String, Object> m = describe(e);
        m.put("token", token);
        return m;
    }

    synchronized List<Map<String, Object>> list() {
        return reload().stream().map(ApiTokens::describe).toList();
    }

    /** Whether a token of that name existed. */
    synchronized boolean revoke(String name) {
        List<Entry> all = new ArrayList<>(reload());
        if (!all.removeIf(e -> e.name().equals(name))) {
            return false;
        }
        save(all);
        return true;
    }

    private static Map<String, Object> describe(Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("roles", e.roles());
        m.put("created", e.created());
        m.put("createdBy", e.createdBy());
        return m;
    }

    private List<Entry> reload() {
        try {
            if (!Files.exists(file)) {
                entries = List.of();
                loaded = null;
                return entries;
            }
            FileTime t = Files.getLastModifiedTime(file);
            if (!t.equals(loaded)) {
                Map<String, List<Entry>> m = Json.MAPPER.readValue(file.toFile(), new TypeReference<>() {});
                entries = List.copyOf(m.getOrDefault("tokens", List.of()));
                loaded = t;
            }
            return entries;
        } catch (IOException e) {
            // A token file that cannot be read lets no token in; say why.
            throw new ApiException(503, "the API token file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private void save(List<Entry> all) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(Map.of("tokens", all)));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions protect it
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            entries = List.copyOf(all);
            loaded = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new ApiException(500, "the API token file " + file + " cannot be written: " + e.getMessage());
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
