package io.ftfleet.freqtrade;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts for calls to bots. Short by default: a poller or a supervisor must never hang on one bot.
 *
 * @param connectTimeout TCP connect (and websocket handshake) timeout ({@code FTFLEET_FREQTRADE_CLIENT_CONNECT_TIMEOUT})
 * @param readTimeout    how long one request may wait for the bot's answer ({@code FTFLEET_FREQTRADE_CLIENT_READ_TIMEOUT})
 */
@ConfigurationProperties("ftfleet.freqtrade.client")
public record FreqtradeClientSettings(@DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration readTimeout) {

    public FreqtradeClientSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
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
