package io.ftfleet.notify;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP receiver on 127.0.0.1 (webhook, Telegram Bot API, Discord, Slack stand-in) that records every request
 * and answers 500 to the first {@code failures} of them. A webhook request whose signature does not verify is
 * recorded as such and answered 401. A {@link #hanging} receiver takes each request and never answers it (until it is
 * closed): the sender is left waiting, as one that dies mid-send would be.
 */
final class Receiver implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param answered   the status answered, 0 when the receiver never answered it
     * @param atNanos    {@link System#nanoTime()} when it arrived
     */
    record Request(String path, Map<String, List<String>> headers, String body, boolean signatureValid, int answered,
            long atNanos) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failures;
    /** Null, or released when the receiver closes: until then no request is answered. */
    private final CountDownLatch hold;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    private Receiver(int port, String secret, int failures, boolean hang) throws IOException {
        this.secret = secret;
        this.failures = new AtomicInteger(failures);
        this.hold = hang ? new CountDownLatch(1) : null;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        if (hang) { // a held request must not hold up the next one
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "hanging-receiver");
                t.setDaemon(true);
                return t;
            }));
        }
        server.createContext("/", exchange -> {
            long at = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean valid = verify(exchange.getRequestHeaders().getFirst("X-FtFleet-Signature"), body);
            if (hold != null) {
                requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                        body, valid, 0, at));
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close(); // no answer: the connection just ends
                return;
            }
            int status = secret != null && !valid ? 401 : this.failures.getAndDecrement() > 0 ? 500 : 200;
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body, valid, status, at));
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    static Receiver start() throws IOException {
        return new Receiver(0, null, 0, false);
    }

    /** A webhook receiver that verifies signatures with {@code secret}. */
    static Receiver webhook(String secret, int failures) throws IOException {
        return new Receiver(0, secret, failures, false);
    }

    static Receiver webhookOn(int port, String secret) throws IOException {
        return new Receiver(port, secret, 0, false);
    }

    /** A webhook receiver on {@code port} that takes requests and never answers them until it is closed. */
    static Receiver hanging(int port, String secret) throws IOException {
        return new Receiver(port, secret, 0, true);
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The bodies of the requests answered 2xx. */
    List<JsonNode> delivered() {
        return requests.stream().filter(r -> r.answered() == 200).map(Request::json).toList();
    }

    /** Webhook bodies of one event type that were taken. */
    List<JsonNode> delivered(String type) {
        return delivered().stream().filter(b -> b.path("type").asString().equals(type)).toList();
    }

    /** Chat texts (Telegram {@code text}, Discord {@code content}, Slack {@code text}) that were taken. */
    List<String> texts() {
        return delivered().stream().map(b -> b.has("content") ? b.get("content").asString() : b.get("text").asString())
                .toList();
    }

    private boolean verify(String header, String body) {
        if (secret == null || header == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null || Math.abs(Long.parseLong(t) - System.currentTimeMillis() / 1000) > 300) {
            return false;
        }
        return java.security.MessageDigest.isEqual(v1.getBytes(StandardCharsets.US_ASCII),
                hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII));
    }

    /** Computed here, not with the server's code: the receiver checks what a third party would. */
    private static String hmac(String key, String payload) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (hold != null) {
            hold.countDown();
        }
        server.stop(0);
    }
}
