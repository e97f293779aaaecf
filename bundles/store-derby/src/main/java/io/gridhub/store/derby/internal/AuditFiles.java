package io.gridhub.store.derby.internal;

import java.nio.file.Path;

/**
 * Where the audit trail's files are by default, for both stores (the PostgreSQL store embeds this class) and the
 * tool: the key below Karaf's {@code etc}, the head below its {@code data}. Outside Karaf (tests, a bare JVM) both
 * are below {@code data/}, the key still apart from the database folder.
 */
public final class AuditFiles {
    private AuditFiles() {}

    /** This JVM's data folder: {@code karaf.data}, else {@code data}. */
    public static Path data() {
        return Path.of(System.getProperty("karaf.data", "data")).toAbsolutePath();
    }

    /** This JVM's etc folder: {@code karaf.etc}, else the data folder. */
    public static Path etc() {
        String etc = System.getProperty("karaf.etc");
        return etc == null ? data() : Path.of(etc).toAbsolutePath();
    }

    /** The key file in an etc folder: {@code <etc>/gridhub/keys/audit.hmac}. */
    public static Path keyFileIn(Path etc) {
        return etc.resolve("gridhub").resolve("keys").resolve("audit.hmac");
    }

    /** The key file a store was configured with, or by default the one in this JVM's etc folder. */
    public static Path keyFile(String configured) {
        return configured.isBlank() ? keyFileIn(etc()) : Path.of(configured);
    }

    /** The head file a store was configured with, or by default {@code <data>/gridhub/<name>}. */
    public static Path headFile(String configured, String name) {
        return configured.isBlank() ? data().resolve("gridhub").resolve(name) : Path.of(configured);
    }
}
