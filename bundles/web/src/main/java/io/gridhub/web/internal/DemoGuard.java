package io.gridhub.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub does not serve with the demo users outside the demo: when the realm's users file has an account whose
 * password is one of the demo passwords (config/demo/users.properties; in plain text, or hashed by Karaf's
 * {@code basic} encryption, an unsalted SHA-256) and the launcher's demo marker
 * ({@code etc/gridhub/demo-configuration}, written by {@code ./gridhub demo} only) is absent, every route but
 * health answers 503 and the log has an ERROR. The launcher refuses to start in that case already; this catches a
 * hub started otherwise (bin/gridhub, a copied instance).
 */
final class DemoGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DemoGuard.class);
    /** SHA-256 (hex) of the passwords of config/demo/users.properties; a test keeps the two in step. */
    static final Set<String> DEMO_PASSWORDS_SHA256 = Set.of(
            "3f200ddd08045d3348bbcd48dd8e0fe2cdb46689f6ede4eec5c14e7e57fa4a97",
            "b7219ea89ce2579c6fb3c8dd0998e0f91f8c556aca2a4e1f7cb0bba02248ea97",
            "1711483c9b9688da98c604af332dd5c39e9641bddae4ac548eb027e2a112fa78",
            "f51c5591045ec773cccc40e3de0a66662d540da90eac00943bea4d8cfa4a2b61",
            "d5ab18f2a2000ee025cfd5fe0e266903d03ff5fffa579a95136d829e89db0635",
            "198352b6a8078a827be267c847d39506629d3af446a3cc0bce670dd3a6b5d753",
            "d20970a51d169da1dae8e2730860e4842f4b6ce34e5f2e845572d9e5e0d92849",
            "c195f0b18908b06ffbe83272b5f45d47138a9442699a79ce9176204ade91a770");

    private static final String CRYPT = "{CRYPT}";

    private final Path users;
    private final Path marker;
    private FileTime checked;
    private boolean demo;
    private String problem;

    DemoGuard(Path users, Path marker) {
        this.users = users;
        this.marker = marker;
    }

    /** The guard of a Karaf instance: etc/users.properties and etc/gridhub/demo-configuration. */
    static DemoGuard ofKaraf() {
        Path etc = Path.of(System.getProperty("karaf.etc", "etc"));
        return new DemoGuard(
                etc.resolve("users.properties"), etc.resolve("gridhub").resolve("demo-configuration"));
    }

    /** Why the hub must not serve, or null; re-checked when the users file changes. */
    synchronized String problem() {
        FileTime t;
        try {
            t = Files.exists(users) ? Files.getLastModifiedTime(users) : null;
        } catch (IOException e) {
            t = null;
        }
        boolean d = Files.exists(marker);
        if (checked != null && Objects.equals(t, checked) && d == demo) {
            return problem;
        }
        checked = t;
        demo = d;
        String before = problem;
        List<String> found = t == null ? List.of() : demoUsers(read());
        problem = found.isEmpty() || d
                ? null
                : "the realm (" + users + ") has accounts with demo passwords ("
                        + String.join(", ", found)
                        + ") outside the demo configuration: change their passwords or remove "
                        + "them (docs/security.md, \"Credentials policy\")";
        if (problem != null && !problem.equals(before)) {
            LOG.error("refusing to serve: {}", problem);
        } else if (problem == null && before != null) {
            LOG.info("no demo passwords in {} any more: serving again", users);
        }
        return problem;
    }

    private List<String> read() {
        try {
            return Files.readAllLines(users, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The users of a users.properties whose password is a demo password. */
    static List<String> demoUsers(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.trim();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("!") || eq <= 0 || l.startsWith("_g_")) {
                continue;
            }
            String user = l.substring(0, eq).trim();
            String value = l.substring(eq + 1).trim();
            int comma = value.indexOf(',');
            String password = (comma < 0 ? value : value.substring(0, comma)).trim();
            String hash;
            if (password.startsWith(CRYPT) && password.endsWith(CRYPT) && password.length() > 2 * CRYPT.length()) {
                hash = password.substring(CRYPT.length(), password.length() - CRYPT.length())
                        .toLowerCase(Locale.ROOT);
            } else {
                hash = HexFormat.of().formatHex(ApiTokens.sha256(password));
            }
            if (DEMO_PASSWORDS_SHA256.contains(hash)) {
                out.add(user);
            }
        }
        return out;
    }
}
