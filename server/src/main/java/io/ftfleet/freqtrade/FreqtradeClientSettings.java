package io.ftfleet.freqtrade;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts and the busy-retry bound for calls to bots. Short by default: a poller or a supervisor must never hang on
 * one bot.
 *
 * @param connectTimeout TCP connect (and websocket handshake) timeout ({@code FTFLEET_FREQTRADE_CLIENT_CONNECT_TIMEOUT})
 * @param readTimeout    how long one request may wait for the bot's answer ({@code FTFLEET_FREQTRADE_CLIENT_READ_TIMEOUT})
 * @param busyRetries    how often a call answered 429 (too many requests) is sent again
 *                       ({@code FTFLEET_FREQTRADE_CLIENT_BUSY_RETRIES}); 0 turns retrying off
 * @param busyMaxWait    the longest wait before one such retry ({@code FTFLEET_FREQTRADE_CLIENT_BUSY_MAX_WAIT}); a
 *                       bot asking (Retry-After) for longer gets no retry: the 429 is reported at once
 */
@ConfigurationProperties("ftfleet.freqtrade.client")
public record FreqtradeClientSettings(@DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout, @DefaultValue("3") int busyRetries,
        @DefaultValue("2s") Duration busyMaxWait) {

    @ConstructorBinding
    public FreqtradeClientSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(busyMaxWait, "busyMaxWait");
        if (busyRetries < 0 || busyRetries > 10) {
            throw new IllegalArgumentException("busyRetries must be between 0 and 10");
        }
    }

    /** The given timeouts with the default busy-retry bound. */
    public FreqtradeClientSettings(Duration connectTimeout, Duration readTimeout) {
        this(connectTimeout, readTimeout, 3, Duration.ofSeconds(2));
    }

    public static FreqtradeClientSettings defaults() {
        return new FreqtradeClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
