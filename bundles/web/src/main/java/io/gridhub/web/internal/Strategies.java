package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.strategy.ShadowComparator;
import io.gridhub.api.strategy.ShadowComparison;
import io.gridhub.api.strategy.ShadowFigure;
import io.gridhub.api.strategy.ShadowPoint;
import io.gridhub.api.strategy.StrategyException;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.api.strategy.StrategyTransition;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The strategy lifecycle over REST: {@code GET /strategies} (every version and its state), {@code POST /strategies}
 * (an operator uploads a strategy bundle: it is installed through deploy/ and becomes a candidate), {@code POST
 * /strategies/{role}/{strategy}/{version}/shadow} and {@code .../promote}, {@code POST /strategies/{role}/rollback},
 * and {@code GET /strategies/{role}/comparison} (the shadow against the active one). A promotion that waits for a
 * governance lead answers 202 with the proposal; a refusal is a problem: 404 nothing such, 409 not in a state that
 * allows it or refused (the reason says which).
 */
final class Strategies {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
    static final int MAX_POINTS = 5_000;

    private Strategies() {}

    static void register(
            Handlers h, Services hub, Supplier<Path> deploy, Supplier<List<ShadowComparator>> comparators) {
        StrategyRegistry registry = hub.strategies();
        h.get(
                "/api/v1/strategies",
                c -> Page.of(c, Page.CATALOG)
                        .of(
                                "strategies",
                                registry.strategies().stream()
                                        .map(i -> json(i, registry))
                                        .toList()));
        h.get(
                "/api/v1/strategies/{role}/comparison",
                c -> comparison(role(c), comparators.get(), "true".equals(c.param("points"))));
        h.on("POST", "/api/v1/strategies", c -> Json.write(c.resp(), 202, upload(c, deploy.get(), hub)));
        h.on(
                "POST",
                "/api/v1/strategies/{role}/{strategy}/{version}/shadow",
                c -> answer(c, () -> registry.shadow(role(c), c.decoded("strategy"), c.decoded("version"), who(c))));
        h.on(
                "POST",
                "/api/v1/strategies/{role}/{strategy}/{version}/promote",
                c -> answer(c, () -> registry.promote(role(c), c.decoded("strategy"), c.decoded("version"), who(c))));
        h.on("POST", "/api/v1/strategies/{role}/rollback", c -> answer(c, () -> registry.rollback(role(c), who(c))));
    }

    private interface Step {
        StrategyTransition run() throws StrategyException;
    }

