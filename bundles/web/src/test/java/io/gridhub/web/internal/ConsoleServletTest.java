package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.web.internal.FakeHttp.Req;
import io.gridhub.web.internal.FakeHttp.Resp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's servlet: the shell for every page, its own files, and nothing else. */
final class ConsoleServletTest {
    private final ConsoleServlet servlet = new ConsoleServlet();

    private Resp get(String path) throws Exception {
        Req r = new Req("GET", path);
        Routes.match("GET", Route.segments(path)).ifPresent(m -> r.attributes.put(AccessFilter.MATCH, m));
        Resp resp = new Resp();
        servlet.service(r.build(), resp.build());
        return resp;
    }

    @Test
    void everyPagePathAnswersTheShell() throws Exception {
        for (String page : List.of("/", "/points", "/plans", "/approvals", "/drills", "/anomalies", "/audit")) {
            Resp r = get(page);
            assertThat(r.status).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).contains("<script type=\"module\" src=\"/console/app.js\">");
            assertThat(r.headers.get("Content-Security-Policy")).contains("script-src 'self'");
        }
    }

    @Test
    void theConsoleFilesAndTheChartLibraryAreServedFromTheBundle() throws Exception {
        Resp app = get("/console/app.js");
        assertThat(app.status).isEqualTo(200);
        assertThat(app.body()).contains("export async function api(");
        Resp echarts = get("/console/lib/echarts.min.js");
        assertThat(echarts.status).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts").hasSizeGreaterThan(500_000);
        assertThat(get("/console/secret.txt").status).isEqualTo(404);
        assertThat(get("/console/lib/other.js").status).isEqualTo(404);
    }

    @Test
    void anotherServletsPathIsNeverAnsweredWithTheConsole() throws Exception {
        // As the default servlet it gets /api/v1/… while the API servlet is not registered yet: not a 200 page.
        Resp health = get("/api/v1/health");
        assertThat(health.status).isEqualTo(503);
        assertThat(health.body()).doesNotContain("<html");
        Resp unfiltered = new Resp();
        servlet.service(new Req("GET", "/").build(), unfiltered.build());
        assertThat(unfiltered.status).isEqualTo(503);
    }
}
