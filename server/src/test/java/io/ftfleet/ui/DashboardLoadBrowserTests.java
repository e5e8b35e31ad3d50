package io.ftfleet.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Page-load figures with 200 registered bots (not running): Navigation Timing of a full load of every main page
 * (Fleet, Bots, one Bot, Strategies, Jobs, Audit) plus the time until the page's data is rendered (a performance mark
 * the page sets once its data is drawn; the audit trail then holds the 200 bots' creation entries). Printed, not asserted: the figures
 * go into docs/BENCHMARKS.md.
 */
@FullStackTest
class DashboardLoadBrowserTests extends BrowserTestSupport {

    static final int BOTS = 200;
    static final int LOADS = 3;

    final List<Long> created = new ArrayList<>();
    String token;

    @AfterEach
    void deleteBots() {
        for (long id : created) {
            api.request("DELETE", "/api/v1/bots/" + id).bearer(token).send();
        }
    }

    @Test
    void recordsPageLoadTimesWithTwoHundredBots() {
        token = api.adminToken();
        String strategy = "UiLoad" + System.nanoTime() % 100_000;
        uploadStrategy(token, strategy);
        for (int i = 0; i < BOTS; i++) {
            created.add(createBot(token, String.format("load-%03d-%d", i, System.nanoTime() % 100_000), strategy));
        }
        signIn("admin", Api.ADMIN_PASSWORD);
        StringBuilder report = new StringBuilder("Dashboard page load with " + BOTS + " bots (ms since navigation start)\n");
        String[][] pages = { { "/", "fleet-rendered" }, { "/bots", "bots-rendered" },
                { "/bots/" + created.get(BOTS / 2), "bot-rendered" }, { "/strategies", "strategies-rendered" },
                { "/jobs", "jobs-rendered" }, { "/audit", "audit-rendered" } };
        for (String[] page : pages) {
            for (int i = 0; i < LOADS; i++) {
                // a full load: the session comes back through the refresh cookie, as when a person opens the URL
                // (via about:blank: a get that differs only in the hash would not load the document again)
                driver.get("about:blank");
                driver.get(base() + "/ui/#" + page[0]);
                await(d -> js("return performance.getEntriesByName(arguments[0]).length", page[1]) instanceof Long n
                        && n > 0);
                @SuppressWarnings("unchecked")
                Map<String, Object> t = (Map<String, Object>) js("const n = performance.getEntriesByType('navigation')[0];"
                        + "return {ttfb: n.responseStart, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                        + " rendered: performance.getEntriesByName(arguments[0])[0].startTime,"
                        + " rows: document.querySelectorAll('[data-testid^=bot-row-]').length}", page[1]);
                report.append(String.format("%-12s load %d: ttfb %5.0f  domContentLoaded %5.0f  load %5.0f  data rendered %5.0f"
                        + "  (bot rows %s)%n", page[0], i + 1, num(t.get("ttfb")), num(t.get("dcl")), num(t.get("load")),
                        num(t.get("rendered")), t.get("rows")));
                if (page[0].equals("/bots")) {
                    assertThat(((Number) t.get("rows")).intValue()).isGreaterThanOrEqualTo(BOTS);
                }
            }
        }
        System.out.println(report);
    }

    static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
