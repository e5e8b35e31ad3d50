package io.ftfleet.simulator;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One simulated dry-run bot: state machine (contract 1.7), deterministic price walk seeded by the bot
 * name, trade opening/closing at a configurable pace, and the RPC layer behind the REST endpoints
 * (rpc.py) producing the response shapes of the contract samples.
 */
public final class Bot {
    /** The default (2024) flavor's version string, FTSIM_VERSION if set; a bot reports its own flavor's. */
    public static final String VERSION = Flavor.V2024.version();
    static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final String WORKER = "freqtrade.worker";
    static final String RPC_LOG = "freqtrade.rpc.rpc_manager";

    /** PAUSED exists only in the 2025 flavor (Freqtrade 2025.4+); a 2024 bot never enters it. */
    public enum State { RUNNING, PAUSED, STOPPED, RELOAD_CONFIG;
        public String lower() { return name().toLowerCase(Locale.ROOT); }
    }

    private final Map<String, Object> config;
    private final Flavor flavor = Flavor.current();
    private final SimLog log;
    private final TradeStore store;
    private final String botName;
    private final String strategyName;
    private final Strategies.Info strategy;
    private final FreqaiSim.Live freqai;
    private final long seed;
    private final double intervalSeconds;
    private final List<Trade> trades;
    private final Map<String, PriceWalk> walks = new HashMap<>();
    private final List<Map<String, Object>> locks = new ArrayList<>();
    private final List<String> blacklist = new ArrayList<>();
    private volatile State state;
    private volatile Runnable reloadHandler = () -> { };
    private volatile Consumer<Map<String, Object>> messageSink = m -> { };
    private ScheduledExecutorService worker;
    /** multi mode: one small scheduler for all bots instead of a thread per bot (set before start) */
    private ScheduledExecutorService sharedWorker;
    private java.util.concurrent.ScheduledFuture<?> loop;
    private long tick;
    private boolean stopEntry;
    private double maxOpenTrades;
    private Instant lastProcess;
    private Instant botStartup;
    private long lastHeartbeat;
    private int lockIds = 1;

    public Bot(Map<String, Object> config, SimLog log, TradeStore store, Strategies.Info strategy) {
        this.config = config;
        this.log = log;
        this.store = store;
        this.strategy = strategy;
        this.strategyName = Json.str(config.get("strategy"), "SampleStrategy");
        this.freqai = new FreqaiSim.Live(config, strategy, log);
        this.botName = Json.str(config.get("bot_name"), "freqtrade");
        this.seed = fnv(botName);
        this.intervalSeconds = envDouble("FTSIM_TRADE_INTERVAL_SECONDS", 3.0);
        this.trades = store.loadAll();
        this.maxOpenTrades = Json.num(config.get("max_open_trades"), -1);
        for (Object p : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_blacklist"))) blacklist.add(p.toString());
        String t = store.getValue("sim_tick");
        this.tick = t == null ? 0 : Long.parseLong(t);
        if (store.getValue("bot_start_time") == null) {
            store.setValue("bot_start_time", String.valueOf(System.currentTimeMillis()));
        }
        String init = Json.str(config.get("initial_state"), "stopped");
        this.state = State.STOPPED;
        this.pendingInitialState = State.valueOf(init.toUpperCase(Locale.ROOT));
    }

    private final State pendingInitialState;

    static double envDouble(String name, double def) {
        String v = System.getProperty(name, System.getenv(name));
        if (v == null || v.isBlank()) return def;
        try { return Double.parseDouble(v.trim()); } catch (NumberFormatException e) { return def; }
    }

    static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }

    public Map<String, Object> config() { return config; }
    public String botName() { return botName; }
    public State state() { return state; }
    public String version() { return flavor.version(); }
    Flavor flavor() { return flavor; }
    public SimLog log() { return log; }
    public FreqaiSim.Live freqai() { return freqai; }
    public void setReloadHandler(Runnable r) { this.reloadHandler = r; }
    public void setMessageSink(Consumer<Map<String, Object>> sink) { this.messageSink = sink; }

