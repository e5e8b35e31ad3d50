package io.ftfleet.notify;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicBaseUrl     where people open the dashboard; messages link to the bot's page when set
 * @param telegram          {@code base-url}: the Telegram Bot API (a local stub in tests)
 * @param flapWindow        a bot.down is held this long; a recovery within it drops both (0: send at once)
 * @param pollInterval      how often the dispatcher looks for due deliveries
 * @param maxAttempts       attempts before a delivery is dead
 * @param backoffBase       first retry delay, doubled per attempt up to {@code backoffMax}
 * @param requestTimeout    per HTTP request to a receiver
 * @param perChatInterval   at most one message per chat channel per this interval (Telegram: 1/s per chat); what
 *                          comes due meanwhile is batched into one message
 * @param telegramPerSecond at most this many Telegram messages per second over all channels
 * @param claimTimeout      a claimed delivery not finished within this (its instance died) becomes due again
 * @param crashLoopCrashes  this many crashes of a bot within {@code crashLoopWindow} are one bot.crash_loop
 * @param crashLoopWindow   the window for {@code crashLoopCrashes}
 */
@ConfigurationProperties("ftfleet.notify")
record NotifyProperties(URI publicBaseUrl, @DefaultValue Telegram telegram,
        @DefaultValue("0s") Duration flapWindow, @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("8") int maxAttempts, @DefaultValue("2s") Duration backoffBase,
        @DefaultValue("10m") Duration backoffMax, @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1s") Duration perChatInterval, @DefaultValue("30") int telegramPerSecond,
        @DefaultValue("2m") Duration claimTimeout, @DefaultValue("3") int crashLoopCrashes,
        @DefaultValue("10m") Duration crashLoopWindow) {

    NotifyProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ftfleet.notify.max-attempts must be at least 1");
        }
        if (crashLoopCrashes < 2) {
            throw new IllegalArgumentException("ftfleet.notify.crash-loop-crashes must be at least 2");
        }
    }

    record Telegram(@DefaultValue("https://api.telegram.org") URI baseUrl) {
    }

    Duration backoff(int attempts) {
        long ms = backoffBase.toMillis() << Math.min(20, Math.max(0, attempts - 1));
        return Duration.ofMillis(Math.min(ms, backoffMax.toMillis()));
    }
}
