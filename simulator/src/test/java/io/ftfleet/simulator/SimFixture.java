package io.ftfleet.simulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Test helpers: a user dir with the sample strategy, a config on a free port, an in-process bot and an HTTP client. */
final class SimFixture implements AutoCloseable {
    final Path dir;
    final Path userDir;
    final Path configFile;
    final int port;
    final String dbUrl;
    TradeRunner runner;
    final HttpClient http = HttpClient.newHttpClient();

    SimFixture(Path dir, Map<String, Object> overrides) throws IOException {
        this.dir = dir;
        this.userDir = dir.resolve("user_data");
        ConfigLoader.createUserDataDir(userDir.toString(), true);
        Files.writeString(userDir.resolve("strategies/sample_strategy.py"), Strategies.SAMPLE_STRATEGY);
        this.port = freePort();
        this.dbUrl = "sqlite:///" + dir.resolve("tradesv3.dryrun.sqlite");
        Map<String, Object> cfg = MultiBot.configFor("testbot", "127.0.0.1", port, "binance", List.of("BTC/USDT", "ETH/USDT", "SOL/USDT"), "running", dbUrl);
        cfg.remove("strategy");
        cfg.remove("runmode");
        cfg.remove("user_data_dir");
        cfg.remove("db_url");
        cfg.put("api_server", Json.obj("enabled", true, "listen_ip_address", "127.0.0.1", "listen_port", port, "username", "freqtrader",
                "password", "secret", "jwt_secret_key", "jwtkey", "ws_token", "wstoken", "CORS_origins", List.of()));
        Json.deepMerge(overrides, cfg);
        this.configFile = dir.resolve("config.json");
        Files.writeString(configFile, Json.pretty(cfg));
    }

    String[] tradeArgs() {
        return new String[] {"trade", "--config", configFile.toString(), "--strategy", "SampleStrategy", "--userdir", userDir.toString(),
                "--db-url", dbUrl};
    }

    SimFixture start() {
        return start(0.2);
    }

    /** A long interval keeps the simulation from opening or closing trades on its own during a test. */
    SimFixture start(double tradeIntervalSeconds) {
        System.setProperty("FTSIM_TRADE_INTERVAL_SECONDS", Double.toString(tradeIntervalSeconds));
        runner = new TradeRunner(Cli.parse(tradeArgs()), new SimLog(false));
        runner.start();
        return this;
    }

    void stopBot() {
        if (runner != null) runner.shutdown();
        runner = null;
    }

    @Override
    public void close() {
        stopBot();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    String basic() {
        return "Basic " + Base64.getEncoder().encodeToString("freqtrader:secret".getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(String method, String path, String auth, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1" + path));
        if (auth != null) b.header("Authorization", auth);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception { return call("GET", path, basic(), null); }

    HttpResponse<String> post(String path, String body) throws Exception { return call("POST", path, basic(), body); }

    Object json(HttpResponse<String> r) throws IOException { return Json.read(r.body()); }

    /** Waits until at least n closed trades exist (forcing entries/exits if needed). */
    void ensureTrades() throws Exception {
        long deadline = System.currentTimeMillis() + 15000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> t = Json.readMap(get("/trades").body());
            List<Object> open = Json.listOf(json(get("/status")));
            if (((Number) t.get("total_trades")).intValue() >= 2 && !open.isEmpty()) return;
            Thread.sleep(200);
        }
        throw new AssertionError("no trades were simulated");
    }

    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(FreqtradeSim.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
