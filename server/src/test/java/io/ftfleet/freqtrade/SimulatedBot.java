package io.ftfleet.freqtrade;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

/**
 * One simulated Freqtrade bot as a real process, started exactly like {@code freqtrade trade} (contract 4.1) from
 * the simulator's jar, on 127.0.0.1 and a free port, in its own directory (config, user_data with a strategy,
 * SQLite trade DB, log file). {@link #close()} always ends the process. Reusable by any test:
 *
 * <pre>{@code
 * try (SimulatedBot bot = SimulatedBot.start(tempDir)) {
 *     FreqtradeClient client = new FreqtradeClients(FreqtradeClientSettings.defaults()).forBot(bot.endpoint());
 * }
 * }</pre>
 */
public final class SimulatedBot implements AutoCloseable {

    public static final String USERNAME = "fleet-tester";
    public static final String PASSWORD = "sim-password-1";
    public static final String WS_TOKEN = "sim-ws-token-1";
    public static final String STAKE_CURRENCY = "USDT";
    public static final List<String> PAIRS = List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final int port;

    private SimulatedBot(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** A running dry-run bot that trades every 0.3 s, with force entry enabled. */
    public static SimulatedBot start(Path dir) {
        return start(dir, Map.of(), Map.of());
    }

    /**
     * @param configOverrides top-level config keys to set (e.g. {@code initial_state}, {@code force_entry_enable})
     * @param environment     extra environment, e.g. {@code FTSIM_SLOW_REPLY_MS}
     */
    public static SimulatedBot start(Path dir, Map<String, Object> configOverrides, Map<String, String> environment) {
        try {
            int port = freePort();
            Path userData = Files.createDirectories(dir.resolve("user_data/strategies"));
            Files.writeString(userData.resolve("sample_strategy.py"), STRATEGY);
            Map<String, Object> config = config(port);
            config.putAll(configOverrides);
            Path configFile = dir.resolve("config.json");
            Files.writeString(configFile, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(config));

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                    "trade", "--config", configFile.toString(), "--userdir", dir.resolve("user_data").toString(),
                    "--db-url", "sqlite:///" + dir.resolve("trades.sqlite").toAbsolutePath(),
                    "--logfile", dir.resolve("bot.log").toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
            pb.environment().put("FTSIM_TRADE_INTERVAL_SECONDS", "0.3");
            pb.environment().putAll(environment);
            SimulatedBot bot = new SimulatedBot(pb.start(), dir, port);
            try {
                bot.awaitPing();
            } catch (RuntimeException e) {
                bot.close();
                throw e;
            }
            return bot;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the simulated bot in " + dir, e);
        }
    }

    public BotEndpoint endpoint() {
        return new BotEndpoint(baseUrl(), USERNAME, PASSWORD);
    }

    public BotEndpoint endpointWithPassword(String password) {
        return new BotEndpoint(baseUrl(), USERNAME, password);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return dir.resolve("bot.log");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would: no clean shutdown. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(5);
    }

    /** SIGTERM, then SIGKILL if the bot has not exited within 5 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit(5)) {
                kill();
            }
        }
    }

    /** Waits until {@code GET /api/v1/ping} answers (also after a reload_config). */
    public void awaitPing() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/ping"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("simulated bot exited with " + process.exitValue() + ": " + console());
            }
            try {
                if (http.send(ping, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("simulated bot did not answer /ping within " + START_TIMEOUT + ": " + console());
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String console() {
        try {
            String out = Files.readString(dir.resolve("console.log"));
            return out.length() > 2000 ? out.substring(out.length() - 2000) : out;
        } catch (IOException e) {
            return "(no console output)";
        }
    }

    /** Surefire runs in {@code server/}; the reactor build packages the simulator before the server's tests. */
    static Path jar() {
        Path jar = Path.of("..", "simulator", "target", "freqtrade-sim.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Simulator jar missing at " + jar
                    + "; build it with ./mvnw -q -pl simulator package -DskipTests");
        }
        return jar;
    }

    private static Map<String, Object> config(int port) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bot_name", "fleet-client-test");
        c.put("max_open_trades", 3);
        c.put("stake_currency", STAKE_CURRENCY);
        c.put("stake_amount", "unlimited");
        c.put("tradable_balance_ratio", 0.99);
        c.put("dry_run", true);
        c.put("dry_run_wallet", 1000);
        c.put("timeframe", "5m");
        c.put("stoploss", -0.1);
        c.put("minimal_roi", Map.of("60", 0.01, "30", 0.02, "0", 0.04));
        c.put("initial_state", "running");
        c.put("force_entry_enable", true);
        c.put("strategy", "SampleStrategy");
        c.put("exchange", Map.of("name", "binance", "key", "", "secret", "", "pair_whitelist", PAIRS,
                "pair_blacklist", List.of()));
        c.put("entry_pricing", Map.of("price_side", "same"));
        c.put("exit_pricing", Map.of("price_side", "same"));
        c.put("pairlists", List.of(Map.of("method", "StaticPairList")));
        c.put("internals", Map.of());
        c.put("api_server", Map.of("enabled", true, "listen_ip_address", "127.0.0.1", "listen_port", port,
                "username", USERNAME, "password", PASSWORD, "jwt_secret_key", "sim-jwt-secret-for-tests",
                "ws_token", WS_TOKEN, "CORS_origins", List.of()));
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final String STRATEGY = """
            from pandas import DataFrame
            from freqtrade.strategy import IStrategy


            class SampleStrategy(IStrategy):
                INTERFACE_VERSION = 3
                timeframe = "5m"
                stoploss = -0.1
                minimal_roi = {"0": 0.04}

                def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    return dataframe

                def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe["enter_long"] = 0
                    return dataframe

                def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                    dataframe["exit_long"] = 0
                    return dataframe
            """;
}
