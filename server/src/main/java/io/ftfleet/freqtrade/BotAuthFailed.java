package io.ftfleet.freqtrade;

/** The bot refused the API credentials (token login answered 401, or the websocket refused the token). */
public final class BotAuthFailed extends BotCallFailed {

    BotAuthFailed(String message) {
        super(message, null);
    }
}
