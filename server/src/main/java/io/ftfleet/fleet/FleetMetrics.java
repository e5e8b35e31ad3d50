package io.ftfleet.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.runtime.RuntimeEvents;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per-bot Prometheus gauges that read the snapshot map (so a scrape never calls a bot), and the poll cycle timer.
 * Gauges are registered once per bot and label set; a bot's gauges are removed when it is deleted (or re-registered
 * when its labels change, e.g. a rename), so label cardinality follows the fleet.
 */
@Component
class FleetMetrics {

    static final String UP = "ftfleet.bot.up";
    static final String OPEN_TRADES = "ftfleet.bot.open.trades";
    static final String PROFIT_CLOSED_ABS = "ftfleet.bot.profit.closed.abs";
    static final String PROFIT_ALL_RATIO = "ftfleet.bot.profit.all.ratio";
    static final String BALANCE = "ftfleet.bot.balance";
    static final String LAST_SEEN = "ftfleet.bot.last.seen.seconds";
    static final String RESTARTS = "ftfleet.bot.restarts";
    static final String POLL_CYCLE = "ftfleet.poll.cycle";
    static final String FLEET_BOTS_ONLINE = "ftfleet.fleet.bots.online";
    static final String FLEET_OPEN_TRADES = "ftfleet.fleet.open.trades";
    static final String STATE = "ftfleet.bot.state";
    static final String FLEET_BOTS = "ftfleet.fleet.bots";
    static final String FLEET_BALANCE = "ftfleet.fleet.balance";
    static final String FLEET_PROFIT_CLOSED_ABS = "ftfleet.fleet.profit.closed.abs";
    static final String FLEET_CURRENCY_OPEN_TRADES = "ftfleet.fleet.currency.open.trades";

    /** Codes of {@code ftfleet_bot_state}; Freqtrade's own state names, in the HELP text. */
    static final String STATE_HELP = "The bot's own state as last polled: 0 unknown (never answered), 1 running,"
            + " 2 paused, 3 stopped, 4 reload_config, 5 any other";

    /** One (stake currency, dry-run) group of the fleet totals. */
    private record Group(String stakeCurrency, boolean dryRun) {
    }

    private record Registered(Tags tags, List<Meter> meters) {
    }

    private final MeterRegistry registry;
    private final FleetSnapshots snapshots;
    private final Map<Long, Registered> perBot = new ConcurrentHashMap<>();
    private final Timer pollCycle;
    /** Supervisor restarts per bot since this server started (a Prometheus counter: rate() handles resets). */
    private final Map<Long, AtomicLong> restarts = new ConcurrentHashMap<>();
    private final Map<Group, List<Meter>> perGroup = new ConcurrentHashMap<>();

    private final boolean perBotSeries;

    FleetMetrics(MeterRegistry registry, FleetSnapshots snapshots, FleetMetricsProperties properties) {
        this.perBotSeries = properties.perBot();
        this.registry = registry;
        this.snapshots = snapshots;
        this.pollCycle = Timer.builder(POLL_CYCLE).description("Duration of one fleet poll cycle over every bot")
                .publishPercentileHistogram().register(registry);
        Gauge.builder(FLEET_BOTS_ONLINE, snapshots, s -> s.all().stream().filter(BotSnapshot::online).count())
                .description("Bots that answered the last poll").register(registry);
        Gauge.builder(FLEET_OPEN_TRADES, snapshots, s -> s.all().stream().filter(BotSnapshot::online)
                .mapToInt(b -> b.openTrades() == null ? 0 : b.openTrades()).sum())
                .description("Open trades over the bots that answered the last poll").register(registry);
        for (BotSnapshot.Status status : BotSnapshot.Status.values()) {
            Gauge.builder(FLEET_BOTS, snapshots, s -> s.all().stream().filter(b -> b.status() == status).count())
                    .description("Bots by poll status").tag("status", status.name()).register(registry);
        }
    }

    @EventListener
    void on(RuntimeEvents.BotRestartScheduled event) {
        restarts.computeIfAbsent(event.botId(), id -> new AtomicLong()).incrementAndGet();
    }

    Timer pollCycle() {
        return pollCycle;
    }