    /** Starts the worker loop and applies initial_state (FreqtradeBot.__init__ + Worker). */
    public void start() {
        log.info(WORKER, "Starting worker " + flavor.version());
        if (sharedWorker == null) {
            worker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "worker-" + botName);
                th.setDaemon(true);
                return th;
            });
        }
        // Freqtrade warns only in dry-run (freqtradebot.py startup); a live bot starts without this message
        if (Json.bool(config.get("dry_run"), false)) {
            send(Json.obj("type", "warning", "status", "Dry run is enabled. All trades are simulated."));
        }
        send(Json.obj("type", "startup", "status", "*Exchange:* `" + exchangeName() + "`\n*Stake per trade:* `" + config.get("stake_amount") + " "
                + config.get("stake_currency") + "`\n*Minimum ROI:* `" + config.get("minimal_roi") + "`\n*Stoploss:* `" + config.get("stoploss")
                + "`\n*Position adjustment:* `Off`\n*Timeframe:* `" + config.get("timeframe") + "`\n*Strategy:* `" + strategyName + "`"));
        send(Json.obj("type", "startup", "status", "Searching for " + config.get("stake_currency") + " pairs to buy and sell based on "
                + pairlistDescription()));
        setState(pendingInitialState);
        long periodMs = Math.max(50, (long) (intervalSeconds * 1000));
        // a fixed-delay task never overlaps itself, so a shared scheduler keeps each bot's loop sequential
        loop = (sharedWorker != null ? sharedWorker : worker).scheduleWithFixedDelay(this::safeProcess,
                Math.min(periodMs, 500), periodMs, TimeUnit.MILLISECONDS);
    }

    /** Multi mode: run this bot's loop on a scheduler shared by all bots of the JVM. */
    public void useSharedWorker(ScheduledExecutorService shared) { this.sharedWorker = shared; }

    String pairlistDescription() {
        StringBuilder sb = new StringBuilder("[");
        for (String m : pairlistMethods()) {
            if (sb.length() > 1) sb.append(", ");
            sb.append("{'").append(m).append("': '").append(m).append("'}");
        }
        return sb.append("]").toString();
    }

    public synchronized void setState(State s) {
        State old = state;
        state = s;
        // entering RUNNING (or PAUSED) from a non-trading state is a start-up; PAUSED <-> RUNNING is not (2025 worker)
        if (trading(s) && !trading(old)) {
            botStartup = Instant.now();
            store.setValue("startup_time", String.valueOf(botStartup.toEpochMilli()));
        }
        if (old != s || s == State.RUNNING) {
            log.info(WORKER, "Changing state" + (old != null && old != s ? " from " + old.name() : "") + " to: " + s.name());
            send(Json.obj("type", "status", "status", s.lower()));
        }
    }

    private static boolean trading(State s) {
        return s == State.RUNNING || s == State.PAUSED;
    }

    /** Worker.exit(): "process died" + cleanup. Open trades stay open. */
    public void shutdown() {
        shutdown(true);
    }

    public void shutdown(boolean processDied) {
        if (processDied) send(Json.obj("type", "status", "status", "process died"));
        freqai.stop();
        if (loop != null) loop.cancel(false);
        if (worker != null) {
            worker.shutdownNow();
            try { worker.awaitTermination(2, TimeUnit.SECONDS); } catch (InterruptedException ignored) { Thread.currentThread().interrupt(); }
        }
        log.info("freqtrade.freqtradebot", "Cleaning up modules ...");
        synchronized (this) {
            long open = trades.stream().filter(t -> t.isOpen).count();
            if (open > 0 && processDied) {
                send(Json.obj("type", "warning", "status", open + " open trades active.\n\nHandle these trades manually on " + exchangeName()
                        + ", or '/start' the bot again and use '/stopentry' to handle open trades gracefully. \nNote: Trades are simulated (dry run)."));
            }
            store.setValue("sim_tick", String.valueOf(tick));
        }
    }

    void send(Map<String, Object> msg) {
        String type = String.valueOf(msg.get("type"));
        if (!List.of("analyzed_df", "whitelist", "new_candle").contains(type)) {
            log.info(RPC_LOG, "Sending rpc message: " + pyRepr(msg));
        }
        try {
            messageSink.accept(msg);
        } catch (RuntimeException ignored) { }
    }

    static String pyRepr(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) sb.append(", ");
                sb.append('\'').append(e.getKey()).append("': ").append(pyRepr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (o instanceof String s) return "'" + s + "'";
        if (o == null) return "None";
        if (o instanceof Boolean b) return b ? "True" : "False";
        return String.valueOf(o);
    }

    // ------------------------------------------------------------------ simulation

    private void safeProcess() {
        try {
            process();
        } catch (Throwable t) {
            log.error(WORKER, "Error in process loop: " + t);
        }
    }

    synchronized void process() {
        long now = System.currentTimeMillis();
        int heartbeat = (int) Json.num(Json.mapOrEmpty(config.get("internals")).get("heartbeat_interval"), 60);
        if (heartbeat > 0 && now - lastHeartbeat >= heartbeat * 1000L) {
            lastHeartbeat = now;
            log.info(WORKER, "Bot heartbeat. PID=" + ProcessHandle.current().pid() + ", version='" + flavor.version() + "', state='" + state.name() + "'");
        }
        // the 2025 worker keeps the loop (exits, analysis) running while paused; only entries are skipped
        if (!trading(state)) return;
        freqai.analyzed();
        tick++;
        SplittableRandom rnd = new SplittableRandom(seed ^ (tick * 0x9E3779B97F4A7C15L));
        for (String p : activeWhitelist()) price(p);
        for (Trade t : new ArrayList<>(trades)) {
            if (!t.isOpen) continue;
            double rate = price(t.pair);
            t.minRate = Math.min(t.minRate, rate);
            t.maxRate = Math.max(t.maxRate, rate);
            double ratio = t.profitRatio(rate);
            double roi = roiFor((now - t.openDate) / 60000.0);
            double stoploss = Json.num(config.get("stoploss"), -0.1);
            String reason = null;
            if (ratio >= roi) reason = "roi";
            else if (ratio <= stoploss) reason = "stop_loss";
            else if (rnd.nextDouble() < 0.35) reason = "exit_signal";
            if (reason != null) closeTrade(t, rate, reason, "limit");
        }
        if (!stopEntry && state == State.RUNNING && rnd.nextDouble() < 0.7) {
            List<String> candidates = new ArrayList<>();
            for (String p : activeWhitelist()) {
                if (trades.stream().noneMatch(t -> t.isOpen && t.pair.equals(p))) candidates.add(p);
            }
            if (!candidates.isEmpty() && (maxOpenTrades < 0 || openCount() < maxOpenTrades)) {
                String pair = candidates.get(rnd.nextInt(candidates.size()));
                Double stake = stakeFor();
                if (stake != null) openTrade(pair, price(pair), stake, rnd.nextDouble() < 0.5 ? null : "sim_signal", "limit");
            }
        }
        lastProcess = Instant.now();
        store.setValue("sim_tick", String.valueOf(tick));
    }

    double roiFor(double minutesOpen) {
        Map<String, Object> roi = Json.mapOrEmpty(config.get("minimal_roi"));
        double best = Double.MAX_VALUE;
        int bestKey = -1;
        for (Map.Entry<String, Object> e : roi.entrySet()) {
            int k;
            try { k = Integer.parseInt(e.getKey()); } catch (NumberFormatException ex) { continue; }
            if (k <= minutesOpen && k > bestKey) {
                bestKey = k;
                best = Json.num(e.getValue(), Double.MAX_VALUE);
            }
        }
        return best;
    }

    long openCount() { return trades.stream().filter(t -> t.isOpen).count(); }

    double closedProfit() {
        return trades.stream().filter(t -> !t.isOpen && t.closeProfitAbs != null).mapToDouble(t -> t.closeProfitAbs).sum();
    }

    double openStakes() { return trades.stream().filter(t -> t.isOpen).mapToDouble(t -> t.stakeAmount).sum(); }

    double wallet() { return Json.num(config.get("dry_run_wallet"), 1000); }

    double startingCapital() {
        if (config.get("available_capital") instanceof Number n) return n.doubleValue();
        return wallet() * Json.num(config.get("tradable_balance_ratio"), 0.99);
    }

    double freeStake() { return wallet() + closedProfit() - openStakes(); }

    /** Stake per new trade (stake_amount, or "unlimited" = available / free slots); null if the wallet is exhausted. */
    Double stakeFor() {
        double available = startingCapital() + closedProfit() - openStakes();
        Object sa = config.get("stake_amount");
        double stake;
        if ("unlimited".equals(sa)) {
            double slots = maxOpenTrades < 0 ? 1 : maxOpenTrades - openCount();
            if (slots <= 0) return null;
            stake = available / slots;
        } else {
            stake = Json.num(sa, 10);
        }
        if (stake <= 0 || stake > available + 1e-9) return null;
        return stake;
    }

    synchronized double price(String pair) {
        return walks.computeIfAbsent(pair, p -> new PriceWalk(seed ^ fnv(p), basePrice(p), driftPerStep())).at(tick);
    }

    /**
     * FTSIM_PRICE_DRIFT_PER_MINUTE (fault injection, default 0): every price also moves by this fraction per minute of
     * simulation steps (-0.2 = prices fall 20 % a minute), on top of the random walk; spread evenly over the steps.
     */
    double driftPerStep() {
        double perMinute = envDouble("FTSIM_PRICE_DRIFT_PER_MINUTE", 0);
        if (perMinute == 0 || perMinute <= -1) return 0;
        return Math.log1p(perMinute) * intervalSeconds / 60.0;
    }

    static double basePrice(String pair) {
        String base = pair.split("/")[0];
        return switch (base) {
            case "BTC" -> 60000.0;
            case "ETH" -> 2500.0;
            case "BNB" -> 550.0;
            case "SOL" -> 150.0;
            case "LTC" -> 70.0;
            case "XRP" -> 0.55;
            case "ADA" -> 0.35;
            case "DOGE" -> 0.12;
            default -> 1 + (Math.abs(fnv(base)) % 10000) / 100.0;
        };
    }

    /** Deterministic random walk: price at step k is a pure function of (seed, k). */
    static final class PriceWalk {
        final long seed;
        final double p0;
        final double drift;
        long k = 0;
        double logPrice;

        PriceWalk(long seed, double p0) {
            this(seed, p0, 0);
        }

        PriceWalk(long seed, double p0, double drift) {
            this.seed = seed;
            this.p0 = p0;
            this.drift = drift;
            this.logPrice = Math.log(p0);
        }

        double at(long target) {
            if (target < k) {
                k = 0;
                logPrice = Math.log(p0);
            }
            while (k < target) {
                k++;
                SplittableRandom r = new SplittableRandom(seed + k * 0xBF58476D1CE4E5B9L);
                logPrice += (r.nextDouble() - 0.5) * 0.02 + drift;
            }
            return round(Math.exp(logPrice), p0 < 1 ? 8 : p0 < 100 ? 5 : 2);
        }
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    double fee() { return config.get("fee") instanceof Number n ? n.doubleValue() : 0.001; }

    synchronized Trade openTrade(String pair, double rate, double stake, String tag, String orderType) {
        long now = System.currentTimeMillis();
        Trade t = new Trade();
        t.id = Math.max(store.nextId(), trades.stream().mapToLong(x -> x.id).max().orElse(0) + 1);
        t.pair = pair;
        t.exchange = exchangeName().toLowerCase(Locale.ROOT);
        t.feeOpen = fee();
        t.feeClose = fee();
        t.openRate = rate;
        t.amount = round(stake / rate / (1 + t.feeOpen) * 1, 8);
        t.amountRequested = t.amount;
        t.stakeAmount = stake;
        t.openDate = now;
        t.minRate = rate;
        t.maxRate = rate;
        double sl = Json.num(config.get("stoploss"), -0.1);
        t.stopLossRatio = sl;
        t.stopLossAbs = round(rate * (1 + sl), 8);
        t.initialStopLossAbs = t.stopLossAbs;
        t.stoplossLastUpdate = now;
        t.strategy = strategyName;
        t.enterTag = tag;
        t.timeframeMin = timeframeMinutes(Json.str(config.get("timeframe"), "5m"));
        Trade.Order o = new Trade.Order();
        o.orderId = "dry_run_buy_" + pair + "_" + String.format(Locale.ROOT, "%.6f", now / 1000.0);
        o.side = "buy";
        o.orderType = orderType;
        o.status = "closed";
        o.amount = t.amount;
        o.price = rate;
        o.orderDate = now;
        o.filledDate = now;
        o.entry = true;
        o.tag = tag;
        t.orders.add(o);
        trades.add(t);
        store.save(t);
        log.info("freqtrade.freqtradebot", "Long signal found: about create a new trade for " + pair + " with stake_amount: " + stake + " ...");
        Map<String, Object> entry = entryMsg("entry", t, rate);
        send(entry);
        send(entryMsg("entry_fill", t, rate));
        return t;
    }

    Map<String, Object> entryMsg(String type, Trade t, double current) {
        return Json.obj("trade_id", t.id, "type", type, "buy_tag", t.enterTag, "enter_tag", t.enterTag, "exchange", capitalize(exchangeName()),
                "pair", t.pair, "leverage", 1.0, "direction", "Long", "limit", t.openRate, "open_rate", t.openRate,
                "order_type", t.orders.get(0).orderType, "stake_amount", t.stakeAmount, "stake_currency", config.get("stake_currency"),
                "base_currency", t.base(), "quote_currency", t.quote(), "fiat_currency", fiat(), "amount", t.amount,
                "open_date", rfc3339(t.openDate), "current_rate", current, "sub_trade", false);
    }

    synchronized void closeTrade(Trade t, double rate, String reason, String orderType) {
        long now = System.currentTimeMillis();
        t.isOpen = false;
        t.closeRate = rate;
        t.closeDate = now;
        t.closeProfit = round(t.profitRatio(rate), 8);
        t.closeProfitAbs = round(t.profitAbs(rate), 8);
        t.exitReason = reason;
        Trade.Order o = new Trade.Order();
        o.orderId = "dry_run_sell_" + t.pair + "_" + String.format(Locale.ROOT, "%.6f", now / 1000.0);
        o.side = "sell";
        o.orderType = orderType;
        o.status = "closed";
        o.amount = t.amount;
        o.price = rate;
        o.orderDate = now;
        o.filledDate = now;
        o.entry = false;
        t.orders.add(o);
        store.save(t);
        log.info("freqtrade.freqtradebot", "Exit for " + t.pair + " detected. Reason: " + reason);
        for (String type : List.of("exit", "exit_fill")) {
            boolean fill = type.equals("exit_fill");
            send(Json.obj("type", type, "trade_id", t.id, "exchange", capitalize(exchangeName()), "pair", t.pair, "leverage", 1.0,
                    "direction", "Long", "gain", t.closeProfitAbs > 0 ? "profit" : "loss", "limit", rate, "order_rate", rate,
                    "order_type", orderType, "amount", t.amount, "open_rate", t.openRate, "close_rate", rate,
                    "current_rate", fill ? null : rate, "profit_amount", t.closeProfitAbs, "profit_ratio", t.closeProfit,
                    "buy_tag", t.enterTag, "enter_tag", t.enterTag, "exit_reason", reason, "open_date", rfc3339(t.openDate),
                    "close_date", rfc3339(now), "stake_amount", t.stakeAmount, "stake_currency", config.get("stake_currency"),
                    "base_currency", t.base(), "quote_currency", t.quote(), "fiat_currency", fiat(), "sub_trade", false,
                    "cumulative_profit", t.closeProfitAbs, "final_profit_ratio", fill ? t.closeProfit : null, "is_final_exit", fill));
        }
    }

    static String capitalize(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    String fiat() {
        String f = Json.str(config.get("fiat_display_currency"), "");
        return f.isEmpty() ? null : f;
    }

    String exchangeName() { return Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), "binance"); }

    static int timeframeMinutes(String tf) {
        if (tf == null || tf.length() < 2) return 0;
        int n = Integer.parseInt(tf.substring(0, tf.length() - 1));
        return switch (tf.charAt(tf.length() - 1)) {
            case 's' -> Math.max(0, n / 60);
            case 'm' -> n;
            case 'h' -> n * 60;
            case 'd' -> n * 1440;
            case 'w' -> n * 10080;
            case 'M' -> n * 43200;
            default -> 0;
        };
    }

    static String dt(long ms) { return DT.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC)); }

    static String rfc3339(long ms) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'").format(LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC));
    }

    static String isoZ(Instant i) {
        return i == null ? null : DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").format(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    List<String> pairlistMethods() {
        List<String> out = new ArrayList<>();
        for (Object p : Json.listOf(config.get("pairlists"))) out.add(Json.str(Json.mapOrEmpty(p).get("method"), ""));
        return out;
    }

    synchronized List<String> activeWhitelist() {
        List<String> wl = new ArrayList<>();
        for (Object p : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_whitelist"))) {
            String s = p.toString();
            if (!isBlacklisted(s) && !wl.contains(s)) wl.add(s);
        }
        return wl;
    }

    boolean isBlacklisted(String pair) {
        for (String b : blacklist) {
            if (b.equals(pair)) return true;
            try {
                if (Pattern.matches(b, pair)) return true;
            } catch (RuntimeException ignored) { }
        }
        return false;
    }

    // ------------------------------------------------------------------ RPC (rpc.py)

    public Map<String, Object> showConfig() {
        Map<String, Object> c = config;
        Object sa = c.get("stake_amount");
        String stakeStr = sa instanceof Number n ? pyStr(n) : String.valueOf(sa);
        String stakeCur = Json.str(c.get("stake_currency"), "");
        String tf = (String) c.get("timeframe");
        Map<String, Object> ot = Json.mapOrEmpty(c.get("order_types"));
        Map<String, Object> orderTypes = Json.obj("entry", ot.getOrDefault("entry", "limit"), "exit", ot.getOrDefault("exit", "limit"),
                "emergency_exit", ot.getOrDefault("emergency_exit", "market"), "force_exit", ot.get("force_exit"),
                "force_entry", ot.get("force_entry"), "stoploss", ot.getOrDefault("stoploss", "limit"),
                "stoploss_on_exchange", Json.bool(ot.get("stoploss_on_exchange"), false),
                "stoploss_on_exchange_interval", ot.get("stoploss_on_exchange_interval"));
        Map<String, Object> ut = Json.map(c.get("unfilledtimeout"));
        Map<String, Object> entryPricing = Json.mapOrEmpty(c.get("entry_pricing"));
        Map<String, Object> ep = Json.obj("price_last_balance", Json.num(entryPricing.get("price_last_balance"), 0.0),
                "use_order_book", Json.bool(entryPricing.get("use_order_book"), false),
                "order_book_top", (int) Json.num(entryPricing.get("order_book_top"), 1),
                "check_depth_of_market", entryPricing.getOrDefault("check_depth_of_market", Json.obj("enabled", false, "bids_to_ask_delta", 1)),
                "price_side", entryPricing.getOrDefault("price_side", "same"));
        Map<String, Object> exitPricing = Json.mapOrEmpty(c.get("exit_pricing"));
        Map<String, Object> xp = Json.obj("use_order_book", Json.bool(exitPricing.get("use_order_book"), false),
                "order_book_top", (int) Json.num(exitPricing.get("order_book_top"), 1),
                "price_side", exitPricing.getOrDefault("price_side", "same"));
        Map<String, Object> roi = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Json.mapOrEmpty(c.get("minimal_roi")).entrySet()) roi.put(e.getKey(), Json.num(e.getValue(), 0.0));
        return Json.obj(
                "version", flavor.version(),
                "strategy_version", null,
                "api_version", flavor.apiVersion,
                "dry_run", Json.bool(c.get("dry_run"), true),
                "trading_mode", Json.str(c.get("trading_mode"), "spot"),
                "short_allowed", !"spot".equals(Json.str(c.get("trading_mode"), "spot")),
                "stake_currency", stakeCur,
                "stake_amount", stakeStr,
                "available_capital", c.get("available_capital") instanceof Number n ? n.doubleValue() : null,
                "stake_currency_decimals", stakeCur.equals("BTC") ? 8 : stakeCur.equals("ETH") ? 5 : 3,
                "max_open_trades", maxOpenTrades,
                "minimal_roi", roi,
                "stoploss", c.get("stoploss") instanceof Number n ? n.doubleValue() : null,
                "stoploss_on_exchange", Json.bool(ot.get("stoploss_on_exchange"), false),
                "trailing_stop", Json.bool(c.get("trailing_stop"), false),
                "trailing_stop_positive", c.get("trailing_stop_positive") instanceof Number n ? n.doubleValue() : null,
                "trailing_stop_positive_offset", Json.num(c.get("trailing_stop_positive_offset"), 0.0),
                "trailing_only_offset_is_reached", Json.bool(c.get("trailing_only_offset_is_reached"), false),
                "unfilledtimeout", ut == null ? null : Json.obj("entry", ut.get("entry"), "exit", ut.get("exit"), "unit", ut.getOrDefault("unit", "minutes"),
                        "exit_timeout_count", ut.getOrDefault("exit_timeout_count", 0)),
                "order_types", orderTypes,
                "use_custom_stoploss", Json.bool(c.get("use_custom_stoploss"), false),
                "timeframe", tf,
                "timeframe_ms", tf == null ? 0L : timeframeMinutes(tf) * 60000L,
                "timeframe_min", tf == null ? 0 : timeframeMinutes(tf),
                "exchange", exchangeName(),
                "strategy", strategyName,
                "force_entry_enable", Json.bool(c.get("force_entry_enable"), false),
                "exit_pricing", xp,
                "entry_pricing", ep,
                "bot_name", botName,
                "state", state.lower(),
                "runmode", Json.str(c.get("runmode"), "dry_run"),
                "position_adjustment_enable", Json.bool(c.get("position_adjustment_enable"), false),
                "max_entry_position_adjustment", (int) Json.num(c.get("max_entry_position_adjustment"), -1));
    }

    static String pyStr(Number n) {
        double d = n.doubleValue();
        if (n instanceof Integer || n instanceof Long) return String.valueOf(n.longValue());
        String s = Double.toString(d);
        if (s.contains("E")) {
            s = new java.math.BigDecimal(d).stripTrailingZeros().toPlainString();
        }
        return s;
    }

    public synchronized List<Object> status() {
        List<Object> out = new ArrayList<>();
        for (Trade t : trades) if (t.isOpen) out.add(openTradeJson(t));
        return out;
    }

    public synchronized Map<String, Object> trade(long id) {
        Trade t = find(id);
        if (t == null) throw ApiError.http(404, "Trade not found.");
        return openTradeJson(t);
    }

    Trade find(long id) {
        for (Trade t : trades) if (t.id == id) return t;
        return null;
    }

    Map<String, Object> tradeSchema(Trade t, boolean toJson) {
        double rate = t.isOpen ? price(t.pair) : t.closeRate;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trade_id", t.id);
        m.put("pair", t.pair);
        m.put("base_currency", t.base());
        m.put("quote_currency", t.quote());
        m.put("is_open", t.isOpen);
        if (!toJson) m.put("is_short", false);
        m.put("exchange", t.exchange);
        m.put("amount", t.amount);
        m.put("amount_requested", t.amountRequested);
        m.put("stake_amount", t.stakeAmount);
        m.put("max_stake_amount", t.stakeAmount);
        m.put("strategy", t.strategy);
        m.put("enter_tag", t.enterTag);
        m.put("timeframe", t.timeframeMin);
        m.put("fee_open", t.feeOpen);
        m.put("fee_open_cost", round(t.amount * t.openRate * t.feeOpen, 12));
        m.put("fee_open_currency", t.quote());
        m.put("fee_close", t.feeClose);
        m.put("fee_close_cost", t.isOpen ? null : round(t.amount * t.closeRate * t.feeClose, 12));
        m.put("fee_close_currency", t.isOpen ? null : t.quote());
        m.put("open_date", dt(t.openDate));
        m.put("open_timestamp", t.openDate);
        m.put("open_fill_date", dt(t.openDate));
        m.put("open_fill_timestamp", t.openDate);
        m.put("open_rate", t.openRate);
        m.put("open_rate_requested", t.openRate);
        m.put("open_trade_value", round(t.openTradeValue(), 8));
        m.put("close_date", t.closeDate == null ? null : dt(t.closeDate));
        m.put("close_timestamp", t.closeDate);
        if (toJson) {
            m.put("realized_profit", t.isOpen ? 0.0 : t.closeProfitAbs);
            m.put("realized_profit_ratio", t.isOpen ? null : t.closeProfit);
        }
        m.put("close_rate", t.closeRate);
        m.put("close_rate_requested", t.closeRate);
        m.put("close_profit", t.closeProfit);
        m.put("close_profit_pct", t.closeProfit == null ? null : round(t.closeProfit * 100, 2));
        m.put("close_profit_abs", t.closeProfitAbs);
        if (toJson) {
            Long dur = t.closeDate == null ? null : (t.closeDate - t.openDate) / 1000;
            m.put("trade_duration_s", dur);
            m.put("trade_duration", dur == null ? null : dur / 60);
        }
        double pr = round(t.profitRatio(rate), 8);
        m.put("profit_ratio", pr);
        m.put("profit_pct", round(pr * 100, 2));
        m.put("profit_abs", round(t.profitAbs(rate), 8));
        if (!toJson) {
            m.put("profit_fiat", null);
            m.put("realized_profit", t.isOpen ? 0.0 : t.closeProfitAbs);
            m.put("realized_profit_ratio", t.isOpen ? null : t.closeProfit);
        }
        m.put("exit_reason", t.exitReason);
        m.put("exit_order_status", t.isOpen ? null : "closed");
        m.put("stop_loss_abs", t.stopLossAbs);
        m.put("stop_loss_ratio", t.stopLossRatio);
        m.put("stop_loss_pct", round(t.stopLossRatio * 100, 2));
        m.put("stoploss_last_update", dt(t.stoplossLastUpdate));
        m.put("stoploss_last_update_timestamp", t.stoplossLastUpdate);
        m.put("initial_stop_loss_abs", t.initialStopLossAbs);
        m.put("initial_stop_loss_ratio", t.stopLossRatio);
        m.put("initial_stop_loss_pct", round(t.stopLossRatio * 100, 2));
        m.put("min_rate", t.minRate);
        m.put("max_rate", t.maxRate);
        if (!toJson) {
            m.put("has_open_orders", false);
            List<Object> orders = new ArrayList<>();
            for (Trade.Order o : t.orders) orders.add(orderSchema(t, o));
            m.put("orders", orders);
        }
        m.put("leverage", 1.0);
        m.put("interest_rate", 0.0);
        m.put("liquidation_price", null);
        if (toJson) m.put("is_short", false);
        if (!toJson) m.put("funding_fees", 0.0);
        m.put("trading_mode", "spot");
        if (toJson) m.put("funding_fees", 0.0);
        m.put("amount_precision", 8.0);
        m.put("price_precision", 8.0);
        m.put("precision_mode", 2);
        if (toJson) {
            m.put("precision_mode_price", 2);
            m.put("contract_size", 1.0);
            m.put("has_open_orders", false);
            List<Object> orders = new ArrayList<>();
            for (Trade.Order o : t.orders) orders.add(orderToJson(t, o));
            m.put("orders", orders);
        }
        return m;
    }

    Map<String, Object> orderSchema(Trade t, Trade.Order o) {
        return Json.obj("pair", t.pair, "order_id", o.orderId, "status", o.status, "remaining", 0.0, "amount", o.amount,
                "safe_price", o.price, "cost", round(o.amount * o.price, 10), "filled", o.amount, "ft_order_side", o.side,
                "order_type", o.orderType, "is_open", false, "order_timestamp", o.orderDate, "order_filled_timestamp", o.filledDate,
                "ft_fee_base", null, "ft_order_tag", o.tag);
    }

    Map<String, Object> orderToJson(Trade t, Trade.Order o) {
        return Json.obj("amount", o.amount, "safe_price", o.price, "ft_order_side", o.side, "order_filled_timestamp", o.filledDate,
                "ft_is_entry", o.entry, "ft_order_tag", o.tag, "pair", t.pair, "order_id", o.orderId, "status", o.status,
                "average", o.price, "cost", round(o.amount * o.price, 10), "filled", o.amount, "is_open", false,
                "order_date", dt(o.orderDate), "order_timestamp", o.orderDate,
                "order_filled_date", o.filledDate == null ? null : dt(o.filledDate), "order_type", o.orderType, "price", o.price,
                "remaining", 0.0, "ft_fee_base", null, "funding_fee", 0.0);
    }

    Map<String, Object> openTradeJson(Trade t) {
        Map<String, Object> m = tradeSchema(t, false);
        double current = t.isOpen ? price(t.pair) : t.closeRate;
        double dist = t.stopLossAbs - current;
        m.put("stoploss_current_dist", round(dist, 10));
        m.put("stoploss_current_dist_pct", round(dist / current * 100, 2));
        m.put("stoploss_current_dist_ratio", round(dist / current, 8));
        m.put("stoploss_entry_dist", round(t.profitAbs(t.stopLossAbs), 8));
        m.put("stoploss_entry_dist_ratio", round(t.profitRatio(t.stopLossAbs), 8));
        m.put("current_rate", current);
        m.put("total_profit_abs", t.isOpen ? round(t.profitAbs(current), 8) : 0.0);
        m.put("total_profit_fiat", null);
        m.put("total_profit_ratio", t.isOpen ? round(t.profitRatio(current), 8) : null);
        return m;
    }

    public synchronized Map<String, Object> trades(int limit, int offset) {
        return trades(limit, offset, true);
    }

    /** {@code orderById} false (2025.4+ only) pages newest close first, as 2.40 did only for {@code limit=0}. */
    public synchronized Map<String, Object> trades(int limit, int offset, boolean orderById) {
        List<Trade> closed = new ArrayList<>();
        for (Trade t : trades) if (!t.isOpen) closed.add(t);
        List<Trade> page;
        if (limit != 0 && orderById) {
            closed.sort(Comparator.comparingLong(t -> t.id));
            page = closed.stream().skip(Math.max(0, offset)).limit(limit).toList();
        } else {
            closed.sort(Comparator.comparingLong((Trade t) -> t.closeDate).reversed());
            page = limit == 0 ? closed.stream().skip(Math.max(0, offset)).toList()
                    : closed.stream().skip(Math.max(0, offset)).limit(limit).toList();
        }
        List<Object> out = new ArrayList<>();
        for (Trade t : page) out.add(tradeSchema(t, true));
        return Json.obj("trades", out, "trades_count", out.size(), "offset", offset, "total_trades", closed.size());
    }

    public synchronized Map<String, Object> count() {
        requireTraderForExits();
        double total = trades.stream().filter(t -> t.isOpen).mapToDouble(t -> t.openRate * t.amount).sum();
        return Json.obj("current", (int) openCount(), "max", maxOpenTrades < 0 ? -1 : (int) maxOpenTrades, "total_stake", round(total, 8));
    }

    public synchronized Map<String, Object> profit() {
        List<Trade> closed = trades.stream().filter(t -> !t.isOpen).toList();
        double start = startingCapital();
        double closedCoin = 0, closedRatioSum = 0, allCoin = 0, allRatioSum = 0, winProfit = 0, lossProfit = 0, volume = 0;
        int wins = 0, losses = 0;
        long durSum = 0;
        for (Trade t : trades) {
            double rate = t.isOpen ? price(t.pair) : t.closeRate;
            double pa = t.isOpen ? t.profitAbs(rate) : t.closeProfitAbs;
            double pr = t.isOpen ? t.profitRatio(rate) : t.closeProfit;
            allCoin += pa;
            allRatioSum += pr;
            for (Trade.Order o : t.orders) volume += o.amount * o.price;
            if (!t.isOpen) {
                closedCoin += pa;
                closedRatioSum += pr;
                durSum += t.closeDate - t.openDate;
                if (pa > 0) { wins++; winProfit += pa; }
                else if (pa < 0) { losses++; lossProfit += pa; }
            }
        }
        int nClosed = closed.size();
        int nAll = trades.size();
        double closedMean = nClosed == 0 ? 0 : closedRatioSum / nClosed;
        double allMean = nAll == 0 ? 0 : allRatioSum / nAll;
        double winrate = nClosed == 0 ? 0 : (double) wins / nClosed;
        double avgWin = wins == 0 ? 0 : winProfit / wins;
        double avgLoss = losses == 0 ? 0 : -lossProfit / losses;
        double loserate = nClosed == 0 ? 0 : (double) losses / nClosed;
        double expectancy = winrate * avgWin - loserate * avgLoss;
        double expectancyRatio = avgLoss == 0 ? 100.0 : (1 + avgWin / avgLoss) * winrate - 1;
        // drawdown over cumulative closed profit, ordered by close date
        List<Trade> byClose = new ArrayList<>(closed);
        byClose.sort(Comparator.comparingLong(t -> t.closeDate));
        double cum = 0, peak = 0, maxDd = 0, maxDdAbs = 0;
        long ddStart = 0, ddEnd = 0, peakDate = 0;
        for (Trade t : byClose) {
            cum += t.closeProfitAbs;
            if (cum > peak || peakDate == 0) { if (cum >= peak) { peak = cum; peakDate = t.closeDate; } }
            double ddAbs = peak - cum;
            if (ddAbs > maxDdAbs) {
                maxDdAbs = ddAbs;
                maxDd = ddAbs / (start + peak);
                ddStart = peakDate;
                ddEnd = t.closeDate;
            }
        }
        Map<String, double[]> perPair = performanceMap("pair");
        String bestPair = "";
        double bestRatio = 0;
        for (Map.Entry<String, double[]> e : perPair.entrySet()) {
            if (bestPair.isEmpty() || e.getValue()[0] > bestRatio) {
                bestPair = e.getKey();
                bestRatio = e.getValue()[0];
            }
        }
        long first = trades.isEmpty() ? 0 : trades.stream().mapToLong(t -> t.openDate).min().getAsLong();
        long latest = trades.isEmpty() ? 0 : trades.stream().mapToLong(t -> t.openDate).max().getAsLong();
        long botStart = botStartTs();
        return Json.obj(
                "profit_closed_coin", round(closedCoin, 8),
                "profit_closed_percent_mean", round(closedMean * 100, 2),
                "profit_closed_ratio_mean", round(closedMean, 8),
                "profit_closed_percent_sum", round(closedRatioSum * 100, 2),
                "profit_closed_ratio_sum", round(closedRatioSum, 8),
                "profit_closed_percent", round(closedCoin / start * 100, 2),
                "profit_closed_ratio", closedCoin / start,
                "profit_closed_fiat", 0.0,
                "profit_all_coin", round(allCoin, 8),
                "profit_all_percent_mean", round(allMean * 100, 2),
                "profit_all_ratio_mean", round(allMean, 8),
                "profit_all_percent_sum", round(allRatioSum * 100, 2),
                "profit_all_ratio_sum", round(allRatioSum, 8),
                "profit_all_percent", round(allCoin / start * 100, 2),
                "profit_all_ratio", allCoin / start,
                "profit_all_fiat", 0.0,
                "trade_count", nAll,
                "closed_trade_count", nClosed,
                "first_trade_date", first == 0 ? "" : dt(first),
                "first_trade_humanized", first == 0 ? "" : humanize(first),
                "first_trade_timestamp", first,
                "latest_trade_date", latest == 0 ? "" : dt(latest),
                "latest_trade_humanized", latest == 0 ? "" : humanize(latest),
                "latest_trade_timestamp", latest,
                "avg_duration", nClosed == 0 ? "0:00:00" : duration((durSum / nClosed) / 1000),
                "best_pair", bestPair,
                "best_rate", round(bestRatio * 100, 2),
                "best_pair_profit_ratio", bestRatio,
                "winning_trades", wins,
                "losing_trades", losses,
                "profit_factor", lossProfit == 0 ? null : winProfit / -lossProfit,
                "winrate", winrate,
                "expectancy", expectancy,
                "expectancy_ratio", expectancyRatio,
                "max_drawdown", maxDd,
                "max_drawdown_abs", maxDdAbs,
                "max_drawdown_start", ddStart == 0 ? "" : dt(ddStart),
                "max_drawdown_start_timestamp", ddStart,
                "max_drawdown_end", ddEnd == 0 ? "" : dt(ddEnd),
                "max_drawdown_end_timestamp", ddEnd,
                "trading_volume", round(volume, 8),
                "bot_start_timestamp", botStart,
                "bot_start_date", botStart == 0 ? "" : dt(botStart));
    }

    long botStartTs() {
        long first = trades.isEmpty() ? 0 : trades.stream().mapToLong(t -> t.openDate).min().getAsLong();
        if (first > 0) return first;
        String v = store.getValue("bot_start_time");
        return v == null ? 0 : Long.parseLong(v);
    }

    static String duration(long seconds) {
        long days = seconds / 86400;
        long rem = seconds % 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rem / 3600, (rem % 3600) / 60, rem % 60);
        return days > 0 ? days + (days == 1 ? " day, " : " days, ") + hms : hms;
    }

    static String humanize(long ms) {
        long s = Math.max(0, (System.currentTimeMillis() - ms) / 1000);
        if (s < 10) return "just now";
        if (s < 45) return s + " seconds ago";
        if (s < 90) return "a minute ago";
        if (s < 2700) return Math.max(2, Math.round(s / 60.0)) + " minutes ago";
        if (s < 5400) return "an hour ago";
        if (s < 79200) return Math.max(2, Math.round(s / 3600.0)) + " hours ago";
        if (s < 129600) return "a day ago";
        return Math.max(2, Math.round(s / 86400.0)) + " days ago";
    }

    /** key → [profit_ratio sum, profit_abs sum, count] over closed trades. */
    Map<String, double[]> performanceMap(String by) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Trade t : trades) {
            if (t.isOpen) continue;
            String key = switch (by) {
                case "enter_tag" -> t.enterTag == null ? "Other" : t.enterTag;
                case "exit_reason" -> t.exitReason == null ? "Other" : t.exitReason;
                case "mix_tag" -> (t.enterTag == null ? "Other" : t.enterTag) + " " + (t.exitReason == null ? "Other" : t.exitReason);
                default -> t.pair;
            };
            double[] v = m.computeIfAbsent(key, k -> new double[3]);
            v[0] += t.closeProfit;
            v[1] += t.closeProfitAbs;
            v[2] += 1;
        }
        return m;
    }

    public synchronized List<Object> performance(String by, String pairFilter) {
        Map<String, double[]> m = new LinkedHashMap<>();
        if (pairFilter != null) {
            for (Trade t : trades) if (!t.isOpen && t.pair.equals(pairFilter)) { /* filter below */ }
        }
        m = performanceMap(by);
        if (pairFilter != null && !by.equals("pair")) {
            Map<String, double[]> filtered = new LinkedHashMap<>();
            for (Trade t : trades) {
                if (t.isOpen || !t.pair.equals(pairFilter)) continue;
                String key = by.equals("enter_tag") ? (t.enterTag == null ? "Other" : t.enterTag)
                        : by.equals("exit_reason") ? (t.exitReason == null ? "Other" : t.exitReason)
                        : (t.enterTag == null ? "Other" : t.enterTag) + " " + (t.exitReason == null ? "Other" : t.exitReason);
                double[] v = filtered.computeIfAbsent(key, k -> new double[3]);
                v[0] += t.closeProfit;
                v[1] += t.closeProfitAbs;
                v[2] += 1;
            }
            m = filtered;
        }
        List<Map.Entry<String, double[]>> entries = new ArrayList<>(m.entrySet());
        entries.sort((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]));
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : entries) {
            double ratio = round(e.getValue()[0], 8);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(by, e.getKey());
            if (by.equals("pair")) row.put("profit", round(ratio * 100, 2));
            row.put("profit_ratio", ratio);
            row.put("profit_pct", round(ratio * 100, 2));
            row.put("profit_abs", round(e.getValue()[1], 8));
            row.put("count", (int) e.getValue()[2]);
            out.add(row);
        }
        return out;
    }

    public synchronized Map<String, Object> stats() {
        Map<String, Object> reasons = new LinkedHashMap<>();
        List<Long> w = new ArrayList<>(), d = new ArrayList<>(), l = new ArrayList<>();
        for (Trade t : trades) {
            if (t.isOpen) continue;
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) reasons.computeIfAbsent(t.exitReason, k -> Json.obj("wins", 0, "losses", 0, "draws", 0));
            String k = t.closeProfitAbs > 0 ? "wins" : t.closeProfitAbs < 0 ? "losses" : "draws";
            r.put(k, (Integer) r.get(k) + 1);
            long dur = (t.closeDate - t.openDate) / 1000;
            (k.equals("wins") ? w : k.equals("losses") ? l : d).add(dur);
        }
        return Json.obj("exit_reasons", reasons, "durations", Json.obj("wins", avg(w), "draws", avg(d), "losses", avg(l)));
    }

    static Double avg(List<Long> l) { return l.isEmpty() ? null : l.stream().mapToLong(x -> x).average().getAsDouble(); }

    public synchronized Map<String, Object> balance() {
        String stake = Json.str(config.get("stake_currency"), "USDT");
        List<Object> currencies = new ArrayList<>();
        double free = freeStake();
        double used = openStakes();
        double total = 0;
        double stakeBal = free + used;
        double tbr = Json.num(config.get("tradable_balance_ratio"), 0.99);
        double stakeOwned = (free + used) * tbr;
        total += free + used;
        currencies.add(Json.obj("currency", stake, "free", round(free, 8), "balance", round(stakeBal, 8), "used", round(used, 8),
                "bot_owned", round(stakeOwned, 8), "est_stake", round(stakeBal, 8), "est_stake_bot", round(stakeOwned, 8), "stake", stake,
                "side", "long", "is_position", false, "position", 0.0, "is_bot_managed", true));
        double totalBot = stakeOwned;
        Map<String, double[]> coins = new LinkedHashMap<>();
        for (Trade t : trades) {
            if (!t.isOpen) continue;
            double[] v = coins.computeIfAbsent(t.base(), k -> new double[2]);
            v[0] += t.amount;
            v[1] += t.amount * price(t.pair);
        }
        for (Map.Entry<String, double[]> e : coins.entrySet()) {
            double est = round(e.getValue()[1], 8);
            currencies.add(Json.obj("currency", e.getKey(), "free", e.getValue()[0], "balance", e.getValue()[0], "used", 0.0,
                    "bot_owned", e.getValue()[0], "est_stake", est, "est_stake_bot", est, "stake", stake, "side", "long",
                    "is_position", false, "position", 0.0, "is_bot_managed", true));
            total += est - 0; // value of coins held
            totalBot += est;
        }
        // stake used in open trades is represented by the coins, not counted twice
        total -= used;
        double start = startingCapital();
        double ratio = start == 0 ? 0 : totalBot / start - 1;
        return Json.obj("currencies", currencies, "total", round(total, 8), "total_bot", round(totalBot, 8), "symbol", Json.str(fiat(), ""),
                "value", 0.0, "value_bot", 0.0, "stake", stake, "note", Json.bool(config.get("dry_run"), true) ? "Simulated balances" : "",
                "starting_capital", start, "starting_capital_ratio", ratio, "starting_capital_pct", round(ratio * 100, 2),
                "starting_capital_fiat", 0.0, "starting_capital_fiat_ratio", 0.0, "starting_capital_fiat_pct", 0.0);
    }

    public synchronized Map<String, Object> timeunit(String unit, int timescale) {
        if (timescale <= 0) throw ApiError.rpc("timescale must be an integer greater than 0");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate periodStart = switch (unit) {
            case "weeks" -> today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "months" -> today.withDayOfMonth(1);
            default -> today;
        };
        List<Object> data = new ArrayList<>();
        double start = startingCapital();
        for (int i = 0; i < timescale; i++) {
            LocalDate from = switch (unit) {
                case "weeks" -> periodStart.minusWeeks(i);
                case "months" -> periodStart.minusMonths(i);
                default -> periodStart.minusDays(i);
            };
            LocalDate to = switch (unit) {
                case "weeks" -> from.plusWeeks(1);
                case "months" -> from.plusMonths(1);
                default -> from.plusDays(1);
            };
            long fromMs = from.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            long toMs = to.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            double abs = 0;
            double before = 0;
            int count = 0;
            for (Trade t : trades) {
                if (t.isOpen) continue;
                if (t.closeDate >= fromMs && t.closeDate < toMs) { abs += t.closeProfitAbs; count++; }
                if (t.closeDate < fromMs) before += t.closeProfitAbs;
            }
            double sb = start + before;
            data.add(Json.obj("date", from.toString(), "abs_profit", round(abs, 8), "rel_profit", sb == 0 ? 0.0 : round(abs / sb, 8),
                    "starting_balance", round(sb, 8), "fiat_value", 0.0, "trade_count", count));
        }
        return Json.obj("data", data, "fiat_display_currency", Json.str(config.get("fiat_display_currency"), ""),
                "stake_currency", Json.str(config.get("stake_currency"), ""));
    }

    public synchronized Map<String, Object> locks() {
        List<Object> l = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map<String, Object> lock : locks) {
            Map<String, Object> c = new LinkedHashMap<>(lock);
            c.put("active", ((Number) lock.get("lock_end_timestamp")).longValue() > now);
            l.add(c);
        }
        return Json.obj("lock_count", l.size(), "locks", l);
    }

    public synchronized Map<String, Object> addLocks(List<Object> body) {
        for (Object o : body) {
            Map<String, Object> m = Json.mapOrEmpty(o);
            Object pair = m.get("pair");
            Object until = m.get("until");
            if (pair == null || until == null) throw ApiError.http(422, List.of(Json.obj("type", "missing", "loc", List.of("body"), "msg", "Field required")));
            long end;
            try {
                end = java.time.OffsetDateTime.parse(until.toString()).toInstant().toEpochMilli();
            } catch (RuntimeException e) {
                throw ApiError.http(422, List.of(Json.obj("type", "datetime_from_date_parsing", "loc", List.of("body", "until"), "msg", "Input should be a valid datetime")));
            }
            long now = System.currentTimeMillis();
            locks.add(Json.obj("id", lockIds++, "active", true, "lock_end_time", dt(end), "lock_end_timestamp", end, "lock_time", dt(now),
                    "lock_timestamp", now, "pair", pair.toString(), "side", Json.str(m.get("side"), "*"), "reason", m.get("reason")));
        }
        return locks();
    }

    public synchronized Map<String, Object> deleteLock(Long id, String pair) {
        locks.removeIf(l -> (id != null && ((Number) l.get("id")).longValue() == id) || (pair != null && pair.equals(l.get("pair"))));
        return locks();
    }

    public synchronized Map<String, Object> whitelist() {
        List<String> wl = new ArrayList<>(activeWhitelist());
        for (Trade t : trades) if (t.isOpen && !wl.contains(t.pair)) wl.add(t.pair);
        return Json.obj("whitelist", wl, "length", wl.size(), "method", pairlistMethods());
    }

    public synchronized Map<String, Object> blacklist(List<String> add, List<String> remove) {
        Map<String, Object> errors = new LinkedHashMap<>();
        String stake = Json.str(config.get("stake_currency"), "");
        if (add != null) {
            for (String p : add) {
                if (blacklist.contains(p)) {
                    errors.put(p, Json.obj("error_msg", "Pair " + p + " already in pairlist."));
                } else if (p.contains("/") && !p.contains("*") && !p.contains(".") && !p.endsWith("/" + stake) && !p.contains("/" + stake + ":")) {
                    errors.put(p, Json.obj("error_msg", "Pair " + p + " does not match stake currency."));
                } else {
                    blacklist.add(p);
                }
            }
        }
        if (remove != null) {
            for (String p : remove) {
                if (!blacklist.remove(p)) errors.put(p, Json.obj("error_msg", "Pair " + p + " is not in the current blacklist."));
            }
        }
        List<String> expanded = new ArrayList<>();
        List<String> universe = new ArrayList<>();
        for (Object p : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_whitelist"))) universe.add(p.toString());
        for (String b : blacklist) {
            boolean wildcard = b.contains("*") || b.contains(".") || b.contains("[");
            if (!wildcard) {
                if (!expanded.contains(b)) expanded.add(b);
                continue;
            }
            for (String u : universe) {
                try {
                    if (Pattern.matches(b, u) && !expanded.contains(u)) expanded.add(u);
                } catch (RuntimeException ignored) { }
            }
        }
        if (add != null && !add.isEmpty()) send(Json.obj("type", "whitelist", "data", activeWhitelist()));
        return Json.obj("blacklist", new ArrayList<>(blacklist), "blacklist_expanded", expanded, "errors", errors,
                "length", blacklist.size(), "method", pairlistMethods());
    }

    public Map<String, Object> logs(Integer limit) {
        List<Object> l = new ArrayList<>();
        for (SimLog.Rec r : log.records(limit)) l.add(Json.list(r.time(), r.epochMs(), r.name(), r.level(), r.msg()));
        return Json.obj("log_count", l.size(), "logs", l);
    }

    public synchronized Map<String, Object> startBot() {
        if (state == State.RUNNING) return Json.obj("status", "already running");
        setState(State.RUNNING);
        return Json.obj("status", "starting trader ...");
    }

    public synchronized Map<String, Object> stopBot() {
        // 2.40 stops only a running trader; 2025.4 stops from any state but STOPPED (paused, reload_config too)
        if (flavor.paused() ? state != State.STOPPED : state == State.RUNNING) {
            setState(State.STOPPED);
            return Json.obj("status", "stopping trader ...");
        }
        return Json.obj("status", "already stopped");
    }

    /** /stopentry and /stopbuy: 2.40 zeroes max_open_trades (state stays running); 2025.4 aliases them to /pause. */
    public synchronized Map<String, Object> stopEntry() {
        if (flavor.paused()) return pause();
        if (state == State.RUNNING) {
            stopEntry = true;
            maxOpenTrades = 0;
        }
        return Json.obj("status", "No more entries will occur from now. Run /reload_config to reset.");
    }

    /** /count and /forceexit: 2.40 needs a running trader; 2025.4 allows them in every state but STOPPED. */
    private void requireTraderForExits() {
        if (flavor.paused() ? state == State.STOPPED : state != State.RUNNING) throw ApiError.rpc("trader is not running");
    }

    /** POST /pause (2025 flavor only; the route does not exist on a 2024 bot). */
    public synchronized Map<String, Object> pause() {
        if (state == State.STOPPED) {
            setState(State.PAUSED);
            return Json.obj("status", "starting bot with trader in paused state, no entries will occur. Run /start to enable entries.");
        }
        if (state == State.RUNNING) setState(State.PAUSED);
        return Json.obj("status", "paused, no more entries will occur from now. Run /start to enable entries.");
    }

    public synchronized Map<String, Object> reloadConfig() {
        state = State.RELOAD_CONFIG;
        log.info(WORKER, "Changing state from RUNNING to: RELOAD_CONFIG");
        Runnable r = reloadHandler;
        Thread th = new Thread(() -> {
            try { Thread.sleep(150); } catch (InterruptedException ignored) { }
            r.run();
        }, "reload-" + botName);
        th.setDaemon(false);
        th.start();
        return Json.obj("status", "Reloading config ...");
    }

    public synchronized Map<String, Object> forceEnter(Map<String, Object> body) {
        if (!Json.bool(config.get("force_entry_enable"), false)) throw ApiError.rpc("Force_entry not enabled.");
        if (state != State.RUNNING) throw ApiError.rpc("trader is not running");
        String pair = body.get("pair").toString();
        String side = Json.str(body.get("side"), "long");
        if (side.equals("short")) throw ApiError.rpc("Can't go short on Spot markets.");
        String stake = Json.str(config.get("stake_currency"), "");
        if (!pair.matches("[A-Z0-9]+/[A-Z0-9]+(:[A-Z0-9]+)?")) throw ApiError.rpc("Symbol does not exist or market is not active.");
        if (!pair.endsWith("/" + stake)) throw ApiError.rpc("Wrong pair selected. Only pairs with stake-currency " + stake + " allowed.");
        for (Trade t : trades) if (t.isOpen && t.pair.equals(pair)) throw ApiError.rpc("position for " + pair + " already open - id: " + t.id);
        if (maxOpenTrades >= 0 && openCount() >= maxOpenTrades) throw ApiError.rpc("Maximum number of trades is reached.");
        Double stakeAmount = body.get("stakeamount") instanceof Number n ? n.doubleValue() : stakeFor();
        if (stakeAmount == null) return Json.obj("status", "Error entering long trade for pair " + pair + ".");
        double rate = body.get("price") instanceof Number n ? n.doubleValue() : price(pair);
        String tag = Json.str(body.get("entry_tag"), "force_entry");
        Trade t = openTrade(pair, rate, stakeAmount, tag, Json.str(body.get("ordertype"), "limit"));
        return tradeSchema(t, false);
    }

    public synchronized Map<String, Object> forceExit(Object tradeId, String orderType) {
        requireTraderForExits();
        String ot = orderType == null ? "market" : orderType;
        if ("all".equals(String.valueOf(tradeId))) {
            for (Trade t : new ArrayList<>(trades)) if (t.isOpen) closeTrade(t, price(t.pair), "force_exit", ot);
            return Json.obj("result", "Created exit orders for all open trades.");
        }
        long id;
        try {
            id = Long.parseLong(String.valueOf(tradeId));
        } catch (NumberFormatException e) {
            throw ApiError.rpc("invalid argument");
        }
        Trade t = find(id);
        if (t == null || !t.isOpen) throw ApiError.rpc("invalid argument");
        closeTrade(t, price(t.pair), "force_exit", ot);
        return Json.obj("result", "Created exit order for trade " + id + ".");
    }

    public synchronized Map<String, Object> deleteTrade(long id) {
        Trade t = find(id);
        if (t == null) throw ApiError.rpc("invalid argument");
        trades.remove(t);
        store.delete(id);
        return Json.obj("cancel_order_count", 0, "result", "success", "result_msg", "Deleted trade " + id + ". Closed 0 open orders.", "trade_id", id);
    }

    public synchronized Map<String, Object> health() {
        long bs = botStartTs();
        Instant botStart = bs == 0 ? null : Instant.ofEpochMilli(bs);
        return Json.obj("last_process", isoZ(lastProcess), "last_process_ts", lastProcess == null ? null : lastProcess.getEpochSecond(),
                "bot_start", isoZ(botStart), "bot_start_ts", botStart == null ? null : botStart.getEpochSecond(),
                "bot_startup", isoZ(botStartup), "bot_startup_ts", botStartup == null ? null : botStartup.getEpochSecond());
    }

    public static Map<String, Object> sysinfo() {
        int cpus = Runtime.getRuntime().availableProcessors();
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        double pct = load < 0 ? 0.0 : Math.min(100.0, round(load / cpus * 100, 1));
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < cpus; i++) l.add(pct);
        double ram = 0.0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            ram = total == 0 ? 0.0 : round((total - os.getFreeMemorySize()) * 100.0 / total, 1);
        }
        return Json.obj("cpu_pct", l, "ram_pct", ram);
    }

    public Map<String, Object> strategies() {
        List<String> names = new ArrayList<>();
        for (Strategies.Info i : Strategies.scan(Strategies.searchDirs(config))) if (!names.contains(i.name())) names.add(i.name());
        names.sort(String::compareTo);
        return Json.obj("strategies", names);
    }

    public Map<String, Object> strategy(String name) {
        if (name.contains(":")) throw ApiError.http(500, "base64 encoded strategies are not allowed.");
        for (Strategies.Info i : Strategies.scan(Strategies.searchDirs(config))) {
            if (i.name().equals(name)) {
                Object tf = i.attributes().get("timeframe");
                return Json.obj("strategy", i.name(), "code", i.code(), "timeframe", tf == null ? config.get("timeframe") : tf);
            }
        }
        throw ApiError.http(404, "Strategy not found");
    }

    /** analyzed_df websocket reply: one candle row per pair (OHLCV from the price walk). */
    public synchronized List<Map<String, Object>> analyzedDf(String onlyPair, Integer limit) {
        List<Map<String, Object>> out = new ArrayList<>();
        String tf = Json.str(config.get("timeframe"), "5m");
        long tfMs = Math.max(1, timeframeMinutes(tf)) * 60000L;
        for (String pair : activeWhitelist()) {
            if (onlyPair != null && !onlyPair.equals(pair)) continue;
            int rows = limit == null ? 1 : Math.max(1, Math.min(limit, 1500));
            rows = (int) Math.min(rows, tick + 1);
            long candle = (System.currentTimeMillis() / tfMs) * tfMs;
            List<Object> data = new ArrayList<>();
            List<Object> index = new ArrayList<>();
            for (int r = rows - 1; r >= 0; r--) {
                long k = tick - r;
                double close = walks.computeIfAbsent(pair, p -> new PriceWalk(seed ^ fnv(p), basePrice(p), driftPerStep())).at(Math.max(0, k));
                double open = walks.get(pair).at(Math.max(0, k - 1));
                walks.get(pair).at(tick);
                double hi = Math.max(open, close) * 1.001;
                double lo = Math.min(open, close) * 0.999;
                SplittableRandom rr = new SplittableRandom(seed ^ k);
                data.add(Json.list(candle - r * tfMs, open, round(hi, 8), round(lo, 8), close, round(100 + rr.nextDouble() * 900, 4),
                        round(30 + rr.nextDouble() * 40, 2), 0, 0, 0, 0, null, null));
                index.add(499 - r);
            }
            String df = Json.write(Json.obj("columns", List.of("date", "open", "high", "low", "close", "volume", "rsi", "enter_long",
                    "exit_long", "enter_short", "exit_short", "enter_tag", "exit_tag"), "index", index, "data", data));
            out.add(Json.obj("type", "analyzed_df", "data", Json.obj("key", List.of(pair, tf, "spot"),
                    "df", Json.obj("__type__", "dataframe", "__value__", df), "la", rfc3339(System.currentTimeMillis()))));
        }
        return out;
    }

    static double jitter() { return ThreadLocalRandom.current().nextDouble(); }
}
