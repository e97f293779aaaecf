package io.gridhub.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditVerification;
import io.gridhub.cli.Tool;
import io.gridhub.store.derby.internal.AuditDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./gridhub audit verify}: asks the running hub ({@code GET /api/v1/audit/verify}) or, when it is stopped,
 * checks its trail offline (the store's database, the key and the head file) with the hub's own check. Exit 0
 * intact, 1 broken, 2 cannot check.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify the audit trail: ask the running hub, or check a stopped instance's files.",
        footer = "%nExit codes: 0 intact, 1 broken (the problem is printed), 2 cannot check. Instances are found "
                + "under target/run/<config>/ of the checkout. See docs/security.md#audit-trail.")
public final class AuditVerifyCommand implements Callable<Integer> {
    static final String PATH = "/api/v1/audit/verify";
    private static final int DEFAULT_PORT = 8181;
    private static final Pattern PORT = Pattern.compile("org\\.osgi\\.service\\.http\\.port\\s*[=:\\s]\\s*(\\d{1,5})");

    /** Derby's own log (booting, shutting down) is of no use to this tool: {@code derby.stream.error.field}. */
    public static final OutputStream DERBY_LOG = OutputStream.nullOutputStream();

    @Option(
            names = "--instance",
            paramLabel = "DIR",
            description = "a hub instance (Karaf folder with etc/ and data/), default: the one under target/run/")
    Path instance;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "the hub's REST base, e.g. http://127.0.0.1:8181/api/v1 (asks only the hub)")
    String url;

    @Option(names = "--user", paramLabel = "NAME:PASSWORD", description = "credentials, if the hub asks for them")
    String user;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "how long the hub may take to answer (a long trail takes a while)")
    int timeoutSeconds;

    @Mixin
    Tool tool;

    /** The hub did not answer: nobody listens. */
    private static final class NotRunning extends Exception {
        private static final long serialVersionUID = 1L;

        NotRunning(String message) {
            super(message);
        }
    }

    /** It cannot be checked (exit 2). */
    private static final class CannotCheck extends Exception {
        private static final long serialVersionUID = 1L;

        CannotCheck(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = tool.out();
        try {
            AuditVerification v = check(tool.err());
            if (v.intact()) {
                out.println("audit trail intact: " + v.entries() + " entries");
                out.flush();
                return 0;
            }
            out.println("audit trail broken (" + v.entries() + " entries): "
                    + v.problem().orElseThrow());
            out.flush();
            return 1;
        } catch (CannotCheck e) {
            return tool.fail(Tool.UNUSABLE, "cannot check: " + e.getMessage());
        }
    }

    private AuditVerification check(PrintWriter err) throws CannotCheck {
        if (url != null) {
            try {
                return ask(endpoint(url), err);
            } catch (NotRunning e) {
                throw new CannotCheck(e.getMessage());
            }
        }
        Path inst = instance != null ? instance : findInstance(err);
        if (inst == null) {
            // No instance in this checkout: perhaps a hub installed elsewhere listens on the default port.
            try {
                return ask(endpoint("http://127.0.0.1:" + DEFAULT_PORT), err);
            } catch (NotRunning e) {
                throw new CannotCheck("no hub instance under " + runFolder() + " and " + e.getMessage()
                        + "; name one with --instance DIR or --url URL");
            }
        }
        if (!Files.isDirectory(inst.resolve("etc")) && !Files.isDirectory(inst.resolve("data"))) {
            throw new CannotCheck(inst + " is not a hub instance (no etc/ or data/ in it)");
        }
        if (running(inst).orElse(true)) {
            try {
                return ask(endpoint("http://127.0.0.1:" + port(inst)), err);
            } catch (NotRunning e) {
                // its process may be starting or stopping: the database tells (Derby refuses a booted one)
            }
        }
        return offline(inst, err);
    }

    /**
     * Whether the instance's Karaf runs, from the pid file it writes at start ({@code karaf.pid}); empty when
     * there is none. Keeps a hub of another instance on the same port from answering for this one.
     */
    static Optional<Boolean> running(Path inst) {
        Path pid = inst.resolve("karaf.pid");
        if (!Files.isRegularFile(pid)) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(Files.readString(pid).trim());
            return Optional.of(ProcessHandle.of(n).map(ProcessHandle::isAlive).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private AuditVerification offline(Path inst, PrintWriter err) throws CannotCheck {
        AuditDatabase.Location where = location(inst);
        err.println("no hub running on " + inst + ": checking " + where.database() + " offline");
        err.flush();
        if (System.getProperty("derby.stream.error.file") == null
                && System.getProperty("derby.stream.error.field") == null) {
            System.setProperty("derby.stream.error.field", AuditVerifyCommand.class.getName() + ".DERBY_LOG");
        }
        try {
            return AuditDatabase.verify(where);
        } catch (AuditException e) {
            throw new CannotCheck(e.getMessage());
        }
    }

    /** The instance's files: the defaults, or what its store configuration names instead. */
    static AuditDatabase.Location location(Path inst) {
        Path etc = inst.resolve("etc").toAbsolutePath();
        Path data = inst.resolve("data").toAbsolutePath();
        AuditDatabase.Location d = AuditDatabase.Location.of(etc, data);
        Properties cfg = new Properties();
        Path file = etc.resolve("io.gridhub.store.derby.cfg");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                cfg.load(in);
            } catch (IOException e) {
                // unreadable configuration: the defaults are the best guess
            }
        }
        return new AuditDatabase.Location(
                path(cfg, "directory", d.database(), inst),
                path(cfg, "auditKeyFile", d.keyFile(), inst),
                path(cfg, "auditHeadFile", d.headFile(), inst));
    }

    private static Path path(Properties cfg, String key, Path otherwise, Path inst) {
        String v = cfg.getProperty(key, "").trim();
        if (v.isEmpty()) {
            return otherwise;
        }
        Path base = inst.toAbsolutePath();
        v = v.replace("${karaf.etc}", base.resolve("etc").toString())
                .replace("${karaf.data}", base.resolve("data").toString())
                .replace("${karaf.base}", base.toString())
                .replace("${karaf.home}", base.toString());
        Path p = Path.of(v);
        return p.isAbsolute() ? p : base.resolve(p); // Karaf's working folder is the instance
    }

    /** The instance's web port, as the launcher sets it in etc/org.ops4j.pax.web.cfg (its last setting wins). */
    static int port(Path inst) {
        Path cfg = inst.resolve("etc").resolve("org.ops4j.pax.web.cfg");
        int port = DEFAULT_PORT;
        if (Files.isRegularFile(cfg)) {
            try {
                for (String line : Files.readAllLines(cfg)) {
                    Matcher m = PORT.matcher(line.trim());
                    if (m.matches()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return DEFAULT_PORT;
            }
        }
        return port;
    }

    /** The one instance under target/run/, or the one whose hub answers when there are several. */
    private Path findInstance(PrintWriter err) throws CannotCheck {
        Path run = runFolder();
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(run)) {
            try (Stream<Path> s = Files.list(run)) {
                s.filter(p -> Files.isDirectory(p.resolve("etc")) && Files.isDirectory(p.resolve("bin")))
                        .sorted()
                        .forEach(found::add);
            } catch (IOException e) {
                throw new CannotCheck("cannot list " + run + ": " + e.getMessage());
            }
        }
        if (found.size() <= 1) {
            return found.isEmpty() ? null : found.get(0);
        }
        for (Path p : found) {
            if (running(p).orElseGet(() -> listening(port(p)))) {
                return p;
            }
        }
        throw new CannotCheck("several instances under " + run + " ("
                + String.join(
                        ", ",
                        found.stream().map(p -> p.getFileName().toString()).toList())
                + ") and no hub running: choose one "
                + "with --instance DIR");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The checkout: {@code -Dgridhub.root}, else the one this jar was built in, else the working folder. */
    static Path root() {
        String r = System.getProperty("gridhub.root");
        if (r != null) {
            return Path.of(r);
        }
        try {
            Path jar = Path.of(AuditVerifyCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            // <root>/bundles/cli/target/gridhub-cli-<version>.jar
            Path target = jar.getParent();
            if (target != null
                    && target.getFileName().toString().equals("target")
                    && target.getParent() != null
                    && target.getParent().getParent() != null
                    && target.getParent().getParent().getFileName().toString().equals("bundles")) {
                return target.getParent().getParent().getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not from a file: fall back to the working folder
        }
        return Path.of("").toAbsolutePath();
    }

    private static Path runFolder() {
        return root().resolve("target").resolve("run");
    }

    static URI endpoint(String base) throws CannotCheck {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String full = b.endsWith("/audit/verify") ? b : b.endsWith("/api/v1") ? b + "/audit/verify" : b + PATH;
        try {
            URI u = new URI(full);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new CannotCheck("--url " + base + ": expected http://HOST:PORT[/api/v1]");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new CannotCheck("--url " + base + ": " + e.getMessage());
        }
    }

    private AuditVerification ask(URI uri, PrintWriter err) throws NotRunning, CannotCheck {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Accept", "application/json")
                .GET();
        if (user != null) {
            req.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r;
        try {
            r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new NotRunning("no hub answers at " + uri.getScheme() + "://" + uri.getAuthority());
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new NotRunning("no hub answers at " + uri.getScheme() + "://" + uri.getAuthority());
            }
            throw new CannotCheck("asking " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CannotCheck("interrupted");
        }
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new CannotCheck("the hub at " + uri + " answers " + r.statusCode() + ": give a user with "
                    + "--user NAME:PASSWORD");
        }
        if (r.statusCode() == 404) {
            throw new CannotCheck("the hub at " + uri + " has no audit resource (404): is it an older version?");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.path("intact").isBoolean()) {
            throw new CannotCheck("the hub at " + uri + " answers " + r.statusCode() + " without a verification: "
                    + abbreviate(r.body()));
        }
        err.println("asked the running hub: " + uri);
        err.flush();
        JsonNode problem = json.path("problem");
        boolean intact = json.path("intact").asBoolean();
        String text = problem.isTextual() ? problem.asText() : null;
        if (!intact && text == null) {
            text = "the hub reports the trail broken without saying why";
        }
        return new AuditVerification(json.path("entries").asLong(), Optional.ofNullable(intact ? null : text));
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
