package io.ftfleet.freqtrade;

/** An open message websocket of one bot. */
public interface BotSubscription extends AutoCloseable {

    /** Asks the bot for its whitelist; it answers with one {@code whitelist} message. */
    void requestWhitelist();

    boolean isOpen();

    /** Closes the socket (politely, then by force after the read timeout). Safe to call twice. */
    @Override
    void close();
}
