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
 * store cannot take them.
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
            write(
                    resp,
                    404,
                    error(
                            404,
                            "POST /api/v1/ingest/<source>: a source name of letters, digits, '.', '_' "
                                    + "and '-', got '" + source + "'"));
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            write(resp, 413, error(413, "body larger than " + MAX_BODY + " bytes: push in smaller batches"));
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
            Map<String, Object> err = error(400, e.getMessage());
            err.put("problems", e.problems());
            write(resp, 400, err);
        } catch (StoreException e) {
            write(resp, 503, error(503, "not stored, push again: " + e.getMessage()));
        } catch (Exception e) {
            LOG.warn("push of source {} failed", source, e);
            write(resp, 500, error(500, "internal error: " + e));
        }
    }

    private static Map<String, Object> error(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("error", message);
        return m;
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        MappingFiles.JSON.writeValue(resp.getOutputStream(), body);
    }
}
