package io.gridhub.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /metrics}: the Prometheus text format 0.0.4, or OpenMetrics 1.0 when the scraper asks for it. Who may
 * read it is the access filter's decision (bundles/web's route table), as for every other route.
 */
final class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /** Writes the metrics in a content type. */
    interface Scrape {
        void write(OutputStream out, String contentType) throws IOException;
    }

    private final transient Scrape scrape;

    MetricsServlet(Scrape scrape) {
        this.scrape = scrape;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String type = contentType(req.getHeader("Accept"));
        resp.setStatus(200);
        resp.setContentType(type);
        resp.setHeader("Cache-Control", "no-store");
        scrape.write(resp.getOutputStream(), type);
    }

    /** OpenMetrics when the Accept header names it, else the classic text format (what every scraper reads). */
    static String contentType(String accept) {
        return accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT;
    }
}
