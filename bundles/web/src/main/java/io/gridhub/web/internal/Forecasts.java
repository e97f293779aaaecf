package io.gridhub.web.internal;

import io.gridhub.api.forecast.PublishedForecast;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The latest forecast of every target: {@code GET /forecasts}. */
final class Forecasts {
    private Forecasts() {}

    static void register(Handlers h, Services hub) {
        h.get("/api/v1/forecasts", c -> {
            List<Map<String, Object>> list =
                    hub.forecasts().latest().stream().map(Forecasts::json).toList();
            return Page.of(c, Page.CATALOG).of("forecasts", list);
        });
    }

    /** One forecast on the wire: what, by whom, when, and the P10/P50/P90 values over one time axis. */
    static Map<String, Object> json(PublishedForecast p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", p.target());
        m.put("kind", p.kind());
        m.put("model", p.strategy());
        m.put("version", p.version());
        m.put("issueTime", p.forecast().p50().issueTime());
        m.put("computedAt", p.computedAt());
        m.put("start", p.forecast().p50().start());
        m.put("step", p.forecast().p50().step());
        m.put("unit", p.forecast().p50().unit());
        m.put("p10", p.forecast().p10().values());
        m.put("p50", p.forecast().p50().values());
        m.put("p90", p.forecast().p90().values());
        return m;
    }
}
