package io.ftfleet.simulator;

import java.util.ArrayList;
import java.util.List;

/** A simulated trade (subset of freqtrade's Trade model) with its orders. */
public final class Trade {
    public long id;
    public String pair;
    public boolean isOpen = true;
    public double amount;
    public double amountRequested;
    public double stakeAmount;
    public double openRate;
    public long openDate;
    public Double closeRate;
    public Long closeDate;
    public Double closeProfit;
    public Double closeProfitAbs;
    public String exitReason;
    public String enterTag;
    public double feeOpen;
    public double feeClose;
    public double minRate;
    public double maxRate;
    public double stopLossAbs;
    public double initialStopLossAbs;
    public double stopLossRatio;
    public long stoplossLastUpdate;
    public String strategy;
    public int timeframeMin;
    public String exchange;
    public List<Order> orders = new ArrayList<>();

    public static final class Order {
        public String orderId;
        public String side;
        public String orderType;
        public String status;
        public double amount;
        public double price;
        public long orderDate;
        public Long filledDate;
        public boolean entry;
        public String tag;
    }

    public String base() { return pair.split("/")[0]; }

    public String quote() {
        String q = pair.split("/")[1];
        int c = q.indexOf(':');
        return c >= 0 ? q.substring(0, c) : q;
    }

    public double openTradeValue() { return amount * openRate * (1 + feeOpen); }

    public double closeValue(double rate) { return amount * rate * (1 - feeClose); }

    public double profitAbs(double rate) { return closeValue(rate) - openTradeValue(); }

    public double profitRatio(double rate) {
        double otv = openTradeValue();
        return otv == 0 ? 0.0 : closeValue(rate) / otv - 1;
    }
}
