package io.ftfleet.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Simulator-only sub-command for scale tests: `freqtrade-sim multi --count N --base-port P --name-prefix bot`
 * serves N bots on ports P..P+N-1 in one JVM. Bot i (1-based) is named <prefix><i>, its API user is
 * <prefix><i>, password <prefix><i>-pass, jwt_secret_key <prefix><i>-jwt, ws_token <prefix><i>-ws.
 * Trades are in memory unless --db-dir is given (then <db-dir>/<name>.sqlite).
 */
public final class MultiBot {
    private MultiBot() {}

    public static Map<String, Object> configFor(String name, String host, int port, String exchange, List<String> pairs, String initialState, String dbUrl) {
        return Json.obj(
                "bot_name", name,
                "max_open_trades", 3,
                "stake_currency", "USDT",
                "stake_amount", "unlimited",
                "tradable_balance_ratio", 0.99,
                "dry_run", true,
                "dry_run_wallet", 1000,
                "timeframe", "5m",
                "stoploss", -0.1,
                "minimal_roi", Json.obj("60", 0.01, "30", 0.02, "0", 0.04),
                "initial_state", initialState,
                "force_entry_enable", true,
                "unfilledtimeout", Json.obj("entry", 10, "exit", 10, "exit_timeout_count", 0, "unit", "minutes"),
                "runmode", "dry_run",
                "strategy", "SampleStrategy",
                "user_data_dir", Path.of("user_data").toAbsolutePath().toString(),
                "exchange", Json.obj("name", exchange, "key", "", "secret", "", "pair_whitelist", new ArrayList<>(pairs), "pair_blacklist", new ArrayList<>()),
                "entry_pricing", Json.obj("price_side", "same"),
                "exit_pricing", Json.obj("price_side", "same"),
                "pairlists", List.of(Json.obj("method", "StaticPairList")),
                "internals", Json.obj(),
                "db_url", dbUrl,
                "api_server", Json.obj("enabled", true, "listen_ip_address", host, "listen_port", port, "username", name,
                        "password", name + "-pass", "jwt_secret_key", name + "-jwt", "ws_token", name + "-ws", "CORS_origins", new ArrayList<>()));
    }

    static int run(Cli.Parsed args, SimLog rootLog) {
        int count = args.get("count") == null ? 10 : (Integer) args.get("count");
        int basePort = args.get("base_port") == null ? 18080 : (Integer) args.get("base_port");
        String prefix = args.str("name_prefix") == null ? "bot" : args.str("name_prefix");
        String host = args.str("listen") == null ? "127.0.0.1" : args.str("listen");
        String exchange = args.str("exchange") == null ? "binance" : args.str("exchange");
        String initial = args.str("initial_state") == null ? "running" : args.str("initial_state");
        List<String> pairs = args.list("pairs") == null ? List.of("BTC/USDT", "ETH/USDT", "SOL/USDT", "XRP/USDT") : args.list("pairs");
        String dbDir = args.str("db_dir");
        List<Bot> bots = new ArrayList<>();
        List<ApiServer> apis = new ArrayList<>();
        List<TradeStore> stores = new ArrayList<>();
        // One JVM standing in for N freqtrade processes on a small machine: thread-per-bot pools and schedulers
        // (about 4 threads a bot) would make the scheduler, not the bots, the bottleneck of a scale test.
        java.util.concurrent.ScheduledExecutorService loops = java.util.concurrent.Executors.newScheduledThreadPool(2, r -> {
            Thread th = new Thread(r, "bot-loops");
            th.setDaemon(true);
            return th;
        });
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(count + 128, 16);
        pool.setName("api");
        pool.setDaemon(true);
        try {
            pool.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the shared API thread pool", e);
        }
        Strategies.Info strategy = new Strategies.Info("SampleStrategy", Path.of("sample_strategy.py"), Path.of("."), "OK",
                Json.obj("timeframe", "5m"), 2, 2);
        for (int i = 1; i <= count; i++) {
            String name = prefix + i;
            String db = dbDir == null ? "sqlite://" : "sqlite:///" + Path.of(dbDir).toAbsolutePath().resolve(name + ".sqlite");
            Map<String, Object> cfg = configFor(name, host, basePort + i - 1, exchange, pairs, initial, db);
            SimLog log = new SimLog(true);
            log.setStderrWarningsOnly(true);
            TradeStore store = new TradeStore(db);
            Bot bot = new Bot(cfg, log, store, strategy);
            bot.useSharedWorker(loops);
            ApiServer api = new ApiServer(bot, pool);
            if (!api.start()) {
                rootLog.error("freqtrade", "Bot " + name + " could not bind port " + (basePort + i - 1));
            }
            bot.start();
            bots.add(bot);
            apis.add(api);
            stores.add(store);
        }
        rootLog.info("freqtrade", "Serving " + count + " simulated bots on " + host + ":" + basePort + "-" + (basePort + count - 1)
                + " (user <name>, password <name>-pass, e.g. " + prefix + "1 / " + prefix + "1-pass)");
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        FreqtradeSim.installSignalShutdown(() -> {
            for (int i = 0; i < bots.size(); i++) {
                bots.get(i).shutdown(true);
                apis.get(i).stop();
                stores.get(i).close();
            }
            rootLog.info("freqtrade", "SIGINT received, aborting ...");
            done.countDown();
        });
        FreqtradeSim.scheduleCrashIfRequested(rootLog);
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }
}
