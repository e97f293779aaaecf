package io.gridhub.web.internal;

import java.io.IOException;
import java.io.InputStream;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/** The operator console: one static page that reads the REST API. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern({"/", "/index.html"})
@HttpWhiteboardServletName("gridhub-console")
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (!path.equals("/") && !path.equals("/index.html")) {
            resp.sendError(404, "no page " + path);
            return;
        }
        resp.setContentType("text/html");
        resp.setCharacterEncoding("UTF-8");
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("/console/index.html")) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
