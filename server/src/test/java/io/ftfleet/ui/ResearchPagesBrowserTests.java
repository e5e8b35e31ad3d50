package io.ftfleet.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The strategies, jobs, audit and users pages in a real Chromium against the whole server with the simulator as
 * Freqtrade. One server for the class; the tests run in order because the later ones look at what the earlier
 * ones made (the backtests compared, the actions found in the audit trail).
 */
@FullStackTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResearchPagesBrowserTests extends BrowserTestSupport {

    private static final String STRATEGY = "ResearchDiffStrat";
    private static Long firstBacktest;
    private static Long secondBacktest;

    @Test
    @Order(1)
    void lineDiffIsMinimalAndRebuildsBothTexts() {
        as("admin", Api.ADMIN_PASSWORD);
        // diff.js against a plain LCS table on many random line lists, in the browser that runs it.
        Object failures = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/ui/js/diff.js').then(({ diffLines, sideBySide, lines }) => {
                  const lcs = (a, b) => {
                    const d = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
                    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--)
                      d[i][j] = a[i] === b[j] ? d[i + 1][j + 1] + 1 : Math.max(d[i + 1][j], d[i][j + 1]);
                    return d[0][0];
                  };
                  let seed = 7;
                  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
                  const gen = () => Array.from({ length: Math.floor(rnd() * 14) }, () => 'abcd'[Math.floor(rnd() * 4)]);
                  const failures = [];
                  for (let t = 0; t < 2000 && failures.length < 3; t++) {
                    const a = gen(), b = gen();
                    const ops = diffLines(a, b);
                    const left = ops.filter(o => o.op !== 'ins').map(o => o.text).join('');
                    const right = ops.filter(o => o.op !== 'del').map(o => o.text).join('');
                    const kept = ops.filter(o => o.op === 'eq').length;
                    if (left !== a.join('') || right !== b.join('') || kept !== lcs(a, b)) failures.push([a, b, ops]);
                  }
                  const rows = sideBySide(diffLines(lines('a\\nb\\nc\\n'), lines('a\\nx\\nc\\nd')));
                  done({ failures: failures.length, example: failures[0] || null,
                    kinds: rows.map(r => r.kind).join(','), lineCount: lines('x\\r\\ny\\n').length });
                }).catch(e => done({ error: String(e) }));
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) failures;
        assertThat(result.get("error")).as(String.valueOf(result)).isNull();
        assertThat(((Number) result.get("failures")).intValue()).as(String.valueOf(result.get("example"))).isZero();
        assertThat(result.get("kinds")).isEqualTo("eq,mod,eq,ins");
        assertThat(((Number) result.get("lineCount")).intValue()).isEqualTo(2);
    }

    @Test
    @Order(2)
    void aStrategyAndANewVersionAreUploadedAndTheirDiffIsShownSideBySide() {
        as("admin", Api.ADMIN_PASSWORD);
        go("#/strategies");
        WebElement code = await(d -> visible(By.cssSelector("[data-testid=strategy-code]")));
        setValue(code, StrategyFixtures.valid(STRATEGY, "-0.10"));
        byTestId("input-note").sendKeys("first cut");
        click(byTestId("strategy-save"));
        awaitContains(By.cssSelector("[data-testid=strategy-versions]"), "first cut");
        assertThat(driver.getCurrentUrl()).endsWith("#/strategies/" + STRATEGY);
        assertThat(byTestId("validation-report").getText()).contains("valid").contains("buy_rsi");

        setValue(byTestId("strategy-code"), StrategyFixtures.valid(STRATEGY, "-0.05"));
        byTestId("input-note").sendKeys("tighter stoploss");
        click(byTestId("strategy-save"));
        await(d -> visible(By.cssSelector("[data-testid=version-row-2]")));
        assertThat(byTestId("strategy-versions").getText()).contains("tighter stoploss").contains("admin");

        // Which bots run which version: a new bot is pinned to the version current when it was made.
        Api.Response bot = api.postJson("/api/v1/bots/", api.adminToken(), "{\"name\":\"research-diff-bot\","
                + "\"strategy_name\":\"" + STRATEGY + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\","
                + "\"stake_amount\":10,\"pair_whitelist\":[\"BTC/USDT\"]}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        go("#/strategies");
        awaitContains(By.cssSelector("[data-testid=strategy-row-" + STRATEGY + "]"), "research-diff-bot");
        go("#/strategies/" + STRATEGY);
        awaitContains(By.cssSelector("[data-testid=strategy-bot-" + bot.json().get("id").asLong() + "]"),
                "v2");
        new Select(byTestId("diff-from")).selectByValue("1");
        new Select(byTestId("diff-to")).selectByValue("2");
        click(byTestId("diff-show"));
        WebElement changed = await(d -> visible(By.cssSelector("[data-testid=strategy-diff] tr[data-kind=mod]")));
        assertThat(changed.getText()).contains("stoploss = -0.10").contains("stoploss = -0.05");
        assertThat(driver.findElements(By.cssSelector("[data-testid=strategy-diff] tr[data-kind=mod]"))).hasSize(1);
        assertThat(byTestId("diff-stats").getText()).contains("+1").contains("−1");
        js("arguments[0].scrollIntoView({block: 'start'})", byTestId("strategy-versions"));
        screenshot("strategies", Viewport.DESKTOP);
        screenshot("strategies", Viewport.PHONE);
    }

    @Test
    @Order(3)
    void aBacktestSubmittedFromTheFormRunsToCompletionWithItsResults() {
        as("admin", Api.ADMIN_PASSWORD);
        // The simulator backtests only pairs with candles on disk: download them first, from the same form.
        go("#/jobs");
        new Select(await(d -> visible(By.cssSelector("[data-testid=submit-kind]")))).selectByValue("download");
        setValue(byTestId("input-pairs"), "BTC/USDT ETH/USDT");
        setValue(byTestId("input-timeframes"), "5m");
        setValue(byTestId("input-days"), "5");
        click(byTestId("submit-job"));
        awaitJobCompleted();

        firstBacktest = submitBacktest("1000");
        assertThat(byTestId("backtest-summary").getText()).contains("Profit").contains("Trades")
                .contains(STRATEGY);
        await(d -> visible(By.cssSelector("[data-testid=equity-chart] canvas")));
        assertThat(byTestId("job-result").getText()).contains("BTC/USDT");
        js("scrollTo(0, 0)");
        screenshot("jobs-backtest", Viewport.DESKTOP);
        screenshot("jobs-backtest", Viewport.PHONE);
    }

    @Test
    @Order(4)
    void twoBacktestsAreComparedInOneTableAndOneChart() {
        as("admin", Api.ADMIN_PASSWORD);
        secondBacktest = submitBacktest("1200");
        go("#/jobs?kind=backtest");
        click(await(d -> visible(By.cssSelector("[data-testid=job-select-" + firstBacktest + "]"))));
        click(byTestId("job-select-" + secondBacktest));
        click(byTestId("compare"));
        WebElement profit = await(d -> visible(By.cssSelector("[data-testid=compare-row-profit_abs]")));
        assertThat(profit.findElements(By.tagName("td"))).hasSize(3);
        assertThat(byTestId("compare-row-dry_run_wallet").getText()).contains("1000").contains("1200");
        WebElement chart = await(d -> visible(By.cssSelector("[data-testid=compare-chart] canvas")));
        assertThat(chart.isDisplayed()).isTrue();
        assertThat(byTestId("compare-chart").getAttribute("data-series")).isEqualTo("2");
        js("arguments[0].scrollIntoView({block: 'end'})", chart);
        screenshot("jobs-compare", Viewport.DESKTOP);
        screenshot("jobs-compare", Viewport.PHONE);
    }

    @Test
    @Order(5)
    void theAuditFilterShowsTheActionsJustMade() {
        as("admin", Api.ADMIN_PASSWORD);
        go("#/audit");
        setValue(await(d -> visible(By.cssSelector("[data-testid=input-action]"))), "job.submitted");
        click(byTestId("audit-apply"));
        await(d -> rowsOfAction("job.submitted") >= 3
                && driver.findElements(By.cssSelector("[data-testid=audit-list] tr[data-action]")).size()
                        == rowsOfAction("job.submitted"));
        // The export route writes what the filter selects: as many entries as the table shows.
        long shown = rowsOfAction("job.submitted");
        click(byTestId("export-csv"));
        await(d -> byTestId("export-status").getText().equals(shown + " entries exported"));
        setValue(byTestId("input-action"), "strategy.version_published");
        setValue(byTestId("input-actor"), "admin");
        click(byTestId("audit-apply"));
        await(d -> rowsOfAction("strategy.version_published", STRATEGY) == 1
                && driver.findElements(By.cssSelector("[data-testid=audit-list] tr[data-action]")).size()
                        == rowsOfAction("strategy.version_published", ""));
        setValue(byTestId("input-actor"), "nobody-like-this");
        click(byTestId("audit-apply"));
        awaitContains(By.cssSelector("[data-testid=audit-list]"), "No entries match.");
        setValue(byTestId("input-actor"), "");
        setValue(byTestId("input-action"), "");
        click(byTestId("audit-apply"));
        await(d -> rowsOfAction("strategy.created", STRATEGY) == 1);
        js("scrollTo(0, 0)");
        screenshot("audit", Viewport.DESKTOP);
        screenshot("audit", Viewport.PHONE);
    }

    @Test
    @Order(6)
    void anAdminCreatesAUserAndAnApiKeyThatIsShownOnce() {
        as("admin", Api.ADMIN_PASSWORD);
        go("#/users");
        await(d -> visible(By.cssSelector("[data-testid=input-username]"))).sendKeys("research-made-user");
        byTestId("input-email").sendKeys("research-made-user@example.com");
        byTestId("input-password").sendKeys("a-long-password-1");
        new Select(byTestId("input-role")).selectByValue("operator");
        click(byTestId("user-create"));
        WebElement row = await(d -> visible(By.cssSelector("[data-testid=user-row-research-made-user]")));
        assertThat(new Select(row.findElement(By.cssSelector("select"))).getFirstSelectedOption().getText())
                .isEqualTo("operator");

        click(row.findElement(By.cssSelector("[data-testid^=user-keys-]")));
        await(d -> visible(By.cssSelector("[data-testid=api-keys] [data-testid=input-name]"))).sendKeys("grafana");
        click(byTestId("api-key-create"));
        String key = await(d -> visible(By.cssSelector("[data-testid=api-key-value]"))).getAttribute("value");
        assertThat(key).isNotBlank();
        assertThat(api.request("GET", "/api/v1/bots").header("X-API-Key", key).send().status())
                .isEqualTo(200);
    }

    @Test
    @Order(7)
    void aViewerSeesTheResearchPagesWithoutWriteControls() {
        api.tokenFor("research-viewer", "viewer");
        as("research-viewer", "password-research-viewer");
        go("#/strategies");
        await(d -> visible(By.cssSelector("[data-testid=strategy-list] table")));
        assertThat(driver.findElements(By.cssSelector("[data-testid=strategy-upload]"))).isEmpty();
        go("#/jobs");
        await(d -> visible(By.cssSelector("[data-testid=job-list]")));
        assertThat(driver.findElements(By.cssSelector("[data-testid=job-form], [data-testid=job-cancel]"))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Fills the backtest form and waits for the job page to show it completed; returns the job id. */
    private long submitBacktest(String wallet) {
        go("#/jobs");
        new Select(await(d -> visible(By.cssSelector("[data-testid=submit-kind]")))).selectByValue("backtest");
        await(d -> !new Select(byTestId("input-strategy_name")).getOptions().isEmpty()
                && new Select(byTestId("input-strategy_name")).getOptions().stream()
                        .anyMatch(o -> STRATEGY.equals(o.getAttribute("value"))));
        new Select(byTestId("input-strategy_name")).selectByValue(STRATEGY);
        setValue(byTestId("input-pairs"), "BTC/USDT ETH/USDT");
        setValue(byTestId("input-timeframe"), "5m");
        setValue(byTestId("input-dry_run_wallet"), wallet);
        click(byTestId("submit-job"));
        await(d -> driver.getCurrentUrl().matches(".*#/jobs/\\d+$"));
        long id = Long.parseLong(driver.getCurrentUrl().replaceAll(".*#/jobs/", ""));
        awaitJobCompleted();
        await(d -> visible(By.cssSelector("[data-testid=backtest-summary]")));
        return id;
    }

    private void awaitJobCompleted() {
        await(d -> driver.getCurrentUrl().matches(".*#/jobs/\\d+$"));
        String id = driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        await(d -> {
            List<WebElement> status = driver.findElements(By.cssSelector("[data-testid=job-status-" + id + "]"));
            if (status.isEmpty()) {
                return false;
            }
            String s = status.get(0).getText();
            assertThat(s).as(driver.findElement(By.cssSelector("[data-testid=job-log]")).getText())
                    .isNotIn("failed", "cancelled");
            return s.equals("completed");
        });
    }

    /** Signs in as this user unless already signed in as them (one browser session for the class, no reloads). */
    private void as(String username, String password) {
        WebElement who = visible(By.cssSelector("[data-testid=whoami]"));
        if (who != null && who.getText().startsWith(username + " ")) {
            return;
        }
        if (who == null) {
            signIn(username, password);
            return;
        }
        driver.findElement(By.cssSelector("[data-testid=logout]")).click();
        await(d -> visible(By.cssSelector("[data-testid=login-username]"))).sendKeys(username);
        driver.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(password);
        driver.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        await(d -> {
            WebElement w = visible(By.cssSelector("[data-testid=whoami]"));
            return w != null && w.getText().startsWith(username + " ");
        });
    }

    private long rowsOfAction(String action) {
        return rowsOfAction(action, "");
    }

    /** Rows of the audit table with this action whose text contains {@code text}. */
    private long rowsOfAction(String action, String text) {
        return driver.findElements(By.cssSelector("[data-testid=audit-list] tr[data-action='" + action + "']"))
                .stream().filter(r -> r.getText().contains(text)).count();
    }

    private void awaitContains(By by, String text) {
        await(d -> {
            WebElement e = visible(by);
            return e != null && e.getText().contains(text);
        });
    }

    /** Clicks in the middle of the viewport, clear of the sticky top bar. */
    private void click(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** Sets a field's value as a paste would (one input event), instead of typing it key by key. */
    private void setValue(WebElement element, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", element, value);
    }
}
