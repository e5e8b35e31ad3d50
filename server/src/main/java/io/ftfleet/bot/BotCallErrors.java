package io.ftfleet.bot;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqtrade.BotAuthFailed;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotRejected;
import io.ftfleet.freqtrade.BotUnreachable;
import io.ftfleet.runtime.BotRuntimes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * How a failed call to a bot's own API reaches our caller: a 502 (the bot's failure, not the caller's) saying which
 * way it failed. Only a refusal carries the bot's own words; nothing else of the bot's answer is passed on, and never
 * a library's exception text (it names the bot's address, the route and Java exception classes): that goes to the
 * server log, whose lines carry the request id the caller got in {@code X-Request-Id}.
 */
final class BotCallErrors {

    private static final Logger log = LoggerFactory.getLogger(BotCallErrors.class);

    private BotCallErrors() {
    }

    static ApiException toApi(BotCallFailed e) {
        if (e instanceof BotRejected rejected) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_rejected", "The bot refused: " + rejected.botMessage());
        }
        if (e instanceof BotUnreachable) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_unreachable", "The bot's API did not answer");
        }
        if (e instanceof BotAuthFailed) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "bot_auth_failed", "The bot refused FT Fleet's credentials");
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "bot_call_failed", "The bot's answer could not be used");
    }

    /**
     * A command on a bot failed in some way the caller did not cause: logged with its cause, answered in plain words.
     * Our own refusals (wrong state, refused address, recovering) are mapped by the callers before this.
     */
    static ApiException toApi(long botId, String command, RuntimeException e) {
        logFailure(botId, command, e);
        if (e instanceof BotCallFailed failed) {
            return toApi(failed);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "bot_command_failed", "The " + command
                + " could not be completed; the server log has the cause under this request's id");
    }

    /**
     * One step of a fan-out (the emergency stop) that failed, in words for the result list; the cause is logged.
     * Our own exceptions (the bot is not running, its address is refused, the server is recovering) already say what
     * happened in words.
     */
    static String describe(long botId, String step, RuntimeException e) {
        if (e instanceof BotRuntimes.WrongState || e instanceof BotRuntimes.Recovering) {
            return e.getMessage();
        }
        logFailure(botId, step, e);
        if (e instanceof BotCallFailed failed) {
            return toApi(failed).getMessage();
        }
        return "unexpected error (the server log has the cause)";
    }

    private static void logFailure(long botId, String command, RuntimeException e) {
        if (e instanceof BotCallFailed) {
            // the bot's fault, not ours: no stack trace, the message says which call and how it failed
            log.warn("{} of bot {} failed: {}", command, botId, e.toString());
        } else {
            log.warn("{} of bot {} failed", command, botId, e);
        }
    }
}
