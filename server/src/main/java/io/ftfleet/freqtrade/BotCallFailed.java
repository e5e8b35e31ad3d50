package io.ftfleet.freqtrade;

/**
 * A call to a bot's API failed. Unchecked, so callers that poll many bots can catch this one type; the subtypes say
 * what went wrong. Messages never carry credentials or tokens.
 */
public abstract sealed class BotCallFailed extends RuntimeException
        permits BotUnreachable, BotRejected, BotAuthFailed, BotResponseUnreadable {

    BotCallFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
