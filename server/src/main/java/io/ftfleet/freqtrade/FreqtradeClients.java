package io.ftfleet.freqtrade;

import java.net.http.HttpClient;

import org.springframework.stereotype.Component;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the client for one bot. All clients share one JDK {@link HttpClient} (connection pool, threads); each client
 * holds its own bot's tokens, so keep the client for as long as the bot's endpoint and credentials stay the same
 * (a new client logs in again on first use).
 */
@Component
public class FreqtradeClients {

    private final FreqtradeClientSettings settings;
    private final HttpClient http;
    private final JsonMapper json = mapper();

    public FreqtradeClients(FreqtradeClientSettings settings) {
        this.settings = settings;
        // HTTP/1.1: Freqtrade's uvicorn speaks nothing else, and the JDK would otherwise try an h2c upgrade per call.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public FreqtradeClient forBot(BotEndpoint endpoint) {
        return new HttpFreqtradeClient(endpoint, http, json, settings);
    }

    /**
     * A mapper of our own, independent of the application's web settings: Freqtrade's JSON is snake_case, gains
     * fields with every release (ignored), and pydantic turns a NaN float into {@code null} (read as 0 for the
     * fields the contract calls required, rather than failing the whole read). Float-as-int ({@code 1.0} into an
     * {@code int}) is accepted by Jackson's defaults.
     */
    static JsonMapper mapper() {
        return JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
    }
}
