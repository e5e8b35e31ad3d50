package io.ftfleet.support;

/** A small valid strategy, as tests create them through the API. */
public final class StrategyFixtures {

    private StrategyFixtures() {
    }

    public static String valid(String className, String stoploss) {
        return """
                from pandas import DataFrame
                from freqtrade.strategy import IStrategy, IntParameter


                class %s(IStrategy):
                    INTERFACE_VERSION = 3
                    timeframe = "5m"
                    minimal_roi = {"0": 0.04}
                    stoploss = %s
                    buy_rsi = IntParameter(10, 40, default=30, space="buy")

                    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe

                    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe

                    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe
                """.formatted(className, stoploss);
    }

    /** The same strategy as a JSON body {@code {"code": ...}}. */
    public static String body(String className) {
        return "{\"code\":" + tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(valid(className, "-0.10")) + "}";
    }

    /**
     * Creates a bot (binance, USDT, stake 10) on a strategy of its own, uploaded first and named
     * {@code prefix + name} without punctuation; returns its id.
     */
    public static long createBot(Api api, String token, String prefix, String name, String restartPolicy) {
        String strategy = prefix + name.replaceAll("[^A-Za-z0-9]", "");
        api.postJson("/api/v1/strategies/", token, body(strategy));
        Api.Response bot = api.postJson("/api/v1/bots/", token, "{\"name\":\"" + name + "\",\"strategy_name\":\""
                + strategy + "\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,"
                + "\"restart_policy\":\"" + restartPolicy + "\"}");
        if (bot.status() != 201) {
            throw new AssertionError("bot " + name + " not created: " + bot.status() + " " + bot.body());
        }
        return bot.json().get("id").asLong();
    }
}
