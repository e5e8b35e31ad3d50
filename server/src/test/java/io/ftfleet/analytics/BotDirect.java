package io.ftfleet.analytics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.ftfleet.freqtrade.SimulatedBot;
import io.ftfleet.support.Await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a simulated bot's own REST API over plain HTTP with Basic auth, independently of the server's code, so tests
 * can compute expected figures from what the bot itself reports.
 */
final class BotDirect {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One closed trade as the bot reports it, with the group the test expects it in. */
    record T(long botId, int tradeId, String pair, String stake, boolean dry, double profitAbs, double profitRatio,
            long closeMs) {
    }

    final SimulatedBot bot;
    final String stake;
    final boolean dry;
    long botId;

    BotDirect(SimulatedBot bot, String stake, boolean dry) {
        this.bot = bot;
        this.stake = stake;
        this.dry = dry;
    }

    JsonNode get(String path) {
        return call("GET", path);
    }

    JsonNode post(String path) {
        return call("POST", path);
    }

    /** Stops the bot ({@code /stop}) and waits until it says so: it closes nothing more, its prices stand still. */
    void stop() {
        post("/stop");
        awaitStopped();
    }

    void awaitStopped() {
        Await.until(() -> get("/show_config").get("state").asString(), "stopped"::equals, Duration.ofSeconds(10));
    }

    private JsonNode call(String method, String path) {
        String basic = Base64.getEncoder().encodeToString((SimulatedBot.USERNAME + ":" + SimulatedBot.PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(bot.baseUrl() + "/api/v1" + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + basic)
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every closed trade ({@code limit=0}: all of them). */
    List<T> closedTrades() {
        List<T> out = new ArrayList<>();
        for (JsonNode t : get("/trades?limit=0").get("trades")) {
            out.add(new T(botId, t.get("trade_id").asInt(), t.get("pair").asString(), stake, dry,
                    t.get("profit_abs").asDouble(), t.get("profit_ratio").asDouble(), t.get("close_timestamp").asLong()));
        }
        return out;
    }

    int closedCount() {
        return get("/trades?limit=1").get("total_trades").asInt();
    }

    double startingCapital() {
        return get("/balance").get("starting_capital").asDouble();
    }

    double balanceTotal() {
        return get("/balance").get("total").asDouble();
    }
}
