package io.ftfleet.bot.config;

import java.math.BigDecimal;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

final class Fixtures {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    static final String EXCHANGE_KEY = "EXKEY-7f3a9c";
    static final String EXCHANGE_SECRET = "EXSECRET-91bd22";
    static final String EXCHANGE_PASSWORD = "EXPASS-c0ffee";
    static final String API_PASSWORD = "APIPASS-5e5e5e";
    static final String JWT = "JWT-4b1d6f0a9e";
    static final String WS_TOKEN = "WSTOKEN-aa77bb";
    static final String DB_PASSWORD = "DBPASS-123abc";

    private Fixtures() {
    }

    static BotConfigInput.Builder typical() {
        return BotConfigInput.builder()
                .name("b1")
                .exchange("binance")
                .tradingMode(TradingMode.SPOT)
                .dryRun(true)
                .dryRunWallet(new BigDecimal("1000"))
                .timeframe("5m")
                .pairWhitelist(List.of("BTC/USDT", "ETH/USDT"))
                .stakeCurrency("USDT")
                .stakeAmount(StakeAmount.of(new BigDecimal("100")))
                .maxOpenTrades(3)
                .strategyClassName("SampleStrategy");
    }

    static BotRuntimeValues runtime() {
        return new BotRuntimeValues(null, 8101, "fleet", API_PASSWORD, JWT, WS_TOKEN,
                EXCHANGE_KEY, EXCHANGE_SECRET, EXCHANGE_PASSWORD, "sqlite:////var/lib/ftfleet/bots/b1/tradesv3.sqlite");
    }

    static ObjectNode json(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }

    static JsonNode anyJson(String text) {
        return MAPPER.readTree(text);
    }
}
