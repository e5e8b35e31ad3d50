package io.ftfleet.freqtrade;

import java.net.URI;
import java.util.Objects;

/**
 * Where one bot's API is and how to log in to it.
 *
 * @param baseUrl  scheme, host and port only, e.g. {@code http://127.0.0.1:18080}; the client adds {@code /api/v1}
 * @param username {@code api_server.username}
 * @param password {@code api_server.password}
 */
public record BotEndpoint(URI baseUrl, String username, String password) {

    public BotEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "BotEndpoint[" + baseUrl + "]";
    }
}
