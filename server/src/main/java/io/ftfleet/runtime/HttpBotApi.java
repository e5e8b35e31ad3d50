package io.ftfleet.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime's probe and control calls, with HTTP Basic (which Freqtrade accepts on every protected route,
 * contract 1.3) and short timeouts: the supervisor must never hang on a bot.
 */
@Component
class HttpBotApi implements BotApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json;

    HttpBotApi(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Optional<String> state(BotAddress address) {
        try {
            HttpResponse<String> r = http.send(request(address, "show_config").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode state = json.readTree(r.body()).get("state");
            return state == null || !state.isString() ? Optional.empty() : Optional.of(state.asString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public void command(BotAddress address, String action) {
        post(address, action, HttpRequest.BodyPublishers.noBody());
    }

    @Override
    public void forceExitAll(BotAddress address) {
        post(address, "forceexit", HttpRequest.BodyPublishers.ofString("{\"tradeid\":\"all\"}"));
    }

    private void post(BotAddress address, String path, HttpRequest.BodyPublisher body) {
        try {
            HttpResponse<String> r = http.send(request(address, path).header("Content-Type", "application/json")
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalArgumentException("HTTP " + r.statusCode() + " " + message(r.body()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("bot unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Freqtrade's own words: {@code error} for RPC failures, {@code detail} for HTTP errors (contract 1.5). */
    private String message(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode text = node.has("error") ? node.get("error") : node.get("detail");
            return text == null ? "" : text.isString() ? text.asString() : text.toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static HttpRequest.Builder request(BotAddress address, String path) {
        String basic = Base64.getEncoder().encodeToString(
                (address.username() + ":" + address.password()).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(address.baseUrl() + "/api/v1/" + path)).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic);
    }
}
