package io.ftfleet.freqtrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real loopback HTTP stub: a bot (or a proxy in front of it) answering 429 gets the call again after its
 * Retry-After or a doubling back-off, a bounded number of times; {@code /trades} goes out in pages of at most 500
 * with {@code order_by_id}.
 */
class FreqtradeClientBusyTests {

    /** One scripted answer: status, Retry-After (null for none), body. */
    record Answer(int status, String retryAfter, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private FreqtradeClient stub(int busyRetries, Duration busyMaxWait) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/token/login", ex -> send(ex, new Answer(200, null,
                "{\"access_token\":\"a.b.c\",\"refresh_token\":\"r.s.t\"}")));
        server.createContext("/api/v1/", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            Answer next;
            synchronized (script) {
                next = script.size() > 1 ? script.poll() : script.peek();
            }
            send(ex, next);
        });
        server.start();
        return new FreqtradeClients(new FreqtradeClientSettings(Duration.ofSeconds(1), Duration.ofSeconds(2),
                busyRetries, busyMaxWait)).forBot(new BotEndpoint(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "user", "pass"));
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (a.retryAfter() != null) {
            ex.getResponseHeaders().add("Retry-After", a.retryAfter());
        }
        ex.sendResponseHeaders(a.status(), body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static final Answer BUSY = new Answer(429, null, "{\"detail\":\"Too many requests\"}");
    static final Answer STATUS_OK = new Answer(200, null, "{\"status\":\"paused, no more entries will occur\"}");

    @Test
    void a429IsRetriedAfterItsRetryAfterAndTheCallSucceeds() throws Exception {
        FreqtradeClient client = stub(3, Duration.ofSeconds(2));
        script.add(new Answer(429, "1", "{\"detail\":\"Too many requests\"}"));
        script.add(STATUS_OK);

        long started = System.nanoTime();
        assertThat(client.pause()).startsWith("paused");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(seen).containsExactly("POST /api/v1/pause", "POST /api/v1/pause");
        assertThat(took).as("waited out Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(((HttpFreqtradeClient) client).busyRetries.get()).isEqualTo(1);
    }

    @Test
    void a429WithoutRetryAfterIsRetriedWithBackOffAndGivenUpAfterTheBound() throws Exception {
        FreqtradeClient client = stub(2, Duration.ofSeconds(2));
        script.add(BUSY);

        long started = System.nanoTime();
        assertThatThrownBy(client::showConfig).isInstanceOfSatisfying(BotRejected.class,
                e -> assertThat(e.status()).isEqualTo(429));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(seen).hasSize(3); // the call and its two retries, no more
        // 200 ms, then 400 ms
        assertThat(took).isGreaterThanOrEqualTo(HttpFreqtradeClient.BUSY_FIRST_WAIT.multipliedBy(3));
    }

    @Test
    void aRetryAfterLongerThanTheBoundIsHonouredByNotRetrying() throws Exception {
        FreqtradeClient client = stub(3, Duration.ofSeconds(2));
        script.add(new Answer(429, "120", "{\"detail\":\"Too many requests\"}"));

        assertThatThrownBy(client::showConfig).isInstanceOfSatisfying(BotRejected.class,
                e -> assertThat(e.status()).isEqualTo(429));
        assertThat(seen).hasSize(1);
    }

    @Test
    void tradesArePagedAtMost500WithOrderById() throws Exception {
        FreqtradeClient client = stub(0, Duration.ofSeconds(1));
        script.add(new Answer(200, null, "{\"trades\":[],\"trades_count\":0,\"offset\":500,\"total_trades\":0}"));

        assertThat(client.trades(500, 500).offset()).isEqualTo(500);
        assertThat(seen).containsExactly("GET /api/v1/trades?limit=500&offset=500&order_by_id=true");
        assertThatThrownBy(() -> client.trades(501, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.trades(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.trades(10, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(seen).hasSize(1);
    }
}
