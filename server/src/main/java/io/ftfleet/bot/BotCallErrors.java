package io.ftfleet.bot;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqtrade.BotAuthFailed;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotRejected;
import io.ftfleet.freqtrade.BotUnreachable;

import org.springframework.http.HttpStatus;

/**
 * How a failed call to a bot's own API reaches our caller: a 502 (the bot's failure, not the caller's) saying which
 * way it failed. Only a refusal carries the bot's own words; nothing else of the bot's answer is passed on.
 */
final class BotCallErrors {

    private BotCallErrors() {
    }

    static ApiException toApi(BotCallFailed e) {
        if (e instanceof BotRejected rejected) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_rejected", "The bot refused: " + rejected.botMessage());
        }
        if (e instanceof BotUnreachable) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_unreachable", "The bot does not answer");
        }
        if (e instanceof BotAuthFailed) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_auth_failed", "The bot refused FT Fleet's credentials");
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "bot_call_failed", "The bot's answer could not be used");
    }
}
