package io.gridhub.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gridhub.cli.Main;
import io.gridhub.store.derby.internal.AuditDatabase;
import io.gridhub.testkit.Ports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit verify} on a stopped instance (offline, real Derby) and against a stand-in for the hub's resource. */
class AuditVerifyCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private HttpServer server;

    @BeforeAll
    static void derbyLog() {
        System.setProperty(
                "derby.stream.error.file",
                Path.of("target", "derby.log").toAbsolutePath().toString());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int verify(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "audit";
        all[1] = "verify";
        System.arraycopy(args, 0, all, 2, args.length);
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    /** A stopped instance (nothing listens on its port) with a trail of three entries. */
    private Path instance(int port) throws Exception {
        Path inst = dir.resolve("demo");
        Files.createDirectories(inst.resolve("etc"));
        Files.writeString(
                inst.resolve("etc/org.ops4j.pax.web.cfg"),
                "org.osgi.service.http.port = 8181\norg.osgi.service.http.port = " + port + "\n");
        try (AuditDatabase db = AuditDatabase.open(
                AuditDatabase.Location.of(inst.resolve("etc"), inst.resolve("data")), Clock.systemUTC())) {
            for (int i = 1; i <= 3; i++) {
                db.trail().append("loop", "loop", "setpoint.write", "battery/p-set", "confirmed", "value " + i);
            }
        }
        return inst;
    }

    private void serve(int port, int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/v1/audit/verify", x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
    }

    @Test
    void aStoppedInstanceIsCheckedOffline() throws Exception {
        int port = Ports.free();
        Path inst = instance(port);
        assertThat(AuditVerifyCommand.port(inst)).isEqualTo(port);
        assertThat(verify("--instance", inst.toString())).isEqualTo(0);
        assertThat(out.toString().trim()).isEqualTo("audit trail intact: 3 entries");
        assertThat(err.toString()).contains("offline");

        String url = "jdbc:derby:" + inst.resolve("data/gridhub/store").toAbsolutePath();
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().executeUpdate("DELETE FROM audit_trail WHERE seq = 3");
        }
        try {
            DriverManager.getConnection(url + ";shutdown=true");
        } catch (SQLException expected) {
            // shut down
        }
        out.getBuffer().setLength(0);
        assertThat(verify("--instance", inst.toString())).isEqualTo(1);
        assertThat(out.toString())
                .startsWith("audit trail broken (2 entries): the trail ends at entry 2")
                .contains("entry 3 was deleted");
    }

    @Test
    void anInstanceWithoutATrailCannotBeChecked() throws Exception {
        Path inst = dir.resolve("empty");
        Files.createDirectories(inst.resolve("etc"));
        Files.writeString(inst.resolve("etc/org.ops4j.pax.web.cfg"), "org.osgi.service.http.port=" + Ports.free());
        assertThat(verify("--instance", inst.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot check").contains("nothing to verify");
    }

    @Test
    void aRunningInstanceIsAsked() throws Exception {
        int port = Ports.free();
        Path inst = instance(port);
        Files.writeString(
                inst.resolve("karaf.pid"), Long.toString(ProcessHandle.current().pid()));
        serve(port, 200, "{\"intact\":true,\"entries\":42,\"problem\":null}");
        assertThat(verify("--instance", inst.toString())).isEqualTo(0);
        assertThat(out.toString().trim()).isEqualTo("audit trail intact: 42 entries");
        assertThat(err.toString()).contains("asked the running hub");
    }

    @Test
    void theHubsAnswerDecidesTheExitCode() throws Exception {
        int port = Ports.free();
        serve(port, 200, "{\"intact\":false,\"entries\":7,\"problem\":\"entry 3 does not match its mac\"}");
        assertThat(verify("--url", "http://127.0.0.1:" + port + "/api/v1")).isEqualTo(1);
        assertThat(out.toString().trim()).isEqualTo("audit trail broken (7 entries): entry 3 does not match its mac");
        server.stop(0);

        serve(port, 401, "{\"title\":\"who are you\"}");
        assertThat(verify("--url", "http://127.0.0.1:" + port)).isEqualTo(2);
        assertThat(err.toString()).contains("--user NAME:PASSWORD");
        server.stop(0);
        server = null;

        assertThat(verify("--url", "http://127.0.0.1:" + port)).isEqualTo(2);
        assertThat(err.toString()).contains("no hub answers");
    }

    @Test
    void theStoreConfigurationMovesTheFiles() throws Exception {
        Path inst = dir.resolve("moved");
        Files.createDirectories(inst.resolve("etc"));
        Files.writeString(
                inst.resolve("etc/io.gridhub.store.derby.cfg"),
                "directory = ${karaf.data}/elsewhere\nauditKeyFile = /secrets/audit.hmac\n");
        AuditDatabase.Location l = AuditVerifyCommand.location(inst);
        assertThat(l.database()).isEqualTo(inst.toAbsolutePath().resolve("data/elsewhere"));
        assertThat(l.keyFile()).isEqualTo(Path.of("/secrets/audit.hmac"));
        assertThat(l.headFile()).isEqualTo(inst.toAbsolutePath().resolve("data/gridhub/audit.head"));
    }
}
