from freqtrade.strategy import IStrategy
from pandas import DataFrame


class BrokenSyntax(IStrategy):
    timeframe = "5m"
    stoploss = -0.1

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame
        dataframe["rsi"] = 50
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[(dataframe["rsi"] < 30, "enter_long"] = 1
        return dataframe
