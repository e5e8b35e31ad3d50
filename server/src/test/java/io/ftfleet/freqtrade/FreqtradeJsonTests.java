package io.ftfleet.freqtrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The DTOs read the contract's sample payloads (copied from shared/freqtrade/samples) and tolerate int-or-float. */
class FreqtradeJsonTests {

    private final JsonMapper json = FreqtradeClients.mapper();

    @Test
    void numbersAreReadWhetherTheBotSendsThemAsIntOrFloat() {
        TradeCount asInts = json.readValue("{\"current\": 1, \"max\": 3, \"total_stake\": 5}", TradeCount.class);
        TradeCount asFloats = json.readValue("{\"current\": 1.0, \"max\": 3.0, \"total_stake\": 5.0}",
                TradeCount.class);
        assertThat(asFloats).isEqualTo(asInts).isEqualTo(new TradeCount(1, 3, 5.0));

        ShowConfig intMax = json.readValue("{\"max_open_trades\": 1, \"api_version\": 2}", ShowConfig.class);
        ShowConfig floatMax = json.readValue("{\"max_open_trades\": 1.0, \"api_version\": 2.4}", ShowConfig.class);
        assertThat(intMax.maxOpenTrades()).isEqualTo(1.0);
        assertThat(floatMax.maxOpenTrades()).isEqualTo(1.0);
        assertThat(json.readValue("{\"max_open_trades\": -1}", ShowConfig.class).unlimitedOpenTrades()).isTrue();
    }

    @Test
    void unknownFieldsFromNewerReleasesAreIgnored() {
        Whitelist w = json.readValue("{\"whitelist\": [\"A/B\"], \"length\": 1, \"method\": [], \"new_field\": {}}",
                Whitelist.class);
        assertThat(w.whitelist()).containsExactly("A/B");
    }

    @Test
    void showConfigSampleIsReadWithItsNullsAndNestedBlocks() {
        ShowConfig c = sample("show_config.json", ShowConfig.class);
        assertThat(c.state()).isEqualTo("running");
        assertThat(c.running()).isTrue();
        assertThat(c.dryRun()).isTrue();
        assertThat(c.stakeCurrency()).isEqualTo("BTC");
        assertThat(c.stakeAmount()).isEqualTo("0.001");
        assertThat(c.maxOpenTrades()).isEqualTo(1.0);
        assertThat(c.apiVersion()).isEqualTo(2.4);
        assertThat(c.strategyVersion()).isNull();
        assertThat(c.availableCapital()).isNull();
        assertThat(c.minimalRoi()).containsEntry("40", 0.0).containsEntry("0", 0.04);
        assertThat(c.unfilledtimeout().exitTimeoutCount()).isZero();
        assertThat(c.orderTypes().path("emergency_exit").asString()).isEqualTo("market");
        assertThat(c.timeframeMs()).isEqualTo(300_000L);
        assertThat(c.exchange()).isEqualTo("binance");
        assertThat(c.botName()).isEqualTo("freqtrade");
        assertThat(c.maxEntryPositionAdjustment()).isEqualTo(-1);
    }

    @Test
    void statusSampleIsReadAsOpenTradesWithOrders() {
        List<Trade> open = json.readValue(resource("status.json"),
                json.getTypeFactory().constructCollectionType(List.class, Trade.class));
        Trade t = open.get(0);
        assertThat(t.tradeId()).isEqualTo(1);
        assertThat(t.isOpen()).isTrue();
        assertThat(t.isShort()).isFalse();
        assertThat(t.pair()).isEqualTo("ETH/BTC");
        assertThat(t.openRate()).isEqualTo(1.098e-05);
        assertThat(t.closeDate()).isNull();
        assertThat(t.currentRate()).isEqualTo(1.099e-05);
        assertThat(t.profitFiat()).isNull();
        assertThat(t.timeframe()).isEqualTo(5);
        assertThat(t.orders()).singleElement().satisfies(o -> {
            assertThat(o.ftOrderSide()).isEqualTo("buy");
            assertThat(o.isOpen()).isFalse();
            assertThat(o.orderId()).startsWith("dry_run_buy_");
        });
    }

