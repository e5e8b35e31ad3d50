package io.ftfleet.freqtrade;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One bot's Freqtrade API (contract sections 1 and 2). Paths are relative to {@code /api/v1}. Thread-safe: one
 * instance per bot, shared by every caller, holds that bot's JWTs; it logs in on first use, refreshes the access
 * token when it expires or is refused, and logs in again once if the refresh is refused.
 * <p>
 * Every method throws {@link BotUnreachable}, {@link BotRejected} (with Freqtrade's own message),
 * {@link BotAuthFailed} or {@link BotResponseUnreadable}; all are {@link BotCallFailed}. Control calls return the
 * bot's reply text; the bot applies the change on its next loop iteration, so read {@link #showConfig()} to see it.
 */
public interface FreqtradeClient {

    BotEndpoint endpoint();

    /** {@code GET /ping}, the public route: true when the bot answered {@code pong}. Needs no login. */
    boolean ping();

    /** {@code GET /version}, e.g. {@code 2024.10-dev-c9ae5e1e9}. */
    String version();

    ShowConfig showConfig();

    /**
     * The {@code state} of this client's last {@link #showConfig()} answer, whoever asked (the fleet poller asks a
     * stopped or paused bot every cycle); empty before any. Knowledge, not a call: it may be a poll interval old.
     */
    default Optional<String> lastState() {
        return Optional.empty();
    }

    /** {@code GET /status}: open trades, empty when there are none. */
    List<Trade> status();

    /** Freqtrade's documented page size for {@code /trades}; newer releases refuse {@code limit} 0 (all). */
    int MAX_TRADES_PAGE = 500;

    /**
     * {@code GET /trades?limit=&offset=&order_by_id=true}: one page of closed trades, oldest (lowest id) first.
     * {@code order_by_id} keeps that order on 2025.4+ bots; older ones ignore the parameter and order by id anyway.
     *
     * @throws IllegalArgumentException when {@code limit} is not 1..{@link #MAX_TRADES_PAGE} or {@code offset} < 0
     */
    TradeHistory trades(int limit, int offset);

    /** {@code GET /count}; refused with 502 while the bot is not running. */
    TradeCount count();

    Profit profit();

    Balances balance();

    /** {@code GET /daily?timescale=days}; the bot refuses {@code days <= 0}. */
    PeriodicProfit daily(int days);

    PeriodicProfit weekly(int weeks);

    PeriodicProfit monthly(int months);

    List<PairPerformance> performance();

    Health health();

    /** {@code GET /logs?limit=}; the last {@code limit} records, oldest first. */
    BotLogs logs(int limit);

    Whitelist whitelist();

    /**
     * {@code GET /pair_candles?pair=&timeframe=&limit=}: the last {@code limit} rows of the live analysed dataframe;
     * empty ({@code length} 0) while the bot has not analysed that pair and timeframe.
     */
    PairCandles pairCandles(String pair, String timeframe, int limit);

    /** {@code POST /start}: {@code "starting trader ..."} or {@code "already running"}. */
    String start();

    /** {@code POST /stop}: {@code "stopping trader ..."} or {@code "already stopped"}. The process keeps running. */
    String stop();

    /**
     * {@code POST /stopentry}: on a {@link FreqtradeGeneration#STOPENTRY} bot no new entries until the next reload
     * (the state stays {@code running}); on a {@link FreqtradeGeneration#PAUSED_STATE} bot an alias of
     * {@link #pause()}. The route exists under this name in both, so there is no fallback to {@code /stopbuy}.
     */
    String stopEntry();

    /**
     * {@code POST /pause} (Freqtrade 2025.4+): the bot goes {@code paused}, exits go on, no entries until
     * {@code /start}. Older bots have no such route ({@link BotRejected} 404/405): check {@link ShowConfig#generation()}.
     */
    String pause();

    /**
     * {@code POST /reload_config}: the bot rebuilds itself from its config files; its API is down for a moment,
     * websockets drop, and it comes back in its {@code initial_state}.
     */
    String reloadConfig();

    /** {@code POST /forceexit}: {@code tradeId} is a trade id or {@code "all"}. Returns the bot's result text. */
    String forceExit(String tradeId);

    /** {@code POST /forceenter}: the new trade. A refusal in a 200 body becomes {@link BotRejected} with status 200. */
    Trade forceEnter(ForceEnter request);

    /** {@code POST /forceenter} for one pair and side ({@code long}/{@code short}) with the bot's defaults. */
    default Trade forceEnter(String pair, String side) {
        return forceEnter(new ForceEnter(pair, side, null, null, null, null, null));
    }

    /**
     * Opens the message websocket, subscribes to {@code types} (see {@link BotMessage} for the names) and delivers
     * every message to {@code listener}. Returns once the subscription is sent. The socket is not reconnected: when
     * the bot drops it (reload_config, restart) the listener hears about it and the caller subscribes again.
     *
     * @throws IllegalArgumentException when {@code types} is empty or holds an unknown type (the bot would silently
     *                                  ignore the whole request)
     */
    BotSubscription subscribe(Collection<String> types, BotMessageListener listener);
}
