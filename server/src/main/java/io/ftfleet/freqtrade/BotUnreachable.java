package io.ftfleet.freqtrade;

/** The bot's API did not answer: connection refused, connect or read timeout, connection dropped. */
public final class BotUnreachable extends BotCallFailed {

    BotUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