    @Test
    void tradesSampleIsReadAsClosedTradesWithCounts() {
        TradeHistory h = sample("trades.json", TradeHistory.class);
        assertThat(h.totalTrades()).isEqualTo(2);
        assertThat(h.tradesCount()).isEqualTo(2);
        assertThat(h.trades()).extracting(Trade::exitReason).containsExactly("sell_signal", "roi");
        Trade first = h.trades().get(0);
        assertThat(first.isOpen()).isFalse();
        assertThat(first.tradeDurationS()).isEqualTo(1080L);
        assertThat(first.closeProfitAbs()).isEqualTo(0.000584127);
        assertThat(first.orders()).extracting(TradeOrder::ftIsEntry).containsExactly(true, false);
        // "average": 0 (an int) next to "average": 0.06 in the same payload
        assertThat(h.trades().get(1).orders().get(1).average()).isEqualTo(0.06);
    }

    @Test
    void profitBalanceCountHealthLogsAndWhitelistSamplesAreRead() {
        Profit p = sample("profit.json", Profit.class);
        assertThat(p.profitFactor()).isNull();
        assertThat(p.tradeCount()).isEqualTo(6);
        assertThat(p.bestPair()).isEqualTo("XRP/BTC");
        assertThat(p.maxDrawdownStart()).isEmpty();

        Balances b = sample("balance.json", Balances.class);
        assertThat(b.currencies()).hasSize(5);
        assertThat(b.currencies().get(0).isBotManaged()).isTrue();
        assertThat(b.total()).isEqualTo(12.159513094);

        assertThat(sample("count.json", TradeCount.class)).isEqualTo(new TradeCount(4, 1, 21.579));

        Health h = sample("health.json", Health.class);
        assertThat(h.lastProcessTs()).isEqualTo(1729761595L);
        assertThat(h.lastProcessAt()).hasValueSatisfying(i -> assertThat(i.getEpochSecond()).isEqualTo(1729761595L));

        BotLogs logs = sample("logs.json", BotLogs.class);
        assertThat(logs.logCount()).isEqualTo(6);
        assertThat(logs.logs().get(3)).satisfies(l -> {
            assertThat(l.logger()).isEqualTo("freqtrade.worker");
            assertThat(l.level()).isEqualTo("INFO");
            assertThat(l.message()).isEqualTo("Changing state to: RUNNING");
            assertThat(l.timestampMs()).isEqualTo(1729760576311.9045);
        });

        assertThat(sample("whitelist.json", Whitelist.class).method()).containsExactly("StaticPairList");
    }

    @Test
    void websocketSampleFramesGiveTypedEntryExitStatusAndWhitelist() {
        JsonNode frames = json.readTree(resource("ws_messages.json")).path("server_to_client");

        EntryMessage entry = message(frames.get("entry_fill")).entry().orElseThrow();
        assertThat(entry.tradeId()).isEqualTo(7);
        assertThat(entry.direction()).isEqualTo("Long");
        assertThat(entry.openRate()).isEqualTo(2532.4);
        assertThat(entry.enterTag()).isNull();

        ExitMessage exit = message(frames.get("exit_fill")).exit().orElseThrow();
        assertThat(exit.gain()).isEqualTo("profit");
        assertThat(exit.exitReason()).isEqualTo("roi");
        assertThat(exit.isFinalExit()).isTrue();
        assertThat(exit.currentRate()).isNull();

        assertThat(message(frames.get("status")).status()).contains("running");
        assertThat(message(frames.get("exception_reply")).status()).contains("Error processing request");
        assertThat(message(frames.get("whitelist_response_or_broadcast")).whitelist())
                .hasValue(List.of("BTC/USDT", "ETH/USDT"));
        assertThat(message(frames.get("status")).entry()).isEmpty();
    }

    private BotMessage message(JsonNode frame) {
        return new BotMessage(frame.path("type").asString(), frame, json);
    }

    private <T> T sample(String name, Class<T> type) {
        return json.readValue(resource(name), type);
    }

    private static byte[] resource(String name) {
        try (InputStream in = FreqtradeJsonTests.class.getResourceAsStream("/freqtrade/samples/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