    private static void answer(Call c, Step step) throws IOException {
        StrategyTransition t;
        try {
            t = step.run();
        } catch (StrategyException e) {
            throw new ApiException(e.kind() == StrategyException.Kind.NOT_FOUND ? 404 : 409, e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("strategy", json(t.strategy(), null));
        m.put("pending", t.pending());
        if (t.pending()) {
            m.put("proposal", t.proposalId());
            m.put("approve", "/api/v1/governance/proposals/" + t.proposalId() + "/approve");
        }
        m.put("detail", t.detail());
        Json.write(c.resp(), t.pending() ? 202 : 200, m);
    }

    private static String who(Call c) {
        return c.caller().actor().name();
    }

    static StrategyRole role(Call c) {
        try {
            return StrategyRole.parse(c.decoded("role"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, e.getMessage());
        }
    }

    /** A strategy as the API shows it: states and roles in lower case, with whether promoting it needs approval. */
    static Map<String, Object> json(StrategyInfo i, StrategyRegistry registry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", i.role().name().toLowerCase(Locale.ROOT));
        m.put("name", i.name());
        m.put("version", i.version());
        m.put("state", i.state().name().toLowerCase(Locale.ROOT));
        m.put("active", i.active());
        m.put("bundle", i.bundle());
        m.put("since", i.since());
        m.put("stateSince", i.stateSince());
        m.put("reason", i.reason());
        if (registry != null) {
            m.put("governed", registry.governed(i.role()));
        }
        return m;
    }

    static Map<String, Object> comparison(StrategyRole role, List<ShadowComparator> comparators, boolean points) {
        Optional<ShadowComparator> comparator =
                comparators.stream().filter(x -> x.role() == role).findFirst();
        if (comparator.isEmpty()) {
            throw new ApiException(
                    404, "nothing compares " + role.name().toLowerCase(Locale.ROOT) + " strategies in this hub");
        }
        ShadowComparison s = comparator
                .get()
                .compare()
                .orElseThrow(() -> new ApiException(
                        404,
                        "no " + role.name().toLowerCase(Locale.ROOT) + " strategy has run in shadow yet: put one in "
                                + "shadow (POST /api/v1/strategies/{role}/{strategy}/{version}/shadow)"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role.name().toLowerCase(Locale.ROOT));
        m.put("active", s.active());
        m.put("shadow", s.shadow());
        m.put("from", s.from());
        m.put("to", s.to());
        m.put("cycles", s.cycles());
        m.put("figures", s.figures().stream().map(Strategies::json).toList());
        m.put("note", s.note());
        if (points) {
            // The newest MAX_POINTS values behind the figures: enough for a chart, bounded for the answer.
            List<ShadowPoint> p = s.points();
            m.put("pointsTotal", p.size());
            m.put(
                    "points",
                    p.subList(Math.max(0, p.size() - MAX_POINTS), p.size()).stream()
                            .map(x -> {
                                Map<String, Object> j = new LinkedHashMap<>();
                                j.put("subject", x.subject());
                                j.put("time", x.time());
                                j.put("actual", finite(x.actual()));
                                j.put("active", finite(x.active()));
                                j.put("shadow", finite(x.shadow()));
                                return j;
                            })
                            .toList());
        }
        return m;
    }

    private static Map<String, Object> json(ShadowFigure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("subject", f.subject());
        m.put("unit", f.unit());
        m.put("active", finite(f.active()));
        m.put("shadow", finite(f.shadow()));
        m.put("difference", finite(f.difference()));
        m.put("samples", f.samples());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Installs an uploaded strategy bundle the way a file dropped into deploy/ is: written there under its symbolic
     * name and version, it becomes a candidate once its strategy service registers. Refused: what is not an OSGi
     * bundle (400), a version already there (409).
     */
    private static Map<String, Object> upload(Call c, Path deploy, Services hub) throws IOException {
        byte[] jar = c.bytes();
        Manifest mf;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            mf = in.getManifest();
        } catch (IOException | RuntimeException e) {
            throw new ApiException(400, "the body is not a jar: " + e.getMessage());
        }
        if (mf == null) {
            throw new ApiException(400, "the jar has no META-INF/MANIFEST.MF (or it is not the first entry)");
        }
        Attributes a = mf.getMainAttributes();
        String bsn = Optional.ofNullable(a.getValue("Bundle-SymbolicName"))
                .map(s -> s.split(";")[0].trim())
                .orElseThrow(() -> new ApiException(
                        400, "the jar is not an OSGi bundle: its manifest has no Bundle-SymbolicName"));
        String version = Optional.ofNullable(a.getValue("Bundle-Version"))
                .orElse("0.0.0")
                .trim();
        if (!SAFE.matcher(bsn).matches() || !SAFE.matcher(version).matches()) {
            throw new ApiException(
                    400, "Bundle-SymbolicName and Bundle-Version may hold letters, digits, '.', '_' and '-' only");
        }
        if (deploy == null) {
            throw new ApiException(503, "no deploy directory: the hub does not run in Karaf (karaf.base unset)");
        }
        Files.createDirectories(deploy);
        Path target = deploy.resolve(bsn + "-" + version + ".jar");
        if (Files.exists(target)) {
            throw new ApiException(409, bsn + " " + version + " is deployed already (" + target.getFileName() + ")");
        }
        Path tmp = Files.createTempFile(deploy.getParent() == null ? deploy : deploy.getParent(), bsn, ".upload");
        try {
            Files.write(tmp, jar);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        String who = who(c);
        AuditTrail trail = hub.now().audit();
        if (trail != null) {
            try {
                trail.append(
                        who,
                        "strategy",
                        "strategy.upload",
                        bsn,
                        "deployed",
                        bsn + " " + version + " (" + jar.length + " bytes) into " + target.getFileName());
            } catch (AuditException e) {
                Files.deleteIfExists(target);
                throw new ApiException(
                        503, "not installed: the audit trail refused to record it (" + e.getMessage() + ")");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bundle", bsn);
        m.put("version", version);
        m.put("file", target.getFileName().toString());
        m.put("detail", "installing: its strategy appears in GET /api/v1/strategies as a candidate once it starts");
        return m;
    }
}
