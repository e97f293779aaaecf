package io.gridhub.camel.internal;

import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/ingest/<source>} with {@code {"readings": [...]}}: answers 200 with the counts only after the
 * samples are committed; 400 (nothing ingested) with the line and reason of each refused reading; 503 when the
 * store cannot take them. Errors are RFC 9457 problems ({@code application/problem+json}), as the REST API's are;
 * a 400 adds {@code problems}.
 */
final class HttpPushServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HttpPushServlet.class);
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final transient IngestEngine engine;

    HttpPushServlet(IngestEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String source = req.getPathInfo() == null ? "" : req.getPathInfo().replaceAll("^/+|/+$", "");
        if (!SOURCE.matcher(source).matches()) {
            problem(
                    req,
                    resp,
                    404,
                    "POST /api/v1/ingest/<source>: a source name of letters, digits, '.', '_' and '-', got '" + source
                            + "'",
                    null);
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            problem(req, resp, 413, "body larger than " + MAX_BODY + " bytes: push in smaller batches", null);
            return;
        }
        try {
            IngestResult r = engine.push(source, body);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("source", source);
            ok.put("published", r.published());
            ok.put("quarantined", r.quarantined());
            ok.put("suppressed", r.suppressed());
            write(resp, 200, ok);
        } catch (SourceParseException e) {
            problem(req, resp, 400, e.getMessage(), e.problems());
        } catch (StoreException e) {
            problem(req, resp, 503, "not stored, push again: " + e.getMessage(), null);
        } catch (Exception e) {
            LOG.warn("push of source {} failed", source, e);
            problem(req, resp, 500, "internal error: " + e, null);
        }
    }

    /** An RFC 9457 problem; {@code problems}, the refused readings of a 400, when not null. */
    private static void problem(
            HttpServletRequest req, HttpServletResponse resp, int status, String detail, Object problems)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put(
                "title",
                switch (status) {
                    case 400 -> "Bad Request";
                    case 404 -> "Not Found";
                    case 413 -> "Content Too Large";
                    case 503 -> "Service Unavailable";
                    default -> "Internal Server Error";
                });
        m.put("status", status);
        m.put("detail", detail);
        m.put("instance", req.getRequestURI());
        if (problems != null) {
            m.put("problems", problems);
        }
        write(resp, status, "application/problem+json", m);
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        write(resp, status, "application/json", body);
    }

    private static void write(HttpServletResponse resp, int status, String type, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(type);
        resp.setCharacterEncoding("UTF-8");
        MappingFiles.JSON.writeValue(resp.getOutputStream(), body);
    }
}