    /** Registers the bot's gauges unless they already exist with the same labels. */
    synchronized void track(BotSummary bot) {
        if (!perBotSeries) {
            trackGroup(group(bot));
            return;
        }
        Tags tags = Tags.of("bot", Objects.toString(bot.name(), ""), "exchange", Objects.toString(bot.exchange(), ""),
                "stake_currency", Objects.toString(bot.stakeCurrency(), ""), "dry_run", String.valueOf(bot.dryRun()));
        Registered current = perBot.get(bot.id());
        if (current != null && current.tags().equals(tags)) {
            return;
        }
        if (current != null) {
            current.meters().forEach(registry::remove);
        }
        long id = bot.id();
        perBot.put(id, new Registered(tags, List.of(
                gauge(UP, "1 when the bot answered the last poll, else 0", id, tags, s -> s.online() ? 1 : 0, 0),
                gauge(STATE, STATE_HELP, id, tags, s -> stateCode(s.botState()), 0),
                gauge(OPEN_TRADES, "Open trades", id, tags, s -> number(s.openTrades()), Double.NaN),
                gauge(PROFIT_CLOSED_ABS, "Closed profit in stake currency", id, tags,
                        s -> number(s.profitClosedAbs()), Double.NaN),
                gauge(PROFIT_ALL_RATIO, "Profit of all trades relative to the starting balance", id, tags,
                        s -> number(s.profitAllRatio()), Double.NaN),
                gauge(BALANCE, "Total balance in stake currency", id, tags, s -> number(s.balanceTotal()), Double.NaN),
                gauge(LAST_SEEN, "Seconds since the bot last answered a poll", id, tags, FleetMetrics::lastSeenAge,
                        Double.NaN),
                FunctionCounter.builder(RESTARTS, restarts, r -> r.getOrDefault(id, ZERO).get())
                        .description("Restarts by the supervisor after the bot exited").tags(tags).register(registry))));
        trackGroup(group(bot));
    }

    private Group group(BotSummary bot) {
        return snapshots.get(bot.id()).map(s -> new Group(Objects.toString(s.stakeCurrency(), ""), s.dryRun()))
                .orElse(new Group(Objects.toString(bot.stakeCurrency(), ""), bot.dryRun()));
    }

    /**
     * Fleet totals per stake currency and dry-run (amounts in different currencies are never added), over the
     * last known values of every bot in the group.
     */
    private void trackGroup(Group group) {
        perGroup.computeIfAbsent(group, g -> {
            Tags tags = Tags.of("stake_currency", g.stakeCurrency(), "dry_run", String.valueOf(g.dryRun()));
            return List.of(
                    Gauge.builder(FLEET_BALANCE, snapshots, s -> sum(s, g, BotSnapshot::balanceTotal))
                            .description("Sum of the bots' total balances in this stake currency").tags(tags)
                            .register(registry),
                    Gauge.builder(FLEET_PROFIT_CLOSED_ABS, snapshots, s -> sum(s, g, BotSnapshot::profitClosedAbs))
                            .description("Sum of the bots' closed profit in this stake currency").tags(tags)
                            .register(registry),
                    Gauge.builder(FLEET_CURRENCY_OPEN_TRADES, snapshots, s -> sum(s, g,
                            b -> b.openTrades() == null ? null : b.openTrades().doubleValue()))
                            .description("Open trades of the bots in this stake currency").tags(tags)
                            .register(registry));
        });
    }

    private static double sum(FleetSnapshots snapshots, Group g, java.util.function.Function<BotSnapshot, Double> value) {
        double total = 0;
        for (BotSnapshot s : snapshots.all()) {
            if (s.dryRun() == g.dryRun() && g.stakeCurrency().equals(Objects.toString(s.stakeCurrency(), ""))) {
                Double v = value.apply(s);
                if (v != null) {
                    total += v;
                }
            }
        }
        return total;
    }

    static double stateCode(String state) {
        if (state == null) {
            return 0;
        }
        return switch (state) {
            case "running" -> 1;
            case "paused" -> 2;
            case "stopped" -> 3;
            case "reload_config" -> 4;
            default -> 5;
        };
    }

    /** Removes the gauges of every bot not in {@code ids}. */
    synchronized void retainOnly(Set<Long> ids) {
        perBot.keySet().removeIf(id -> {
            if (ids.contains(id)) {
                return false;
            }
            perBot.get(id).meters().forEach(registry::remove);
            restarts.remove(id);
            return true;
        });
        Set<Group> live = new java.util.HashSet<>();
        snapshots.all().stream().filter(s -> ids.contains(s.botId()))
                .forEach(s -> live.add(new Group(Objects.toString(s.stakeCurrency(), ""), s.dryRun())));
        live.forEach(this::trackGroup);
        perGroup.keySet().removeIf(g -> {
            if (live.contains(g)) {
                return false;
            }
            perGroup.get(g).forEach(registry::remove);
            return true;
        });
    }

    private static final AtomicLong ZERO = new AtomicLong();

    private Meter gauge(String name, String description, long botId, Tags tags, ToDoubleFunction<BotSnapshot> value,
            double absent) {
        return Gauge.builder(name, snapshots, s -> s.get(botId).map(value::applyAsDouble).orElse(absent))
                .description(description).tags(tags).register(registry);
    }

    private static double number(Number n) {
        return n == null ? Double.NaN : n.doubleValue();
    }

    private static double lastSeenAge(BotSnapshot s) {
        return s.lastSeen() == null ? Double.NaN : Duration.between(s.lastSeen(), Instant.now()).toMillis() / 1000.0;
    }
}
