package io.ftfleet.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import io.ftfleet.event.TradeClosed;
import io.ftfleet.fleet.PollerLag;
import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.risk.DrawdownGuardTripped;
import io.ftfleet.runtime.ObservedState;
import io.ftfleet.runtime.RuntimeEvents;
import io.ftfleet.support.ExternalBots;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Alerts end to end: real simulator bots, real HTTP to local receivers (a webhook receiver verifying signatures, a
 * Telegram Bot API stub, Discord and Slack stubs), one server context with fast retries.
 */
@FullStackTest
class NotificationTests {

    static final String SECRET = "whsec-0123456789abcdef";
    static final String TOKEN = "123456:ABCdef_ghijklmnop";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The fleet poller's interval here, set explicitly: the down bound below is stated in it. */
    static final Duration FLEET_POLL = Duration.ofSeconds(1);
    /**
     * What README (Alerts) promises beyond one poll interval for a bot.down to reach a receiver that answers, with
     * {@code flap-window} 0: generous for a loaded 2-core machine, far below the 60 s this test would wait anyway.
     */
    static final Duration DOWN_DEADLINE = Duration.ofSeconds(10);
    static Receiver telegram;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.fleet.poll-interval", () -> FLEET_POLL.toMillis() + "ms");
        registry.add("ftfleet.risk.drawdown.check-interval", () -> "300ms");
        telegram = Receiver.start();
        registry.add("ftfleet.notify.telegram.base-url", () -> telegram.url(""));
        registry.add("ftfleet.notify.poll-interval", () -> "100ms");
        registry.add("ftfleet.notify.backoff-base", () -> "200ms");
        registry.add("ftfleet.notify.max-attempts", () -> "4");
        registry.add("ftfleet.notify.per-chat-interval", () -> "200ms");
        registry.add("ftfleet.notify.public-base-url", () -> "https://fleet.example.com/");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    JdbcTemplate jdbc;
    Api api;
    String admin;
    static Api cleanupApi;
    static String cleanupToken;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        admin = api.adminToken();
        cleanupApi = api;
        cleanupToken = admin;
        jdbc.update("DELETE FROM notify_channels"); // each test subscribes its own receivers
    }

    @AfterAll
    static void stopEverything() {
        if (cleanupApi != null) {
            cleanupApi.postJson("/api/v1/bots/stop-all", cleanupToken, "{}");
        }
        telegram.close();
    }

    long channel(String token, String body) {
        Api.Response created = api.postJson("/api/v1/notifications/channels", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    long bot(String token, String name, String policy) {
        return StrategyFixtures.createBot(api, token, "Notify", name, policy);
    }

    long startAndAwaitPid(String token, long botId) {
        assertThat(api.postJson("/api/v1/bots/" + botId + "/start", token, "").status()).isEqualTo(200);
        return Await.until(() -> api.get("/api/v1/bots/" + botId, token).json(),
                b -> b.get("observed_state").asString().equals("running"), WAIT).get("pid").asLong();
    }

    @Test
    void aBotKilledWithPolicyNeverGivesExactlyOneBotDownPerSubscribedChannelAndNothingToAnotherUser()
            throws Exception {
        String alice = api.tokenFor("alert-alice", "operator");
        String bob = api.tokenFor("alert-bob", "operator");
        try (Receiver aliceHook = Receiver.webhook(SECRET, 0); Receiver bobHook = Receiver.webhook(SECRET, 0)) {
            channel(alice, "{\"type\":\"webhook\",\"name\":\"alice hook\",\"url\":\"" + aliceHook.url("/hook")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"*\"]}");
            channel(alice, "{\"type\":\"telegram\",\"name\":\"alice phone\",\"bot_token\":\"" + TOKEN
                    + "\",\"chat_id\":\"-100123\",\"message_thread_id\":7,\"events\":[\"bot.down\"]}");
            channel(bob, "{\"type\":\"webhook\",\"name\":\"bob hook\",\"url\":\"" + bobHook.url("/hook")
                    + "\",\"secret\":\"" + SECRET + "\"}");
            int telegramBefore = telegram.requests.size();

            long botId = bot(alice, "alert-never", "never");
            long pid = startAndAwaitPid(alice, botId);
            long killed = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            JsonNode down = Await.until(() -> aliceHook.delivered("bot.down"), l -> !l.isEmpty(), WAIT).get(0);
            Await.until(() -> telegram.requests.size(), n -> n > telegramBefore, WAIT);
            // Within one fleet poll interval + the deadline, measured from the kill to the arrival at each receiver.
            Duration bound = FLEET_POLL.plus(DOWN_DEADLINE);
            Receiver.Request hookArrival = aliceHook.requests.stream().filter(r -> r.answered() == 200
                    && r.json().path("type").asString().equals("bot.down")).findFirst().orElseThrow();
            assertThat(Duration.ofNanos(hookArrival.atNanos() - killed)).as("kill to webhook arrival")
                    .isLessThanOrEqualTo(bound);
            assertThat(Duration.ofNanos(telegram.requests.get(telegramBefore).atNanos() - killed))
                    .as("kill to Telegram arrival").isLessThanOrEqualTo(bound);
            // Give a duplicate every chance to arrive before counting: the bot is observed crashed once.
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending", alice).json().size(),
                    n -> n == 0, WAIT);

            assertThat(aliceHook.delivered("bot.down")).hasSize(1);
            assertThat(aliceHook.requests).allMatch(Receiver.Request::signatureValid);
            assertThat(down.get("severity").asString()).isEqualTo("critical");
            assertThat(down.get("bot").get("id").asLong()).isEqualTo(botId);
            assertThat(down.get("bot").get("name").asString()).isEqualTo("alert-never");
            assertThat(down.get("data").get("state").asString()).isEqualTo("crashed");
            assertThat(down.get("text").asString()).contains("alert-never").contains("is down")
                    .contains("https://fleet.example.com/bots/" + botId);
            assertThat(aliceHook.requests.get(0).header("X-ftfleet-event-id")).isEqualTo(down.get("id").asString());

            List<Receiver.Request> sent = telegram.requests.subList(telegramBefore, telegram.requests.size());
            assertThat(sent).hasSize(1);
            assertThat(sent.get(0).path()).isEqualTo("/bot" + TOKEN + "/sendMessage");
            JsonNode message = sent.get(0).json();
            assertThat(message.get("chat_id").asString()).isEqualTo("-100123");
            assertThat(message.get("message_thread_id").asLong()).isEqualTo(7);
            assertThat(message.get("text").asString()).contains("alert-never").contains("is down");

            assertThat(bobHook.requests).isEmpty();
        }
    }

    @Test
    void aBotRestartedByItsPolicyGivesDownThenRecoveredOnDiscordAndSlack() throws Exception {
        try (Receiver discord = Receiver.start(); Receiver slack = Receiver.start()) {
            String events = "\"events\":[\"bot.down\",\"bot.recovered\"]";
            channel(admin, "{\"type\":\"discord\",\"name\":\"ops discord\",\"url\":\"" + discord.url("/api/webhooks/1/x")
                    + "\"," + events + "}");
            channel(admin, "{\"type\":\"slack\",\"name\":\"ops slack\",\"url\":\"" + slack.url("/services/T/B/x")
                    + "\"," + events + "}");
            long botId = bot(admin, "alert-restart", "on-failure");
            long pid = startAndAwaitPid(admin, botId);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            for (Receiver chat : List.of(discord, slack)) {
                List<String> texts = Await.until(chat::texts,
                        t -> String.join("\n", t).contains("recovered"), WAIT);
                String all = String.join("\n\n", texts);
                assertThat(all).contains("alert-restart is down");
                assertThat(all.indexOf("is down")).isLessThan(all.indexOf("recovered"));
                assertThat(all.split("is down", -1)).hasSize(2); // once
            }
            assertThat(discord.delivered().get(0).has("content")).isTrue();
            assertThat(slack.delivered().get(0).has("text")).isTrue();
            api.postJson("/api/v1/bots/" + botId + "/stop", admin, "");
        }
    }

    @Test
    void aReceiverFailingThreeTimesGetsTheEventOnceMoreWithTheSameIdAndOneDownForGoodEndsDead() throws Exception {
        java.util.Map<String, Double> countedBefore = deliveryCounters();
        try (Receiver flaky = Receiver.webhook(SECRET, 3); Receiver gone = Receiver.webhook(SECRET, 0)) {
            long flakyId = channel(admin, "{\"type\":\"webhook\",\"name\":\"flaky\",\"url\":\"" + flaky.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trading.rearmed\"]}");
            String goneUrl = gone.url("/h");
            gone.close(); // nothing listens there any more
            long goneId = channel(admin, "{\"type\":\"webhook\",\"name\":\"gone\",\"url\":\"" + goneUrl
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trading.rearmed\"]}");

            assertThat(api.postJson("/api/v1/emergency/rearm", admin, "").status()).isEqualTo(200);

            Await.until(() -> flaky.delivered("trading.rearmed"), l -> !l.isEmpty(), WAIT);
            assertThat(flaky.requests).hasSize(4);
            assertThat(flaky.requests).extracting(r -> r.header("X-ftfleet-event-id")).containsOnly(
                    flaky.requests.get(0).header("X-ftfleet-event-id"));
            assertThat(flaky.requests).allMatch(Receiver.Request::signatureValid);
            JsonNode flakyDelivery = api.get("/api/v1/notifications/deliveries?channel_id=" + flakyId, admin).json()
                    .get(0);
            assertThat(flakyDelivery.get("status").asString()).isEqualTo("sent");
            assertThat(flakyDelivery.get("attempts").asInt()).isEqualTo(4);

            JsonNode dead = Await.until(() -> api.get("/api/v1/notifications/deliveries?channel_id=" + goneId
                    + "&status=dead", admin).json(), d -> d.size() == 1, WAIT).get(0);
            assertThat(dead.get("attempts").asInt()).isEqualTo(4);
            assertThat(dead.get("last_error").asString()).contains("unreachable");
            assertThat(dead.get("event_type").asString()).isEqualTo("trading.rearmed");

            // Prometheus: flaky 3 failed + 1 sent; gone 4 failed, the last of them also dead.
            java.util.Map<String, Double> expected = java.util.Map.of("sent", 1.0, "failed", 7.0, "dead", 1.0);
            java.util.Map<String, Double> delta = Await.until(() -> {
                java.util.Map<String, Double> now = deliveryCounters();
                java.util.Map<String, Double> d = new java.util.TreeMap<>();
                for (String outcome : expected.keySet()) {
                    d.put(outcome, now.getOrDefault(outcome, 0.0) - countedBefore.getOrDefault(outcome, 0.0));
                }
                return d;
            }, d -> d.equals(new java.util.TreeMap<>(expected)), Duration.ofSeconds(10));
            assertThat(delta).isEqualTo(new java.util.TreeMap<>(expected));
        }
    }

    /** {@code ftfleet_notify_deliveries_total} of webhook channels by outcome, as Prometheus scrapes it. */
    java.util.Map<String, Double> deliveryCounters() {
        Api.Response scraped = api.get("/metrics", admin);
        assertThat(scraped.status()).isEqualTo(200);
        java.util.Map<String, Double> counters = new java.util.HashMap<>();
        scraped.body().lines().filter(l -> l.startsWith("ftfleet_notify_deliveries_total{")
                && l.contains("type=\"webhook\"")).forEach(l -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("outcome=\"([a-z]+)\"").matcher(l);
                    if (m.find()) {
                        counters.put(m.group(1), Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
                    }
                });
        return counters;
    }

    @Test
    void theDrawdownGuardTripAlertsAdminsAndIsWrittenOnlyWhenItsTransactionCommits() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            channel(admin, "{\"type\":\"webhook\",\"name\":\"risk\",\"url\":\"" + hook.url("/h") + "\",\"secret\":\""
                    + SECRET + "\",\"events\":[\"risk.drawdown_guard_tripped\"],\"min_severity\":\"critical\"}");
            TransactionTemplate tx = new TransactionTemplate(transactions);
            tx.executeWithoutResult(s -> {
                events.publishEvent(trip("rolled-back"));
                s.setRollbackOnly();
            });
            tx.executeWithoutResult(s -> events.publishEvent(trip("doomed-guard")));

            JsonNode alert = Await.until(() -> hook.delivered("risk.drawdown_guard_tripped"), l -> !l.isEmpty(), WAIT)
                    .get(0);
            assertThat(alert.get("data").get("guard").asString()).isEqualTo("doomed-guard");
            assertThat(alert.get("data").get("drawdown_pct").asDouble()).isEqualTo(4.5);
            assertThat(alert.get("text").asString()).contains("doomed-guard").contains("4.50 %");
            assertThat(alert.get("bot").isNull()).isTrue();
            assertThat(hook.delivered()).hasSize(1); // nothing of the rolled-back trip
        }
    }

    @Test
    void aRealDrawdownGuardTrippedByFallingSimulatorBotsGivesOneAlertWithTheGuardsFigures() throws Exception {
        java.util.Map<String, String> falling = java.util.Map.of("FTSIM_PRICE_DRIFT_PER_MINUTE", "-0.9");
        long guardId = -1;
        List<Long> bots = new java.util.ArrayList<>();
        try (Receiver hook = Receiver.webhook(SECRET, 0);
                SimulatedBot doomed1 = SimulatedBot.start(Files.createTempDirectory("notify-dd1"), java.util.Map.of(),
                        falling);
                SimulatedBot doomed2 = SimulatedBot.start(Files.createTempDirectory("notify-dd2"), java.util.Map.of(),
                        falling)) {
            channel(admin, "{\"type\":\"webhook\",\"name\":\"real risk\",\"url\":\"" + hook.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"risk.drawdown_guard_tripped\"]}");
            bots.add(ExternalBots.register(api, admin, "alert-dd-1", doomed1, "USDT", SimulatedBot.PASSWORD,
                    List.of("alert-doomed")));
            bots.add(ExternalBots.register(api, admin, "alert-dd-2", doomed2, "USDT", SimulatedBot.PASSWORD,
                    List.of("alert-doomed")));
            Api.Response created = api.postJson("/api/v1/risk/drawdown-guards", admin, "{\"name\":\"alert-guard\","
                    + "\"scope_tag\":\"alert-doomed\",\"dry_run\":true,\"max_drawdown_pct\":3,\"window_minutes\":10}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            guardId = created.json().get("id").asLong();
            long id = guardId;

            JsonNode alert = Await.until(() -> hook.delivered("risk.drawdown_guard_tripped"), l -> !l.isEmpty(),
                    Duration.ofSeconds(120)).get(0);
            JsonNode guard = api.get("/api/v1/risk/drawdown-guards/" + id, admin).json();
            assertThat(guard.get("tripped").asBoolean()).isTrue();
            // Give a second alert every chance to arrive before counting.
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending", admin).json().size(),
                    n -> n == 0, WAIT);

            assertThat(hook.delivered("risk.drawdown_guard_tripped")).hasSize(1);
            assertThat(hook.requests).allMatch(Receiver.Request::signatureValid);
            assertThat(alert.get("severity").asString()).isEqualTo("critical");
            assertThat(alert.get("bot").isNull()).isTrue();
            JsonNode data = alert.get("data");
            assertThat(data.get("guard").asString()).isEqualTo("alert-guard");
            assertThat(data.get("scope_tag").asString()).isEqualTo("alert-doomed");
            assertThat(data.get("dry_run").asBoolean()).isTrue();
            assertThat(data.get("stake_currency").asString()).isEqualTo("USDT");
            assertThat(data.get("max_drawdown_pct").asDouble()).isEqualTo(3.0);
            // The figure the guard tripped on: its status keeps the sample it tripped at (a tripped guard is not
            // sampled again until trading is re-armed).
            JsonNode status = guard.get("status").get(0);
            assertThat(status.get("bots").asInt()).isEqualTo(2);
            assertThat(data.get("drawdown_pct").asDouble()).isGreaterThanOrEqualTo(3.0)
                    .isCloseTo(status.get("drawdown_pct").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(guard.get("tripped_reason").asString()).contains("alert-guard");
            assertThat(alert.get("text").asString()).contains("alert-guard").contains("dry-run USDT")
                    .contains(String.format(java.util.Locale.ROOT, "%.2f %%", data.get("drawdown_pct").asDouble()))
                    .contains("limit 3.00 %").contains("https://fleet.example.com/");
        } finally {
            // Trading is disabled fleet-wide by the trip: the other tests here start bots.
            Api.Response rearmed = api.postJson("/api/v1/emergency/rearm", admin, "");
            assertThat(rearmed.status()).as(rearmed.body()).isEqualTo(200);
            if (guardId > 0) {
                api.request("DELETE", "/api/v1/risk/drawdown-guards/" + guardId).bearer(admin).send();
            }
            bots.forEach(b -> api.request("DELETE", "/api/v1/bots/" + b).bearer(admin).send());
        }
    }

    @Test
    void aFinishedBacktestGivesJobFinishedToItsOwner() throws Exception {
        String owner = api.tokenFor("alert-jobs", "operator");
        assertThat(api.postJson("/api/v1/strategies/", owner, StrategyFixtures.body("NotifyJobStrat")).status())
                .isEqualTo(201);
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            channel(owner, "{\"type\":\"webhook\",\"name\":\"jobs\",\"url\":\"" + hook.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"job.finished\",\"job.failed\"]}");
            long download = api.postJson("/api/v1/data/download", owner, "{\"exchanges\":[\"binance\"],"
                    + "\"pairs\":[\"BTC/USDT\"],\"days\":5,\"timeframes\":[\"5m\"]}").json().get("job_ids").get(0)
                    .asLong();
            Await.until(() -> hook.delivered("job.finished"), l -> l.stream()
                    .anyMatch(b -> b.get("data").get("job_id").asLong() == download), WAIT);
            Api.Response submitted = api.postJson("/api/v1/backtests", owner, "{\"strategy_name\":\"NotifyJobStrat\","
                    + "\"exchange\":\"binance\",\"pairs\":[\"BTC/USDT\"],\"timeframe\":\"5m\"}");
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            long backtest = submitted.json().get("id").asLong();

            JsonNode finished = Await.until(() -> hook.delivered(), l -> l.stream()
                    .anyMatch(b -> b.get("data").get("job_id").asLong() == backtest), WAIT).stream()
                    .filter(b -> b.get("data").get("job_id").asLong() == backtest).findFirst().orElseThrow();
            assertThat(finished.get("type").asString()).as(finished.toString()).isEqualTo("job.finished");
            assertThat(finished.get("data").get("kind").asString()).isEqualTo("backtest");
            assertThat(finished.get("data").get("status").asString()).isEqualTo("completed");
            assertThat(finished.get("text").asString()).contains("backtest job " + backtest + " finished");
            assertThat(finished.get("bot").isNull()).isTrue();
        }
    }

    @Test
    void quietHoursHoldWhatIsBelowCriticalUntilTheyEnd() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withSecond(0).withNano(0);
            String start = now.minusHours(1).toString();
            String end = now.plusHours(2).toString();
            long id = channel(admin, "{\"type\":\"webhook\",\"name\":\"night\",\"url\":\"" + hook.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trading.rearmed\"],\"quiet_hours\":{\"start\":\""
                    + start + "\",\"end\":\"" + end + "\",\"zone\":\"UTC\"}}");
            assertThat(api.get("/api/v1/notifications/channels/" + id, admin).json().get("quiet_hours").get("end")
                    .asString()).isEqualTo(end);
            assertThat(api.postJson("/api/v1/emergency/rearm", admin, "").status()).isEqualTo(200);

            JsonNode held = Await.until(() -> api.get("/api/v1/notifications/deliveries?channel_id=" + id, admin)
                    .json(), d -> d.size() == 1, WAIT).get(0);
            assertThat(held.get("status").asString()).isEqualTo("pending");
            assertThat(java.time.Instant.parse(held.get("next_attempt_at").asString()))
                    .isAfter(java.time.Instant.now().plus(Duration.ofMinutes(100)));
            assertThat(hook.requests).isEmpty();

            Api.Response bad = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"slack\",\"name\":"
                    + "\"q\",\"url\":\"http://127.0.0.1:9/s\",\"quiet_hours\":{\"start\":\"25:00\",\"end\":\"7\","
                    + "\"zone\":\"Mars/Olympus\"}}");
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder(
                    "quiet_hours.start", "quiet_hours.end", "quiet_hours.zone");
        }
    }

    @Autowired
    NotifyStore store;
    @Autowired
    Senders senders;
    @Autowired
    NotifyProperties settings;
    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @Test
    void aSimulatedBotsTradesGiveOneOptInAlertPerTradeEvenWhenReportedTwiceAndAfterANewDispatcher() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0); Receiver everything = Receiver.webhook(SECRET, 0);
                SimulatedBot sim = SimulatedBot.start(Files.createTempDirectory("notify-trades"))) {
            long id = channel(admin, "{\"type\":\"webhook\",\"name\":\"trades\",\"url\":\"" + hook.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trade.opened\",\"trade.closed\"]}");
            channel(admin, "{\"type\":\"webhook\",\"name\":\"all but trades\",\"url\":\"" + everything.url("/h")
                    + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"*\"]}");
            long botId = ExternalBots.register(api, admin, "alert-trader", sim);

            Await.until(() -> hook.delivered("trade.closed"), l -> l.size() >= 3, WAIT);
            sim.close(); // no more trades; what was reported is all there will be
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending&channel_id=" + id, admin)
                    .json().size(), n -> n == 0, WAIT);

            List<JsonNode> closed = hook.delivered("trade.closed");
            List<JsonNode> opened = hook.delivered("trade.opened");
            assertThat(closed).extracting(b -> b.get("data").get("trade_id").asLong()).doesNotHaveDuplicates();
            assertThat(opened).extracting(b -> b.get("data").get("trade_id").asLong()).doesNotHaveDuplicates()
                    .isNotEmpty();
            assertThat(hook.requests).allMatch(Receiver.Request::signatureValid);
            JsonNode first = closed.get(0);
            JsonNode data = first.get("data");
            assertThat(first.get("bot").get("id").asLong()).isEqualTo(botId);
            assertThat(data.get("pair").asString()).isIn(SimulatedBot.PAIRS);
            assertThat(data.get("side").asString()).isIn("long", "short");
            assertThat(data.get("stake_currency").asString()).isEqualTo("USDT");
            assertThat(data.get("amount").asDouble()).isPositive();
            assertThat(data.get("profit_amount").isNumber()).isTrue();
            assertThat(first.get("text").asString()).contains("alert-trader").contains(data.get("pair").asString())
                    .contains(String.format(java.util.Locale.ROOT, "%+.2f USDT", data.get("profit_amount").asDouble()))
                    .contains("#" + data.get("trade_id").asLong());
            JsonNode entry = opened.get(0).get("data");
            assertThat(opened.get(0).get("text").asString()).contains("alert-trader").contains("opened")
                    .contains(entry.get("pair").asString()).contains("USDT");
            assertThat(entry.get("stake_amount").asDouble()).isPositive();
            assertThat(everything.delivered()).noneMatch(b -> b.get("type").asString().startsWith("trade."));

            // The same fill reported again (a websocket reconnect, another instance) and a dispatcher that starts
            // afresh on the same outbox: still one message per trade.
            int before = hook.requests.size();
            events.publishEvent(new TradeClosed(botId, data.get("trade_id").asLong(), data.get("pair").asString(),
                    data.get("side").asString(), data.get("amount").asDouble(), data.get("stake_amount").asDouble(),
                    "USDT", data.get("open_rate").asDouble(), data.get("close_rate").asDouble(),
                    data.get("profit_amount").asDouble(), data.get("profit_ratio").asDouble(),
                    data.get("exit_reason").asString(), data.get("open_date").asString(),
                    data.get("close_date").asString(), java.time.Instant.now()));
            Dispatcher restarted = new Dispatcher(store, senders, settings, java.time.Clock.systemUTC(), json,
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            try {
                restarted.tick();
                restarted.tick();
            } finally {
                restarted.shutdown();
            }
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM notify_deliveries WHERE channel_id = ? AND "
                    + "event_type = 'trade.closed'", Integer.class, id)).isEqualTo(closed.size());
            assertThat(hook.requests).hasSize(before);
        }
    }

    @Test
    void threeCrashesWithinTheWindowAreOneCrashLoopWhateverTheRuntimeWroteAsReason() throws Exception {
        try (Receiver hook = Receiver.webhook(SECRET, 0)) {
            channel(admin, "{\"type\":\"webhook\",\"name\":\"loops\",\"url\":\"" + hook.url("/h") + "\",\"secret\":\""
                    + SECRET + "\",\"events\":[\"bot.crash_loop\",\"bot.down\",\"bot.recovered\"]}");
            long botId = bot(admin, "alert-looper", "on-failure");
            // The reason text is the runtime's prose: neither "crashes within" nor its absence decides.
            crashed(botId, "exited with code 1; 5 crashes within 10 min, left alone until started again");
            running(botId);
            crashed(botId, "exited with code 1; restarting in 2000 ms");
            running(botId);
            crashed(botId, "exited with code 137; restarting in 4000 ms");

            JsonNode loop = Await.until(() -> hook.delivered("bot.crash_loop"), l -> !l.isEmpty(), WAIT).get(0);
            running(botId);
            crashed(botId, "exited with code 1; restarting in 8000 ms");
            Await.until(() -> hook.delivered("bot.recovered").size(), n -> n == 3, WAIT);
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending", admin).json().size(),
                    n -> n == 0, WAIT);

            assertThat(hook.delivered("bot.crash_loop")).hasSize(1);
            assertThat(hook.delivered("bot.down")).hasSize(3); // crashes 1, 2 and 4
            assertThat(loop.get("severity").asString()).isEqualTo("critical");
            assertThat(loop.get("data").get("crashes_in_window").asInt()).isEqualTo(3);
            // Raised by the third crash, whose reason says nothing of a loop; not by the first, whose reason does.
            assertThat(loop.get("data").get("reason").asString()).isEqualTo("exited with code 137; restarting in 4000 ms");
            assertThat(loop.get("text").asString()).contains("alert-looper").contains("crash loop")
                    .contains("3 crashes within 10 min");
        }
    }

    private void crashed(long botId, String reason) {
        events.publishEvent(new RuntimeEvents.BotObserved(botId, ObservedState.CRASHED, null, null, reason, List.of()));
    }

    private void running(long botId) {
        events.publishEvent(new RuntimeEvents.BotObserved(botId, ObservedState.RUNNING, 1L, 1, "bot reports running", List.of()));
    }

    @Test
    void aLaggingPollerIsOneWarningToAdminsAndItsRecoveryGoesWhereTheWarningWent() throws Exception {
        String user = api.tokenFor("alert-lag-user", "operator");
        try (Receiver ops = Receiver.webhook(SECRET, 0); Receiver theirs = Receiver.webhook(SECRET, 0)) {
            channel(admin, "{\"type\":\"webhook\",\"name\":\"ops\",\"url\":\"" + ops.url("/h") + "\",\"secret\":\""
                    + SECRET + "\",\"events\":[\"poller.lagging\",\"poller.recovered\"]}");
            channel(user, "{\"type\":\"webhook\",\"name\":\"mine\",\"url\":\"" + theirs.url("/h") + "\",\"secret\":\""
                    + SECRET + "\",\"events\":[\"*\"]}");
            events.publishEvent(new PollerLag(true, Duration.ofSeconds(47), Duration.ofSeconds(15),
                    Duration.ofSeconds(5), java.time.Instant.now().minusSeconds(47)));
            JsonNode lagging = Await.until(() -> ops.delivered("poller.lagging"), l -> !l.isEmpty(), WAIT).get(0);
            events.publishEvent(new PollerLag(false, Duration.ofSeconds(1), Duration.ofSeconds(15),
                    Duration.ofSeconds(5), java.time.Instant.now()));
            events.publishEvent(new PollerLag(false, Duration.ofSeconds(1), Duration.ofSeconds(15),
                    Duration.ofSeconds(5), java.time.Instant.now()));
            Await.until(() -> ops.delivered("poller.recovered"), l -> !l.isEmpty(), WAIT);
            Await.until(() -> api.get("/api/v1/notifications/deliveries?status=pending", admin).json().size(),
                    n -> n == 0, WAIT);

            assertThat(lagging.get("severity").asString()).isEqualTo("warning");
            assertThat(lagging.get("data").get("lag_seconds").asLong()).isEqualTo(47);
            assertThat(lagging.get("text").asString()).contains("lagging").contains("47 s").contains("15 s");
            assertThat(ops.delivered("poller.lagging")).hasSize(1);
            assertThat(ops.delivered("poller.recovered")).hasSize(1);
            assertThat(theirs.requests).noneMatch(r -> r.body().contains("poller."));
        }
    }

    static DrawdownGuardTripped trip(String name) {
        return new DrawdownGuardTripped(1, name, "doomed", true, "USDT", 1000, 955, 4.5, 3, List.of(), false);
    }

    @Test
    void badChannelsAreRefusedNamingEveryFieldAndSecretsNeverComeBack() {
        Api.Response bad = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"telegram\",\"name\":\"\","
                + "\"chat_id\":\"x\",\"events\":[\"bot.down\",\"bot.exploded\"],\"min_severity\":\"loud\"}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "bot_token",
                "chat_id", "events[1]", "min_severity");
        Api.Response ftp = api.postJson("/api/v1/notifications/channels", admin, "{\"type\":\"slack\",\"name\":\"s\","
                + "\"url\":\"ftp://127.0.0.1/x\"}");
        assertThat(ftp.status()).isEqualTo(422);
        assertThat(ftp.json().get("errors").get(0).get("field").asString()).isEqualTo("url");

        long id = channel(admin, "{\"type\":\"webhook\",\"name\":\"secretive\",\"url\":\"http://127.0.0.1:9/x\","
                + "\"secret\":\"" + SECRET + "\"}");
        Api.Response read = api.get("/api/v1/notifications/channels/" + id, admin);
        assertThat(read.body()).doesNotContain(SECRET).doesNotContain("127.0.0.1:9");
        assertThat(read.json().get("url_set").asBoolean()).isTrue();
        assertThat(read.json().get("secret_set").asBoolean()).isTrue();

        // An update without secrets keeps them.
        Api.Response updated = api.request("PUT", "/api/v1/notifications/channels/" + id).bearer(admin)
                .json("{\"type\":\"webhook\",\"name\":\"renamed\",\"enabled\":false}").send();
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("secret_set").asBoolean()).isTrue();
        assertThat(updated.json().get("enabled").asBoolean()).isFalse();
        String stored = jdbc.queryForObject("SELECT secret_sealed FROM notify_channels WHERE id = ?", String.class, id);
        assertThat(stored).startsWith("v1:").doesNotContain(SECRET);

        // Someone else's channel does not exist for them.
        String viewer = api.tokenFor("alert-viewer", "viewer");
        assertThat(api.get("/api/v1/notifications/channels/" + id, viewer).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/notifications/channels", viewer).json().size()).isZero();

        JsonNode audit = api.get("/api/v1/audit/logs?target_type=notification_channel&target_id=" + id, admin).json();
        assertThat(audit.findValuesAsString("action")).contains("notification.channel_created",
                "notification.channel_updated");
        assertThat(audit.toString()).doesNotContain(SECRET);

        assertThat(api.request("DELETE", "/api/v1/notifications/channels/" + id).bearer(admin).send().status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/notifications/channels/" + id, admin).status()).isEqualTo(404);
    }

    @Test
    void theTestRouteSendsOneMessageNowAndSaysWhetherTheReceiverTookIt() throws Exception {
        try (Receiver slack = Receiver.start()) {
            long id = channel(admin, "{\"type\":\"slack\",\"name\":\"test me\",\"url\":\"" + slack.url("/s") + "\"}");
            Api.Response test = api.postJson("/api/v1/notifications/channels/" + id + "/test", admin, "");
            assertThat(test.status()).as(test.body()).isEqualTo(200);
            assertThat(test.json().get("sent").asBoolean()).isTrue();
            assertThat(slack.texts()).singleElement().asString().contains("Test message").contains("test me");
        }
    }
}
