package io.ftfleet.freqtrade;

import java.net.http.HttpClient;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes the client for one bot. Clients share a few JDK {@link HttpClient}s (connection pools, threads), a bot's
 * endpoint always landing on the same one; each client holds its own bot's tokens, so keep the client for as long as
 * the bot's endpoint and credentials stay the same (a new client logs in again on first use).
 */
@Component
public class FreqtradeClients {

    private final FreqtradeClientSettings settings;
    /**
     * Several HTTP clients rather than one: the JDK's connection pool keeps idle connections in a linked list that it
     * scans on every reuse, and with one kept-alive connection per bot that scan was 8 % of the server's CPU at
     * 1,000 bots. Each shard also has its own selector thread.
     */
    static final int SHARDS = 8;
    /** Each made on first use: a client starts a selector thread and the first loads the JDK's TLS trust store, a
     * tenth of a second of every start-up before any bot is called. */
    private final List<SingletonSupplier<HttpClient>> http;
    private final JsonMapper json = mapper();

    public FreqtradeClients(FreqtradeClientSettings settings) {
        this.settings = settings;
        // HTTP/1.1: Freqtrade's uvicorn speaks nothing else, and the JDK would otherwise try an h2c upgrade per call.
        this.http = Stream.generate(() -> SingletonSupplier.of(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build())).limit(SHARDS).toList();
    }

    public FreqtradeClient forBot(BotEndpoint endpoint) {
        HttpClient shard = http.get(Math.floorMod(endpoint.baseUrl().toString().hashCode(), SHARDS)).obtain();
        return new HttpFreqtradeClient(endpoint, shard, json, settings);
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
