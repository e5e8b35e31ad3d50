package io.ftfleet.freqtrade;

/** The bot answered 2xx with a body that is not the JSON the contract describes (wrong server on that port?). */
public final class BotResponseUnreadable extends BotCallFailed {

    BotResponseUnreadable(String message, Throwable cause) {
        super(message, cause);
    }
}
