package io.ftfleet.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** {@link TradeHistory} read from the closed-trades ledger. */
@Component
class LedgerTradeHistory implements TradeHistory {

    private final TradeLedger ledger;

    LedgerTradeHistory(TradeLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<Span> span(long botId) {
        return ledger.span(botId).map(s -> new Span(Instant.ofEpochMilli(s[0]), Instant.ofEpochMilli(s[1])));
    }

    @Override
    public int count(long botId, Instant from, Instant until) {
        return ledger.countOpened(botId, from.toEpochMilli(), until.toEpochMilli());
    }

    @Override
    public List<Trade> closedTrades(long botId, Instant from, Instant until, int limit) {
        return ledger.opened(botId, from.toEpochMilli(), until.toEpochMilli(), limit).stream()
                .map(t -> new Trade(t.tradeId(), t.pair(), t.stakeCurrency(), t.stakeAmount(), t.profitAbs(),
                        t.profitRatio(), t.openAt(), t.closeAt()))
                .toList();
    }
}
