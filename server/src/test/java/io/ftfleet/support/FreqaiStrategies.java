package io.ftfleet.support;

/** A FreqAI strategy (contract 7.4): calls self.freqai.start() and defines the &-s_close target. */
public final class FreqaiStrategies {

    private FreqaiStrategies() {
    }

    public static String strategy(String className) {
        return """
                from pandas import DataFrame
                from freqtrade.strategy import IStrategy


                class %s(IStrategy):
                    INTERFACE_VERSION = 3
                    timeframe = "5m"
                    minimal_roi = {"0": 0.04}
                    stoploss = -0.10
                    process_only_new_candles = True

                    def feature_engineering_expand_all(self, dataframe, period, metadata, **kwargs):
                        dataframe["%%-pct-change-period"] = dataframe["close"].pct_change(period)
                        return dataframe

                    def set_freqai_targets(self, dataframe, metadata, **kwargs):
                        dataframe["&-s_close"] = dataframe["close"].shift(-20).rolling(20).mean() / dataframe["close"] - 1
                        return dataframe

                    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return self.freqai.start(dataframe, metadata, self)

                    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe

                    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe
                """.formatted(className);
    }
}
