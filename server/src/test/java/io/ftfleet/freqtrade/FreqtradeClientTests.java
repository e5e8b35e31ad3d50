package io.ftfleet.freqtrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against one real simulated bot process (started once for the class). */
class FreqtradeClientTests {

    @TempDir
    static Path dir;

    private static SimulatedBot bot;
    private static FreqtradeClients clients;
    private HttpFreqtradeClient client;

    @BeforeAll
    static void startBot() {
        bot = SimulatedBot.start(dir);
        clients = new FreqtradeClients(new FreqtradeClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopBot() {
        if (bot != null) {
            bot.close();
        }
    }

    /** Every test starts with a running bot and a client that has not logged in yet. */
    @BeforeEach
    void newClientOnARunningBot() {
        FreqtradeClient setup = clients.forBot(bot.endpoint());
        if (!setup.showConfig().running()) {
            setup.start();
            eventually(() -> setup.showConfig().state(), "running"::equals);
        }
        client = (HttpFreqtradeClient) clients.forBot(bot.endpoint());
    }

    @Test
    void pingNeedsNoLogin() {
        assertThat(client.ping()).isTrue();
        assertThat(client.logins).hasValue(0);
    }

    @Test
    void logsInOnceAndReadsTheBotsConfigAndState() {
        ShowConfig config = client.showConfig();

        assertThat(config.state()).isEqualTo("running");
        assertThat(config.dryRun()).isTrue();
        assertThat(config.stakeCurrency()).isEqualTo(SimulatedBot.STAKE_CURRENCY);
        assertThat(config.stakeAmount()).isEqualTo("unlimited");
        assertThat(config.maxOpenTrades()).isEqualTo(3.0);
        assertThat(config.strategy()).isEqualTo("SampleStrategy");
        assertThat(config.exchange()).isEqualTo("binance");
        assertThat(config.botName()).isEqualTo("fleet-client-test");
        assertThat(config.timeframe()).isEqualTo("5m");
        assertThat(config.runmode()).isEqualTo("dry_run");
        assertThat(client.version()).isEqualTo("2024.10-dev-c9ae5e1e9");
        assertThat(client.whitelist().whitelist()).containsExactlyInAnyOrderElementsOf(SimulatedBot.PAIRS);
        assertThat(client.logins).hasValue(1);
    }

    @Test
    void readsTradesProfitBalanceAndStatisticsOnceTheBotHasTraded() {
        TradeHistory history = eventually(() -> client.trades(500, 0), h -> h.totalTrades() >= 1);

        Trade closed = history.trades().get(0);
        assertThat(closed.isOpen()).isFalse();
        assertThat(closed.closeDate()).isNotBlank();
        assertThat(closed.exitReason()).isNotBlank();
        assertThat(closed.pair()).endsWith("/" + SimulatedBot.STAKE_CURRENCY);
        assertThat(closed.orders()).isNotEmpty();
        assertThat(history.tradesCount()).isEqualTo(history.trades().size());
        assertThat(client.trades(1, 0).trades()).hasSize(1);

        List<Trade> open = client.status();
        assertThat(open).allSatisfy(t -> {
            assertThat(t.isOpen()).isTrue();
            assertThat(t.currentRate()).isNotNull();
        });
        TradeCount count = client.count();
        assertThat(count.max()).isEqualTo(3);
        assertThat(count.current()).isBetween(0, 3);

        Profit profit = client.profit();
        assertThat(profit.closedTradeCount()).isGreaterThanOrEqualTo(history.totalTrades());
        assertThat(profit.tradeCount()).isGreaterThanOrEqualTo(profit.closedTradeCount());
        assertThat(profit.winningTrades() + profit.losingTrades()).isGreaterThan(0);

        Balances balance = client.balance();
        assertThat(balance.stake()).isEqualTo(SimulatedBot.STAKE_CURRENCY);
        assertThat(balance.note()).isEqualTo("Simulated balances");
        assertThat(balance.startingCapital()).isGreaterThan(0);
        assertThat(balance.currencies()).extracting(Balances.Currency::currency)
                .contains(SimulatedBot.STAKE_CURRENCY);

        PeriodicProfit daily = client.daily(3);
        assertThat(daily.data()).hasSize(3);
        assertThat(daily.stakeCurrency()).isEqualTo(SimulatedBot.STAKE_CURRENCY);
        assertThat(daily.data().get(0).tradeCount()).isGreaterThanOrEqualTo(1);

        assertThat(client.performance()).isNotEmpty().allSatisfy(p -> assertThat(p.count()).isPositive());

        Health health = eventually(() -> client.health(), h -> h.lastProcessTs() != null);
        assertThat(health.lastProcessAt()).isPresent();
        assertThat(health.botStartupAt()).isPresent();

        BotLogs logs = client.logs(50);
        assertThat(logs.logs()).hasSizeLessThanOrEqualTo(50).hasSize(logs.logCount());
        assertThat(client.logs(1000).logs()).extracting(BotLogs.Line::message)
                .anySatisfy(m -> assertThat(m).startsWith("Starting HTTP Server at 127.0.0.1:" + bot.port()));
    }

    @Test
    void stopKeepsTheApiUpAndStartResumesTrading() {
        assertThat(client.stop()).isEqualTo("stopping trader ...");
        assertThat(eventually(() -> client.showConfig().state(), "stopped"::equals)).isEqualTo("stopped");
        assertThat(client.stop()).isEqualTo("already stopped");

        assertThat(client.start()).isEqualTo("starting trader ...");
        assertThat(eventually(() -> client.showConfig().state(), "running"::equals)).isEqualTo("running");
        assertThat(client.start()).isEqualTo("already running");
    }

    @Test
    void aCallTheBotRefusesCarriesFreqtradesOwnMessage() {
        client.stop();
        eventually(() -> client.showConfig().state(), "stopped"::equals);

        assertThatThrownBy(client::count).isInstanceOfSatisfying(BotRejected.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.botMessage()).isEqualTo("Error querying /api/v1/count: trader is not running");
        });
        client.start();

        assertThatThrownBy(() -> client.forceExit("999999")).isInstanceOfSatisfying(BotRejected.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.botMessage()).isEqualTo("Error querying /api/v1/forceexit: invalid argument");
        });
        assertThatThrownBy(() -> client.forceEnter("ETH/BTC", "long")).isInstanceOfSatisfying(BotRejected.class,
                e -> assertThat(e.botMessage()).contains("Only pairs with stake-currency USDT allowed."));
        assertThatThrownBy(() -> client.daily(0)).isInstanceOf(BotRejected.class);
    }

    @Test
    void forceEnterOpensATradeAndForceExitClosesIt() {
        String pair = eventually(() -> freePair(), p -> p != null);

        Trade entered = client.forceEnter(ForceEnter.longEntry(pair).withStakeAmount(20).withEntryTag("fleet"));

        assertThat(entered.pair()).isEqualTo(pair);
        assertThat(entered.isOpen()).isTrue();
        assertThat(entered.enterTag()).isEqualTo("fleet");
        assertThat(entered.stakeAmount()).isEqualTo(20.0);
        assertThat(client.forceExit(String.valueOf(entered.tradeId())))
                .isEqualTo("Created exit order for trade " + entered.tradeId() + ".");
        assertThat(client.forceExit("all")).isEqualTo("Created exit orders for all open trades.");
    }

    @Test
    void stopEntryKeepsTheBotRunningUntilReloadConfigResetsIt() {
        assertThat(client.stopEntry()).isEqualTo("No more entries will occur from now. Run /reload_config to reset.");
        assertThat(client.showConfig()).satisfies(c -> {
            assertThat(c.state()).isEqualTo("running");
            assertThat(c.maxOpenTrades()).isZero();
        });

        assertThat(client.reloadConfig()).isEqualTo("Reloading config ...");

        // The API goes down for a moment and comes back with the config file's values.
        ShowConfig reloaded = eventually(() -> {
            try {
                return client.showConfig();
            } catch (BotUnreachable | BotRejected e) {
                return null;
            }
        }, c -> c != null && c.running() && c.maxOpenTrades() == 3.0);
        assertThat(reloaded.maxOpenTrades()).isEqualTo(3.0);
    }

    @Test
    void refreshesARefusedAccessTokenWithoutLoggingInAgain() {
        client.showConfig();
        String refresh = currentRefreshToken();
        client.replaceTokensForTest("not-a-valid.jwt.token", refresh);

        assertThat(client.showConfig().running()).isTrue();

        assertThat(client.logins).hasValue(1);
        assertThat(client.refreshes).hasValue(1);
    }

    @Test
    void logsInAgainWhenTheRefreshTokenIsRefusedToo() {
        client.showConfig();
        client.replaceTokensForTest("not-a-valid.jwt.token", "not-a-valid.refresh.token");

        assertThat(client.showConfig().running()).isTrue();

        assertThat(client.logins).hasValue(2);
        assertThat(client.refreshes).hasValue(0);
    }

    @Test
    void refreshesAnAccessTokenThatIsAboutToExpireBeforeSendingTheCall() {
        client.showConfig();
        client.replaceTokensForTest(unsignedJwt(System.currentTimeMillis() / 1000 + 5), currentRefreshToken());

        assertThat(client.balance().stake()).isEqualTo(SimulatedBot.STAKE_CURRENCY);

        assertThat(client.refreshes).hasValue(1);
        assertThat(client.logins).hasValue(1);
    }

    @Test
    void concurrentCallsShareOneLoginAndOneRefresh() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<ShowConfig>> calls = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(client::showConfig, pool)).toList();
            calls.forEach(c -> assertThat(c.join().running()).isTrue());
            assertThat(client.logins).hasValue(1);

            client.replaceTokensForTest("not-a-valid.jwt.token", currentRefreshToken());
            List<CompletableFuture<Whitelist>> again = java.util.stream.IntStream.range(0, 16)
                    .mapToObj(i -> CompletableFuture.supplyAsync(client::whitelist, pool)).toList();
            again.forEach(c -> assertThat(c.join().length()).isEqualTo(SimulatedBot.PAIRS.size()));
            assertThat(client.refreshes).hasValue(1);
            assertThat(client.logins).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrongPasswordIsBotAuthFailedWithoutThePasswordInTheMessage() {
        FreqtradeClient wrong = clients.forBot(bot.endpointWithPassword("wrong-password-42"));

        assertThatThrownBy(wrong::showConfig).isInstanceOf(BotAuthFailed.class)
                .hasMessageContaining("refused the API credentials")
                .hasMessageContaining("Incorrect username or password")
                .hasMessageNotContaining("wrong-password-42");
        assertThat(wrong.ping()).isTrue();
    }

    @Test
    void websocketDeliversStatusWhitelistAndFillMessages() throws Exception {
        client.forceExit("all"); // free the open-trade slots so new entries follow soon
        BlockingQueue<BotMessage> received = new LinkedBlockingQueue<>();
        try (BotSubscription sub = client.subscribe(
                List.of(BotMessage.STATUS, BotMessage.WHITELIST, BotMessage.ENTRY_FILL, BotMessage.EXIT_FILL),
                received::add)) {
            assertThat(sub.isOpen()).isTrue();

            sub.requestWhitelist();
            BotMessage whitelist = next(received, BotMessage.WHITELIST);
            assertThat(whitelist.whitelist()).hasValueSatisfying(
                    pairs -> assertThat(pairs).containsExactlyInAnyOrderElementsOf(SimulatedBot.PAIRS));

            client.stop();
            assertThat(next(received, BotMessage.STATUS).status()).contains("stopped");
            client.start();
            assertThat(next(received, BotMessage.STATUS).status()).contains("running");

            EntryMessage entry = next(received, BotMessage.ENTRY_FILL).entry().orElseThrow();
            assertThat(entry.pair()).endsWith("/" + SimulatedBot.STAKE_CURRENCY);
            assertThat(entry.stakeCurrency()).isEqualTo(SimulatedBot.STAKE_CURRENCY);
            assertThat(entry.openRate()).isPositive();

            client.forceExit("all");
            ExitMessage exit = next(received, BotMessage.EXIT_FILL).exit().orElseThrow();
            assertThat(exit.closeRate()).isPositive();
            assertThat(exit.gain()).isIn("profit", "loss");
        }
    }

    @Test
    void websocketReportsTheBotClosingIt() throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        BotSubscription sub = client.subscribe(List.of(BotMessage.STATUS), new BotMessageListener() {
            @Override
            public void onMessage(BotMessage message) {
            }

            @Override
            public void onClosed(int statusCode, String reason) {
                closed.complete(statusCode);
            }

            @Override
            public void onError(BotCallFailed error) {
                closed.complete(-1);
            }
        });

        client.reloadConfig(); // drops every websocket (contract 1.8)

        assertThat(closed.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(sub.isOpen()).isFalse();
        bot.awaitPing();
        eventually(() -> {
            try {
                return client.showConfig().state();
            } catch (BotCallFailed e) {
                return null;
            }
        }, "running"::equals);
    }

    @Test
    void aWebsocketTokenTheBotRefusesIsBotAuthFailed() {
        client.showConfig();
        client.replaceTokensForTest("not-a-valid.jwt.token", currentRefreshToken());

        assertThatThrownBy(() -> client.subscribe(List.of(BotMessage.STATUS), m -> { }))
                .isInstanceOf(BotAuthFailed.class).hasMessageContaining("HTTP 403")
                .hasMessageNotContaining("not-a-valid");
    }

    @Test
    void subscribingToAnUnknownTypeIsRefusedBeforeTheBotWouldIgnoreIt() {
        assertThatThrownBy(() -> client.subscribe(List.of("status", "trades"), m -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private String freePair() {
        List<String> taken = client.status().stream().map(Trade::pair).toList();
        return SimulatedBot.PAIRS.stream().filter(p -> !taken.contains(p)).findFirst().orElseGet(() -> {
            client.forceExit("all");
            return null;
        });
    }

    private String currentRefreshToken() {
        // The refresh token is only inside the client; a fresh login on the side gives an equally valid one.
        HttpFreqtradeClient other = (HttpFreqtradeClient) clients.forBot(bot.endpoint());
        other.showConfig();
        return other.refreshTokenForTest();
    }

    /** A JWT-shaped token with the given exp; its signature is wrong, which the client never checks. */
    private static String unsignedJwt(long exp) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(("{\"exp\":" + exp + ",\"type\":\"access\"}").getBytes()) + ".c2ln";
    }

    private static BotMessage next(BlockingQueue<BotMessage> queue, String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            BotMessage m = queue.poll(200, TimeUnit.MILLISECONDS);
            if (m != null && m.type().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " message within 20 s");
    }

    static <T> T eventually(Supplier<T> read, Predicate<T> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            SimulatedBot.sleep(100);
        }
        throw new AssertionError("condition not reached within 20 s; last value: " + last);
    }
}
