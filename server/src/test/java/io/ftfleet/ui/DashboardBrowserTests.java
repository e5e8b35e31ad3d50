package io.ftfleet.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

/** The dashboard in a real browser: sign-in, live state, log follow, emergency stop, viewer rights. */
@FullStackTest
class DashboardBrowserTests extends BrowserTestSupport {

    /** A simulated bot starts a JVM: on a loaded 2-core machine that takes a while. */
    static final Duration START = Duration.ofSeconds(120);

    @Test
    void signInKeepsTheTokenOutOfWebStorageAndTheRefreshCookieOutOfScriptsReach() {
        signIn("admin", Api.ADMIN_PASSWORD);

        assertThat(byTestId("whoami").getText()).isEqualTo("admin (admin)");
        Object storage = js("return JSON.stringify({l: {...localStorage}, s: {...sessionStorage}})");
        assertThat(storage).isEqualTo("{\"l\":{},\"s\":{}}");
        // the refresh cookie exists (the browser got it) but is HttpOnly: invisible to document.cookie
        assertThat(driver.manage().getCookieNamed("ftfleet_refresh")).isNull(); // scoped to /api/v1/auth/ui, not /ui/
        assertThat((String) js("return document.cookie")).doesNotContain("ftfleet_refresh");
        // a reload keeps the session through the cookie alone
        driver.navigate().refresh();
        assertThat(byTestId("whoami").getText()).isEqualTo("admin (admin)");
        await(d -> "connected".equals(js("return document.querySelector('[data-testid=live-status]').dataset.status")));
    }

    @Test
    void botStartedFromTheUiTurnsRunningWithoutAReloadAndItsLogFollows() {
        String token = api.adminToken();
        long id = createBot(token, "ui-start-" + System.nanoTime());
        signIn("admin", Api.ADMIN_PASSWORD);
        go("/bots/" + id);
        awaitText("bot-state", "stopped");
        js("window.__sameDocument = true");

        byTestId("start").click();

        new WebDriverWait(driver, START).until(d -> byTestId("bot-state").getText().trim().equals("running"));
        assertThat(js("return window.__sameDocument === true")).as("no reload").isEqualTo(true);
        assertThat(byTestId("bot-desired").getText()).isEqualTo("running");

        // log: the follow stream is open; a reload of the bot's config writes a line that must appear
        awaitText("log-status", "following");
        byTestId("reload").click();
        new WebDriverWait(driver, START).until(d -> byTestId("log").getText().contains("Reloading configuration"));

        screenshot("bot", Viewport.DESKTOP);
        screenshot("bot", Viewport.PHONE);

        // the bots list: live state, and a bulk stop with a per-bot result
        go("/bots");
        WebElement state = byTestId("bot-state-" + id);
        assertThat(state.getText()).isEqualTo("running");
        screenshot("bots", Viewport.DESKTOP);
        screenshot("bots", Viewport.PHONE);
        byTestId("select-" + id).click();
        byTestId("bulk-stop").click();
        awaitText("result-" + id, "ok");
        new WebDriverWait(driver, START).until(d -> byTestId("bot-state-" + id).getText().trim().equals("stopped"));
    }

    @Test
    void adminTripsTheEmergencyStopAfterTypingTheConfirmation() {
        String token = api.adminToken();
        long id = createBot(token, "ui-emergency-" + System.nanoTime());
        assertThat(api.postJson("/api/v1/bots/" + id + "/start", token, "").status()).isEqualTo(200);
        Await.until(() -> api.get("/api/v1/bots/" + id, token).text("observed_state"), "running"::equals, START);
        signIn("admin", Api.ADMIN_PASSWORD);
        go("/");
        awaitText("trading-state", "enabled");
        screenshot("fleet", Viewport.DESKTOP);
        screenshot("fleet", Viewport.PHONE);

        byTestId("emergency-stop").click();
        WebElement confirm = byTestId("confirm-ok");
        assertThat(confirm.isEnabled()).as("disabled until typed").isFalse();
        byTestId("confirm-input").sendKeys("STOP AL");
        assertThat(confirm.isEnabled()).isFalse();
        byTestId("confirm-input").sendKeys("L");
        confirm.click();

        awaitText("result-" + id, "ok");
        awaitText("trading-state", "disabled");
        Await.until(() -> api.get("/api/v1/bots/" + id, token).json(),
                bot -> "stopped".equals(bot.get("observed_state").asString())
                        && "stopped".equals(bot.get("desired_state").asString()), START);
        assertThat(api.get("/api/v1/emergency/status", token).json().get("enabled").asBoolean()).isFalse();
    }

    @Test
    void viewerSeesNoControlButtonsAndTheApiRefusesThemAnyway() {
        // a viewer sees its own bots only: it creates one as an operator, then an admin makes it a viewer
        String admin = api.adminToken();
        String viewer = "viewer" + (System.nanoTime() % 1_000_000);
        long id = createBot(api.tokenFor(viewer, "operator"), "ui-viewer-" + System.nanoTime());
        long userId = -1;
        for (JsonNode u : api.get("/api/v1/users/", admin).json()) {
            if (u.get("username").asString().equals(viewer)) {
                userId = u.get("id").asLong();
            }
        }
        assertThat(api.request("PATCH", "/api/v1/users/" + userId).bearer(admin).json("{\"role\":\"viewer\"}").send()
                .status()).isEqualTo(200);
        String viewerToken = api.login(viewer, "password-" + viewer).get("access_token").asString();
        signIn(viewer, "password-" + viewer);
        assertThat(byTestId("whoami").getText()).isEqualTo(viewer + " (viewer)");
        go("/bots/" + id);
        awaitText("bot-state", "stopped");
        byTestId("log");
        for (String control : new String[] { "controls", "start", "stop", "pause", "resume", "reload", "edit" }) {
            assertThat(allByTestId(control)).as(control).isEmpty();
        }
        go("/");
        byTestId("trading-state");
        assertThat(allByTestId("emergency-stop")).isEmpty();
        go("/bots");
        byTestId("bots-table");
        assertThat(allByTestId("new-bot")).isEmpty();
        assertThat(allByTestId("bulk-start")).isEmpty();
        assertThat(driver.findElements(By.cssSelector("[data-testid^=select-]"))).isEmpty();
        assertThat(allByTestId("nav-users")).isEmpty();

        assertThat(api.postJson("/api/v1/bots/" + id + "/start", viewerToken, "").status()).isEqualTo(403);
        assertThat(api.postJson("/api/v1/bots/start-all", viewerToken, "{\"ids\":[" + id + "]}").status())
                .isEqualTo(403);
        assertThat(api.postJson("/api/v1/emergency/stop-all", viewerToken, "").status()).isEqualTo(403);
    }
}
