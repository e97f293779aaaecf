package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AuditFilesTest {
    @Test
    void aConfiguredFileIsTakenAsItIs() {
        assertThat(AuditFiles.keyFile("conf/audit.key")).isEqualTo(Path.of("conf/audit.key"));
        assertThat(AuditFiles.headFile("/var/gridhub/h", "audit.head")).isEqualTo(Path.of("/var/gridhub/h"));
    }

    @Test
    void theDefaultsAreBelowEtcAndData() {
        assertThat(AuditFiles.keyFileIn(Path.of("/opt/hub/etc")))
                .isEqualTo(Path.of("/opt/hub/etc/gridhub/keys/audit.hmac"));
        assertThat(AuditFiles.keyFile("")).isEqualTo(AuditFiles.keyFileIn(AuditFiles.etc()));
        assertThat(AuditFiles.headFile(" ", "audit-postgresql.head"))
                .isEqualTo(AuditFiles.data().resolve("gridhub").resolve("audit-postgresql.head"));
        assertThat(AuditFiles.data()).isAbsolute();
        assertThat(AuditFiles.etc()).isAbsolute();
    }

    @Test
    void theAuditDatabaseUsesTheSameDefaults() {
        AuditDatabase.Location l = AuditDatabase.Location.ofSystem();

        assertThat(l.keyFile()).isEqualTo(AuditFiles.keyFile(""));
        assertThat(l.headFile()).isEqualTo(AuditFiles.headFile("", "audit.head"));
    }
}
