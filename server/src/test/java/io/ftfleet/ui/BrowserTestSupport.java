package io.ftfleet.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.ftfleet.risk.TradingSwitch;
import io.ftfleet.support.Api;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the dashboard's browser tests: the whole server (with simulated bots) on an ephemeral loopback port and a
 * headless Debian Chromium driven by Selenium through Debian's chromedriver (nothing is downloaded). Every subclass
 * has the same Spring configuration, so the UI test classes share one server; each class has one browser. Without
 * the browser the tests are skipped with the install hint.
 */
public abstract class BrowserTestSupport {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration WAIT = Duration.ofSeconds(40);
    static final Path SCREENSHOTS = Path.of("..", "docs", "screenshots");

    /** Desktop 1280 px wide, phone 390 px wide (CSS pixels). */
    public enum Viewport {
        DESKTOP(1280, 900, false), PHONE(390, 844, true);

        final int width;
        final int height;
        final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    protected static ChromeDriver driver;

    @LocalServerPort
    protected int port;
    @Autowired
    protected TradingSwitch tradingSwitch;
    protected Api api;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) {
        Simulator.useAsFreqtrade(registry);
    }

    @BeforeAll
    static void browser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Browser tests skipped: install Debian chromium and chromium-driver "
                        + "(apt-get install -y chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-extensions", "--no-first-run", "--window-size=1280,900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    /** Tests may trip the emergency stop; the next one (of any UI class, same server) starts armed. */
    @AfterEach
    void rearm() {
        if (!tradingSwitch.enabled()) {
            tradingSwitch.rearm("browser-test");
        }
    }

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Opens the dashboard, signs in through the form and waits for the shell. */
    protected void signIn(String username, String password) {
        // all cookies: the refresh cookie's path (/api/v1/auth/ui) hides it from WebDriver's deleteAllCookies on /ui/
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.get(base() + "/ui/");
        WebElement user = await(d -> visible(By.cssSelector("[data-testid=login-username]")));
        user.sendKeys(username);
        driver.findElement(By.cssSelector("[data-testid=login-password]")).sendKeys(password);
        driver.findElement(By.cssSelector("[data-testid=login-submit]")).click();
        await(d -> visible(By.cssSelector("[data-testid=whoami]")));
    }

    /** Navigates inside the app (hash route, no reload: the session stays in memory). */
    protected void go(String hashRoute) {
        js("location.hash = arguments[0]", hashRoute.startsWith("#") ? hashRoute : "#" + hashRoute);
    }

    protected <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    protected WebElement byTestId(String id) {
        return await(d -> visible(By.cssSelector("[data-testid='" + id + "']")));
    }

    protected List<WebElement> allByTestId(String id) {
        return driver.findElements(By.cssSelector("[data-testid='" + id + "']"));
    }

    /** Waits until the element with this test id shows exactly {@code text}. */
    protected void awaitText(String testId, String text) {
        await(d -> {
            WebElement e = visible(By.cssSelector("[data-testid='" + testId + "']"));
            return e != null && e.getText().trim().equals(text) ? e : null;
        });
    }

    protected Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    protected static WebElement visible(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    }

    /** Creates a bot (with its own valid strategy, so it can start) through the API and returns its id. */
    protected long createBot(String token, String name) {
        String strategy = "Ui" + name.replaceAll("[^A-Za-z0-9]", "");
        uploadStrategy(token, strategy);
        return createBot(token, name, strategy);
    }

    protected void uploadStrategy(String token, String className) {
        Api.Response s = api.postJson("/api/v1/strategies/", token, StrategyFixtures.body(className));
        if (s.status() >= 300) {
            throw new AssertionError("upload strategy failed: " + s.status() + " " + s.body());
        }
    }

    protected long createBot(String token, String name, String strategy) {
        Api.Response r = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":"
                + "\"" + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"tags\":[\"ui\"],\"pair_whitelist\":[\"BTC/USDT\",\"ETH/USDT\"]}");
        if (r.status() != 201) {
            throw new AssertionError("create bot failed: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asLong();
    }

    /**
     * Screenshot of the current page at a viewport width into {@code docs/screenshots/<name>-<desktop|phone>.png};
     * the page is given the viewport through device emulation, then restored to desktop.
     */
    protected void screenshot(String name, Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width, "height",
                viewport.height, "deviceScaleFactor", 1, "mobile", viewport.mobile));
        try {
            // one frame for the layout (and the charts' resize observers) to follow the new width
            ((JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.createDirectories(SCREENSHOTS);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + "-" + viewport.name().toLowerCase() + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("screenshot " + name, e);
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }
}
