import freqtrade.strategy as fts
from pandas import DataFrame


class Helper:
    pass


class MissingMethods(fts.IStrategy):
    timeframe = "15m"

    def populate_indicators(self, dataframe: DataFrame) -> DataFrame:
        return dataframe
