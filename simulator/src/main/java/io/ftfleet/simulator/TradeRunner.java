package io.ftfleet.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** `freqtrade trade`: config → strategy → validation → DB → API server → worker loop, with reload_config support. */
public final class TradeRunner {
    private final Cli.Parsed args;
    private final SimLog log;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile TradeStore store;
    private volatile Bot bot;
    private volatile ApiServer api;

    public TradeRunner(Cli.Parsed args, SimLog log) {
        this.args = args;
        this.log = log;
    }

    public Bot bot() { return bot; }
    public ApiServer api() { return api; }

    /** Builds the validated trade config (shared by start and reload). */
    Map<String, Object>[] buildConfig() {
        List<String> files = ConfigLoader.configFiles(args, true);
        Map<String, Object> config = ConfigLoader.loadFiles(files, log);
        ConfigLoader.processCommon(config, args, log, true);
        String strategyName = (String) config.get("strategy");
        if (strategyName == null || strategyName.isBlank()) {
            throw FtException.operational("No strategy set. Please use `--strategy` to specify the strategy class to use.");
        }
        Strategies.Info strategy = Strategies.resolve(strategyName, config);
        log.info("freqtrade.resolvers.iresolver", "Using resolved strategy " + strategyName + " from '" + strategy.file() + "'...");
        ConfigLoader.applyStrategy(config, strategy, log);
        boolean dry = Json.bool(config.get("dry_run"), false);
        ConfigLoader.RunMode mode = dry ? ConfigLoader.RunMode.DRY_RUN : ConfigLoader.RunMode.LIVE;
        ConfigLoader.validateSchema(config, mode);
        ConfigLoader.validateConsistency(config, mode);
        String ex = Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), "");
        if (dry) {
            log.info("freqtrade.exchange.exchange", "Instance is running with dry_run enabled");
        }
        log.info("freqtrade.exchange.exchange", "Using CCXT 4.4.20");
        log.info("freqtrade.exchange.exchange", "Using Exchange \"" + Bot.capitalize(ex) + "\"");
        FreqtradeSim.failAtStartIfRequested();
        ConfigLoader.validatePairlists(config);
        @SuppressWarnings("unchecked")
        Map<String, Object>[] out = new Map[] {config, Json.obj("strategy", strategy)};
        return out;
    }

    public void start() {
        Map<String, Object>[] built = buildConfig();
        Map<String, Object> config = built[0];
        Strategies.Info strategy = (Strategies.Info) built[1].get("strategy");
        if (store == null) {
            store = new TradeStore((String) config.get("db_url"));
            log.info("freqtrade.persistence.models", "Using DB: \"" + config.get("db_url") + "\"");
        }
        bot = new Bot(config, log, store, strategy);
        bot.setReloadHandler(this::reload);
        if (Json.bool(Json.mapOrEmpty(config.get("api_server")).get("enabled"), false)) {
            api = new ApiServer(bot);
            api.start();
        }
        bot.start();
    }

    synchronized void reload() {
        log.info("freqtrade.worker", "Reloading configuration ...");
        Bot old = bot;
        old.shutdown(false);
        if (api != null) api.stop();
        api = null;
        try {
            start();
            bot.send(Json.obj("type", "status", "status", "config reloaded"));
        } catch (FtException e) {
            FreqtradeSim.logException(log, e);
            FreqtradeSim.exit(e.exitCode());
        }
    }

    /** Clean shutdown (SIGTERM/SIGINT): Worker.exit() then main logs "SIGINT received, aborting ...". */
    public synchronized void shutdown() {
        if (bot != null) bot.shutdown(true);
        if (api != null) api.stop();
        if (store != null) store.close();
        log.info("freqtrade", "SIGINT received, aborting ...");
        done.countDown();
    }

    public void await() throws InterruptedException {
        done.await();
    }

    static String lower(String s) { return s.toLowerCase(Locale.ROOT); }
}
