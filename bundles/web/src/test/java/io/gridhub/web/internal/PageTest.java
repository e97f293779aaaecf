package io.gridhub.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PageTest {
    /** The page that {@code params} ask for on a catalog list at /api/v1/things. */
    static Page page(Map<String, String> params) {
        return page(params, Page.CATALOG);
    }

    static Page page(Map<String, String> params, int defaultLimit) {
        FakeHttp.Req r = new FakeHttp.Req("GET", "/api/v1/things");
        r.params.putAll(params);
        return Page.parse(params::get, defaultLimit, "/api/v1/things", r.query());
    }

    private static final List<Integer> HUNDRED = IntStream.range(0, 100).boxed().toList();

    /** The newest {@code n} of a log of a hundred entries. */
    private static List<Integer> newest(int n) {
        return HUNDRED.subList(0, Math.min(n, HUNDRED.size()));
    }

    @Test
    void aWholeListIsCutIntoPagesWithTheTotalAndTheNextPagesLink() {
        Map<String, Object> first = page(Map.of("limit", "30", "kind", "pv")).of("things", HUNDRED);
        assertThat(first)
                .containsEntry("things", HUNDRED.subList(0, 30))
                .containsEntry("total", 100L)
                .containsEntry("limit", 30)
                .containsEntry("offset", 0)
                .containsEntry("next", "/api/v1/things?kind=pv&limit=30&offset=30");
        assertThat(first.keySet()).containsExactly("things", "total", "limit", "offset", "next");
        Map<String, Object> last = page(Map.of("limit", "30", "offset", "90")).of("things", HUNDRED);
        assertThat(last).containsEntry("things", HUNDRED.subList(90, 100)).containsEntry("next", null);
        assertThat(page(Map.of("offset", "500")).of("things", HUNDRED))
                .containsEntry("things", List.of())
                .containsEntry("total", 100L);
        assertThat(page(Map.of()).of("things", HUNDRED))
                .containsEntry("things", HUNDRED)
                .containsEntry("limit", Page.CATALOG)
                .containsEntry("next", null);
    }

    @Test
    void aLogReadNewestFirstReadsOneMoreThanThePageToKnowWhetherAnotherFollows() {
        List<Integer> asked = new ArrayList<>();
        Map<String, Object> p = page(Map.of("limit", "10", "offset", "85"), Page.LOG)
                .window(
                        "entries",
                        n -> {
                            asked.add(n);
                            return HUNDRED.subList(0, Math.min(n, 100));
                        },
                        null);
        assertThat(asked).containsExactly(96);
        assertThat(p).containsEntry("entries", HUNDRED.subList(85, 95)).doesNotContainKey("total");
        assertThat(p.get("next")).isEqualTo("/api/v1/things?limit=10&offset=95");
        Map<String, Object> end =
                page(Map.of("limit", "10", "offset", "95"), Page.LOG).window("entries", PageTest::newest, 100L);
        assertThat(end).containsEntry("entries", HUNDRED.subList(95, 100)).containsEntry("next", null);
    }

    @Test
    void aBadLimitOrOffsetIsA400NamingIt() {
        for (var bad : List.of(
                Map.of("limit", "ten"),
                Map.of("limit", "0"),
                Map.of("limit", "10001"),
                Map.of("offset", "-1"),
                Map.of("offset", "1e3"),
                Map.of("offset", "99999999999"))) {
            String name = bad.keySet().iterator().next();
            assertThatThrownBy(() -> page(bad))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageStartingWith(name + " must be ");
        }
        assertThatThrownBy(() -> page(Map.of("limit", "10000", "offset", "10001"), Page.LOG)
                        .window("entries", PageTest::newest, null))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageStartingWith("offset must be at most 10000");
    }
}
