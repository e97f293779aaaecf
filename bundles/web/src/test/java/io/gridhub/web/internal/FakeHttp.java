package io.gridhub.web.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.model.Community;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.testkit.FakeStrategies;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

/** Requests and responses without a server, and do-nothing services, for tests of the filter and the servlet. */
final class FakeHttp {
    private FakeHttp() {}

    /** A request to build. */
    static final class Req {
        final String method;
        final String path;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> params = new HashMap<>();
        final Map<String, Object> attributes = new HashMap<>();
        byte[] body = new byte[0];
        long contentLength = 0;
        String remote = "192.0.2.10";
        InputStream stream;

        Req(String method, String path) {
            this.method = method;
            this.path = path;
            headers.put("Host", "hub.example:8181");
        }

        Req header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Req basic(String user) {
            return header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":pw-" + user).getBytes(StandardCharsets.UTF_8)));
        }

        Req body(String type, String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
            contentLength = body.length;
            return header("Content-Type", type);
        }

        /** A body sent chunked: no Content-Length. */
        Req chunked(String type, byte[] bytes) {
            body = bytes;
            contentLength = -1;
            return header("Content-Type", type);
        }

        Req from(String address) {
            remote = address;
            return this;
        }

        /** The query string of {@link #params}, encoded; null when there are none. */
        String query() {
            List<String> parts = new ArrayList<>();
            new TreeMap<>(params)
                    .forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return parts.isEmpty() ? null : String.join("&", parts);
        }

        Req param(String name, String value) {
            params.put(name, value);
            return this;
        }

        HttpServletRequest build() {
            InputStream in = stream != null ? stream : new ByteArrayInputStream(body);
            ServletInputStream sin = new ServletInputStream() {
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return false;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener l) {}
            };
            return (HttpServletRequest) Proxy.newProxyInstance(
                    FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class},
                    (p, m, a) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getServletPath" -> path;
                        case "getPathInfo" -> null;
                        case "getRequestURI" -> path;
                        case "getHeader" -> headers.get((String) a[0]);
                        case "getContentType" -> headers.get("Content-Type");
                        case "getContentLengthLong" -> contentLength;
                        case "getContentLength" -> (int) contentLength;
                        case "getInputStream" -> sin;
                        case "getRemoteAddr" -> remote;
                        case "getParameter" -> params.get((String) a[0]);
                        case "getQueryString" -> query();
                        case "getAttribute" -> attributes.get((String) a[0]);
                        case "setAttribute" -> attributes.put((String) a[0], a[1]);
                        case "getCharacterEncoding" -> "UTF-8";
                        case "toString" -> method + " " + path;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    /** A response that keeps what was written. */
    static final class Resp {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse build() {
            ServletOutputStream sout = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    out.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {}
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (p, m, a) -> switch (m.getName()) {
                        case "setStatus" -> {
                            status = (int) a[0];
                            yield null;
                        }
                        case "sendError" -> {
                            status = (int) a[0];
                            yield null;
                        }
                        case "setHeader", "addHeader" -> headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> {
                            contentType = (String) a[0];
                            yield null;
                        }
                        case "setCharacterEncoding", "flushBuffer" -> null;
                        case "getOutputStream" -> sout;
                        case "isCommitted" -> false;
                        case "getStatus" -> status;
                        case "reset" -> {
                            out.reset();
                            headers.clear();
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    /**
     * The access filter on the test realm over {@code communities} (no points registered), with the demo guard's
     * files under {@code dir} and {@code audit} as its trail.
     */
    static AccessFilter filter(Path dir, ApiTokens tokens, List<Community> communities, AuditTrail audit) {
        return new AccessFilter(
                        tokens,
                        new Authenticator("karaf", TestRealm.CONFIGURATION),
                        () -> communities,
                        id -> Optional.empty(),
                        new DemoGuard(dir.resolve("users.properties"), dir.resolve("demo-configuration")))
                .audit(audit);
    }

    /** The API servlet over {@code communities} with a fake strategy registry; the other services answer nothing. */
    static ApiServlet servlet(ApiTokens tokens, List<Community> communities, Clock clock) {
        return new ApiServlet(
                nothing(BundleContext.class),
                nothing(SampleBus.class),
                nothing(LatestValues.class),
                nothing(PointRegistry.class),
                () -> communities,
                new FakeStrategies(),
                nothing(DeviceRegistry.class),
                tokens,
                clock);
    }

    /** {@code r} through the access filter to {@code servlet}, as the hub's HTTP server passes it. */
    static Resp through(AccessFilter filter, HttpServlet servlet, Req r) throws Exception {
        Resp resp = new Resp();
        filter.doFilter(
                r.build(),
                resp.build(),
                (rq, rs) -> servlet.service((HttpServletRequest) rq, (HttpServletResponse) rs));
        return resp;
    }

    /** A service that answers every call with nothing: empty lists and optionals, zero, further fakes. */
    @SuppressWarnings("unchecked")
    static <T> T nothing(Class<T> type) {
        return (T) Proxy.newProxyInstance(
                FakeHttp.class.getClassLoader(), new Class<?>[] {type}, (p, m, a) -> switch (m.getName()) {
                    case "equals" -> p == a[0];
                    case "hashCode" -> System.identityHashCode(p);
                    case "toString" -> "nothing " + type.getSimpleName();
                    default -> empty(m.getReturnType());
                });
    }

    private static Object empty(Class<?> t) {
        if (t == void.class) {
            return null;
        } else if (t == boolean.class) {
            return false;
        } else if (t == long.class) {
            return 0L;
        } else if (t == int.class) {
            return 0;
        } else if (t == double.class) {
            return 0.0;
        } else if (t == Optional.class) {
            return Optional.empty();
        } else if (t == List.class || t == Collection.class) {
            return List.of();
        } else if (t == Set.class) {
            return Set.of();
        } else if (t == Map.class) {
            return Map.of();
        } else if (t == String.class) {
            return "";
        } else if (t == Version.class) {
            return Version.emptyVersion;
        } else if (t.isArray()) {
            return Array.newInstance(t.getComponentType(), 0);
        } else if (t.isInterface()) {
            return nothing(t);
        }
        return null;
    }
}
