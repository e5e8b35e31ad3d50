package io.ftfleet.freqtrade;

/**
 * Receives a bot's websocket messages. Called on the HTTP client's threads, one message at a time per
 * subscription; keep it quick (hand work off) because the bot disconnects slow consumers.
 */
public interface BotMessageListener {

    void onMessage(BotMessage message);

    /** The socket ended (by the bot, by a reload, or after {@link BotSubscription#close()}). Called at most once. */
    default void onClosed(int statusCode, String reason) {
    }

    /** The socket failed; no more messages follow. Usually a {@link BotUnreachable}. */
    default void onError(BotCallFailed error) {
    }
}
