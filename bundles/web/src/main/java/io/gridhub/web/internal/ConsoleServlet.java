package io.gridhub.web.internal;

import io.gridhub.web.internal.Route.Served;
import io.gridhub.web.internal.Routes.Match;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The operator console: one shell page ({@code console/index.html}) for every page path, so that each page is
 * bookmarkable, and the console's own scripts and style; the shell's scripts draw the page from the REST API. The
 * chart library, Apache ECharts, comes from its WebJar, unpacked into this bundle at build time (see the pom), so the
 * console needs no network beyond the hub. Only the files named here are served, never a path taken from the request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({
    "/",
    "/index.html",
    "/points",
    "/forecasts",
    "/plans",
    "/statements",
    "/approvals",
    "/drills",
    "/strategies",
    "/devices",
    "/quarantine",
    "/anomalies",
    "/audit",
    "/console/*"
})
@HttpWhiteboardServletName("gridhub-console")
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String SHELL = "/console/index.html";
    private static final String JS = "text/javascript";
    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    /** Request path → the resource and its content type. */
    private static final Map<String, String[]> FILES = Map.of(
            "/console/app.js", new String[] {"/console/app.js", JS},
            "/console/pages.js", new String[] {"/console/pages.js", JS},
            "/console/charts.js", new String[] {"/console/charts.js", JS},
            "/console/style.css", new String[] {"/console/style.css", "text/css"},
            "/console/lib/echarts.min.js", new String[] {ECHARTS, JS});

    /**
     * Scripts and styles from the hub only (ECharts writes style attributes into its tooltips: inline styles, never
     * inline scripts); no framing, no sending the page's address to other sites.
     */
    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Match match = (Match) req.getAttribute(AccessFilter.MATCH);
        if (match == null || match.route().served() != Served.CONSOLE) {
            // On "/" this is the context's default servlet: it also gets the paths of servlets not registered yet
            // (the API while the hub starts), which must not answer 200 with the console.
            Json.write(
                    resp,
                    503,
                    Map.of(
                            "status",
                            503,
                            "detail",
                            match == null
                                    ? "the access filter is not active yet: try again"
                                    : match.route().id() + " is not served yet (the hub is starting): try again"));
            return;
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String[] file = path.startsWith("/console/") ? FILES.get(path) : new String[] {SHELL, "text/html"};
        if (file == null) {
            Json.write(resp, 404, Map.of("status", 404, "detail", "no console file " + path));
            return;
        }
        try (InputStream in = ConsoleServlet.class.getResourceAsStream(file[0])) {
            if (in == null) {
                Json.write(resp, 404, Map.of("status", 404, "detail", "the console file " + file[0] + " is missing"));
                return;
            }
            resp.setContentType(file[1]);
            resp.setCharacterEncoding("UTF-8");
            // Revalidated on each load, so a new hub version is seen at once.
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("Content-Security-Policy", POLICY);
            resp.setHeader("X-Content-Type-Options", "nosniff");
            resp.setHeader("Referrer-Policy", "no-referrer");
            in.transferTo(resp.getOutputStream());
        }
    }
}
