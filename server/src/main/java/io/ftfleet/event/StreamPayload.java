package io.ftfleet.event;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.ftfleet.runtime.ObservedState;

/**
 * The {@code data} of a stream message: one record per message type, written snake_case in declaration order.
 * Fields a client may read as absent or null are kept as they were sent.
 */
sealed interface StreamPayload {

    /** {@code bot.state}: the runtime's observation ({@code state} lower-case, e.g. {@code running}). */
    record BotState(ObservedState state, Long pid, Integer port, String reason) implements StreamPayload {
    }

    /** {@code bot.restart_scheduled}. */
    record RestartScheduled(int crashesInWindow, long delayMs, Integer exitCode) implements StreamPayload {
    }

    /** {@code trading.disabled}. */
    record TradingDisabled(boolean enabled, String reason) implements StreamPayload {
    }

    /** {@code trading.rearmed}. */
    record TradingRearmed(boolean enabled) implements StreamPayload {
    }

    /** {@code job.progress}. */
    record JobProgress(long jobId, String kind, String status, Integer done, Integer total, String phase)
            implements StreamPayload {
    }

    /** {@code job.finished}. */
    record JobFinished(long jobId, String kind, String status, Integer exitCode, String reason)
            implements StreamPayload {
    }

    /** {@code risk.drawdown_guard_tripped}: no amounts or bots, which may be other users'. */
    record DrawdownGuard(String guard, String scopeTag, boolean dryRun, String stakeCurrency, double drawdownPct,
            double maxDrawdownPct) implements StreamPayload {
    }

    /** {@code bot.entries_stopped}, one per bot a guard stopped. */
    record EntriesStopped(String guard, boolean forceExit) implements StreamPayload {
    }

    /** {@code trade.opened} from the bot's own message websocket. */
    record FeedTradeOpened(int tradeId, String pair, String direction, Double openRate, Double amount,
            Double stakeAmount, String stakeCurrency, String enterTag, String openDate, String source)
            implements StreamPayload {
    }

    /** {@code trade.closed} from the bot's own message websocket. */
    record FeedTradeClosed(int tradeId, String pair, String direction, Double openRate, Double closeRate,
            Double amount, Double profitAmount, Double profitRatio, String stakeCurrency, String exitReason,
            String closeDate, String source) implements StreamPayload {
    }

    /** {@code trade.opened} / {@code trade.closed} derived from two snapshots of a bot without a websocket. */
    record TradeCount(int count, int openTrades, int closedTrades, Double profitClosedAbs, String source)
            implements StreamPayload {
    }

    /** {@code connected}: who the stream authenticated and which types it sends. */
    record Connected(long userId, String username, String role, List<String> types) implements StreamPayload {
    }

    /** {@code subscribed}: each filter is {@code "all"} or the sorted list. */
    record Subscribed(Selection types, Selection bots) implements StreamPayload {
    }

    /** {@code "all"} when null, else the list itself. */
    record Selection(List<?> only) {
        @JsonValue
        Object value() {
            return only == null ? "all" : only;
        }
    }

    /** {@code error}: a message the stream could not act on. */
    record ErrorMessage(String code, String detail) implements StreamPayload {
    }

    /** {@code pong}: an empty object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Pong() implements StreamPayload {
    }
}
