# --- Do not remove these libs ---
from freqtrade.strategy.interface import IStrategy
from freqtrade.strategy import IntParameter, DecimalParameter
from pandas import DataFrame
import talib.abstract as ta


class LegacyV2Strategy(IStrategy):
    INTERFACE_VERSION = 2

    minimal_roi = {
        "40": 0.0,
        "30": 0.01,
        "20": 0.02,
        "0": 0.04
    }
    stoploss = -0.10
    ticker_interval = '5m'
    use_sell_signal = True
    sell_profit_only = False

    buy_rsi = IntParameter([10, 40], default=30)
    sell_rsi_limit = DecimalParameter(60.0, 90.0, decimals=1, default=70.5, optimize=False)

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe['rsi'] = ta.RSI(dataframe)
        return dataframe

    def populate_buy_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe['rsi'] < self.buy_rsi.value, 'buy'] = 1
        return dataframe

    def populate_sell_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe['rsi'] > self.sell_rsi_limit.value, 'sell'] = 1
        return dataframe

    def custom_sell(self, pair, trade, current_time, current_rate, current_profit, **kwargs):
        return None
