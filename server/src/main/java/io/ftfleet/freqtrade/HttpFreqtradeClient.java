package io.ftfleet.freqtrade;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link FreqtradeClient} over the JDK HttpClient with Freqtrade's JWT flow (contract 1.3): login with HTTP Basic,
 * Bearer access token on every call, refresh with the refresh token when the access token is about to expire or is
 * refused, one fresh login when the refresh is refused too.
 */
final class HttpFreqtradeClient implements FreqtradeClient {

    /** Renew this long before the access token's {@code exp}, so a call never starts with a token about to lapse. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);
    private static final int MAX_ERROR_TEXT = 300;
    /** First wait before resending a call answered 429 without a Retry-After; doubles per retry. */
    static final Duration BUSY_FIRST_WAIT = Duration.ofMillis(200);

    private final BotEndpoint endpoint;
    private final HttpClient http;
    private final JsonMapper json;
    private final FreqtradeClientSettings settings;
    private final String basicAuth;
    private final Object tokenLock = new Object();
    private volatile Tokens tokens;
    private volatile String lastState;

    // Observed by tests to tell the refresh path from the login path.
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger refreshes = new AtomicInteger();
    final AtomicInteger busyRetries = new AtomicInteger();

    HttpFreqtradeClient(BotEndpoint endpoint, HttpClient http, JsonMapper json, FreqtradeClientSettings settings) {
        this.endpoint = endpoint;
        this.http = http;
        this.json = json;
        this.settings = settings;
        this.basicAuth = "Basic " + Base64.getEncoder()
                .encodeToString((endpoint.username() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public BotEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public boolean ping() {
        HttpResponse<String> r = send("GET", "/ping", null, null);
        JsonNode body = parse("GET", "/ping", r, json.constructType(JsonNode.class));
        return "pong".equals(body.path("status").asString(""));
    }

    @Override
    public String version() {
        return get("/version", JsonNode.class).path("version").asString("");
    }

    @Override
    public ShowConfig showConfig() {
        ShowConfig config = get("/show_config", ShowConfig.class);
        lastState = config.state();
        return config;
    }

    @Override
    public Optional<String> lastState() {
        return Optional.ofNullable(lastState);
    }

    @Override
    public List<Trade> status() {
        return call("GET", "/status", null, listOf(Trade.class));
    }

    @Override
    public TradeHistory trades(int limit, int offset) {
        if (limit < 1 || limit > MAX_TRADES_PAGE || offset < 0) {
            throw new IllegalArgumentException("trades page needs limit 1.." + MAX_TRADES_PAGE + " and offset >= 0, got "
                    + limit + "/" + offset);
        }
        return get("/trades?limit=" + limit + "&offset=" + offset + "&order_by_id=true", TradeHistory.class);
    }

    @Override
    public TradeCount count() {
        return get("/count", TradeCount.class);
    }

    @Override
    public Profit profit() {
        return get("/profit", Profit.class);
    }

    @Override
    public Balances balance() {
        return get("/balance", Balances.class);
    }

    @Override
    public PeriodicProfit daily(int days) {
        return get("/daily?timescale=" + days, PeriodicProfit.class);
    }

    @Override
    public PeriodicProfit weekly(int weeks) {
        return get("/weekly?timescale=" + weeks, PeriodicProfit.class);
    }

    @Override
    public PeriodicProfit monthly(int months) {
        return get("/monthly?timescale=" + months, PeriodicProfit.class);
    }

    @Override
    public List<PairPerformance> performance() {
        return call("GET", "/performance", null, listOf(PairPerformance.class));
    }

    @Override
    public Health health() {
        return get("/health", Health.class);
    }

    @Override
    public BotLogs logs(int limit) {
        return get("/logs?limit=" + limit, BotLogs.class);
    }

    @Override
    public Whitelist whitelist() {
        return get("/whitelist", Whitelist.class);
    }

    @Override
    public PairCandles pairCandles(String pair, String timeframe, int limit) {
        return get("/pair_candles?pair=" + URLEncoder.encode(pair, StandardCharsets.UTF_8) + "&timeframe="
                + URLEncoder.encode(timeframe, StandardCharsets.UTF_8) + "&limit=" + limit, PairCandles.class);
    }

    @Override
    public String start() {
        return control("/start");
    }

    @Override
    public String stop() {
        return control("/stop");
    }

    @Override
    public String stopEntry() {
        return control("/stopentry");
    }

    @Override
    public String pause() {
        return control("/pause");
    }

    @Override
    public String reloadConfig() {
        return control("/reload_config");
    }

    @Override
    public String forceExit(String tradeId) {
        Objects.requireNonNull(tradeId, "tradeId");
        JsonNode reply = call("POST", "/forceexit", json.createObjectNode().put("tradeid", tradeId),
                json.constructType(JsonNode.class));
        return reply.path("result").asString("");
    }

    @Override
    public Trade forceEnter(ForceEnter request) {
        JsonNode reply = call("POST", "/forceenter", request, json.constructType(JsonNode.class));
        if (!reply.has("trade_id")) {
            // ForceEnterResponse = TradeSchema | StatusMsg: a StatusMsg means no trade was opened.
            throw new BotRejected(label("POST", "/forceenter"), 200, reply.path("status").asString(reply.toString()));
        }
        try {
            return json.treeToValue(reply, Trade.class);
        } catch (JacksonException e) {
            throw unreadable("POST", "/forceenter", e);
        }
    }

    @Override
    public BotSubscription subscribe(Collection<String> types, BotMessageListener listener) {
        if (types.isEmpty() || !BotMessage.TYPES.containsAll(types)) {
            throw new IllegalArgumentException("Subscribe needs known message types out of " + BotMessage.TYPES
                    + ", got " + types);
        }
        // Contract 2.1 takes the ws_token or an access JWT; the client has the JWT, so bots need no ws_token.
        // It is checked only at the handshake: the socket outlives the token's 15 minutes.
        String token = currentTokens().access();
        String base = endpoint.baseUrl().toString();
        URI uri = URI.create(base.replaceFirst("^http", "ws") + "/api/v1/message/ws?token="
                + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return MessageSocket.open(http, uri, token, endpoint.baseUrl() + "/api/v1/message/ws", List.copyOf(types),
                listener, json, settings);
    }

    // --- test hooks -------------------------------------------------------------------------------------------------

    /** Replaces the cached tokens, as if they had expired or the bot's JWT secret had changed. */
    void replaceTokensForTest(String access, String refresh) {
        synchronized (tokenLock) {
            tokens = new Tokens(access, refresh, expiry(access));
        }
    }

    String refreshTokenForTest() {
        Tokens t = tokens;
        return t == null ? null : t.refresh();
    }

    // --- calls ------------------------------------------------------------------------------------------------------

    private String control(String path) {
        JsonNode reply = call("POST", path, null, json.constructType(JsonNode.class));
        return reply.path("status").asString("");
    }

    private <T> T get(String path, Class<T> type) {
        return call("GET", path, null, json.constructType(type));
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    /**
     * Sends with the current access token; on 401 renews and sends again (at most twice). Repeating a POST is safe
     * here: Freqtrade checks the token before the handler runs, so a 401 means nothing was done.
     */
    private <T> T call(String method, String path, Object body, JavaType type) {
        String payload = body == null ? null : json.writeValueAsString(body);
        Tokens used = currentTokens();
        HttpResponse<String> r = send(method, path, payload, used.access());
        if (r.statusCode() == 401) {
            used = renew(used, false);
            r = send(method, path, payload, used.access());
        }
        if (r.statusCode() == 401 && !used.fromLogin()) {
            used = renew(used, true);
            r = send(method, path, payload, used.access());
        }
        if (r.statusCode() == 401) {
            throw new BotAuthFailed(label(method, path) + " refused a freshly issued access token");
        }
        return parse(method, path, r, type);
    }

    private HttpResponse<String> send(String method, String path, String payload, String accessToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1" + path))
                .timeout(settings.readTimeout()).header("Accept", "application/json");
        if (accessToken != null) {
            b.header("Authorization", "Bearer " + accessToken);
        }
        return exchange(method, path, b, payload);
    }

    /**
     * Sends, and sends again while the bot (or a proxy in front of it) answers 429, at most
     * {@code busyRetries} times: after its {@code Retry-After} when it gives one within {@code busyMaxWait}, else
     * after a doubling wait from {@link #BUSY_FIRST_WAIT}. A longer Retry-After is honoured by not retrying: the 429
     * goes to the caller at once. Safe for POSTs: a 429 is refused before the handler runs.
     */
    private HttpResponse<String> exchange(String method, String path, HttpRequest.Builder b, String payload) {
        Duration backoff = BUSY_FIRST_WAIT;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> r = exchangeOnce(method, path, b, payload);
            if (r.statusCode() != 429 || attempt >= settings.busyRetries()) {
                return r;
            }
            Duration wait = retryAfter(r).orElse(backoff);
            if (wait.compareTo(settings.busyMaxWait()) > 0) {
                return r;
            }
            backoff = backoff.multipliedBy(2);
            busyRetries.incrementAndGet();
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BotUnreachable(label(method, path) + ": interrupted while the bot was busy (429)", e);
            }
        }
    }

    /** {@code Retry-After} in seconds or as an HTTP date; empty when absent or unreadable. */
    private static Optional<Duration> retryAfter(HttpResponse<String> r) {
        return r.headers().firstValue("Retry-After").map(String::trim).flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
            } catch (NumberFormatException e) {
                try {
                    Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                            .toInstant();
                    Duration d = Duration.between(Instant.now(), at);
                    return Optional.of(d.isNegative() ? Duration.ZERO : d);
                } catch (DateTimeParseException unreadable) {
                    return Optional.empty();
                }
            }
        });
    }

    private HttpResponse<String> exchangeOnce(String method, String path, HttpRequest.Builder b, String payload) {
        if (payload == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.setHeader("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(payload));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new BotUnreachable(label(method, path) + ": no answer in time (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BotUnreachable(label(method, path) + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotUnreachable(label(method, path) + ": interrupted", e);
        }
    }

    private <T> T parse(String method, String path, HttpResponse<String> r, JavaType type) {
        if (r.statusCode() / 100 != 2) {
            throw new BotRejected(label(method, path), r.statusCode(), errorText(r));
        }
        try {
            return json.readValue(r.body(), type);
        } catch (JacksonException e) {
            throw unreadable(method, path, e);
        }
    }

    /** Freqtrade's own words: {@code error} for RPC failures, {@code detail} for HTTP errors (contract 1.5). */
    private String errorText(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        try {
            JsonNode node = json.readTree(body);
            JsonNode text = node.has("error") ? node.get("error") : node.get("detail");
            if (text != null) {
                return text.isString() ? text.asString() : text.toString();
            }
        } catch (JacksonException e) {
            // not JSON: fall through to the raw body
        }
        return body.isBlank() ? "(empty body)" : truncate(body.strip());
    }

    private BotResponseUnreadable unreadable(String method, String path, JacksonException e) {
        return new BotResponseUnreadable(label(method, path) + ": unexpected response body ("
                + truncate(e.getOriginalMessage()) + ")", e);
    }

    private String label(String method, String path) {
        int query = path.indexOf('?');
        return method + " " + endpoint.baseUrl() + "/api/v1" + (query < 0 ? path : path.substring(0, query));
    }

    // --- tokens -----------------------------------------------------------------------------------------------------

    private Tokens currentTokens() {
        Tokens t = tokens;
        if (t == null) {
            synchronized (tokenLock) {
                if (tokens == null) {
                    tokens = login();
                }
                return tokens;
            }
        }
        return t.expiresBefore(Instant.now().plus(EXPIRY_MARGIN)) ? renew(t, false) : t;
    }

    /**
     * New tokens after {@code stale} failed. Under the lock, and only if no other thread has renewed meanwhile, so a
     * burst of 401s costs one refresh. Refresh first (cheap, no password on the wire) unless a login is forced.
     */
    private Tokens renew(Tokens stale, boolean forceLogin) {
        synchronized (tokenLock) {
            Tokens current = tokens;
            if (current != null && current != stale) {
                return current;
            }
            Tokens fresh = forceLogin || stale == null ? null : refresh(stale);
            tokens = fresh != null ? fresh : login();
            return tokens;
        }
    }

    private Tokens login() {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/token/login"))
                .timeout(settings.readTimeout()).header("Authorization", basicAuth);
        HttpResponse<String> r = exchange("POST", "/token/login", b, null);
        if (r.statusCode() == 401 || r.statusCode() == 403) {
            throw new BotAuthFailed(label("POST", "/token/login") + " refused the API credentials (HTTP "
                    + r.statusCode() + ": " + errorText(r) + ")");
        }
        if (r.statusCode() / 100 != 2) {
            throw new BotRejected(label("POST", "/token/login"), r.statusCode(), errorText(r));
        }
        JsonNode body = readTokens(r, "/token/login");
        String access = body.path("access_token").asString("");
        String refresh = body.path("refresh_token").asString("");
        if (access.isEmpty() || refresh.isEmpty()) {
            throw new BotResponseUnreadable(label("POST", "/token/login") + ": no tokens in the reply", null);
        }
        logins.incrementAndGet();
        return new Tokens(access, refresh, expiry(access), true);
    }

    /** The refreshed tokens, or null when the bot refused the refresh token (the caller then logs in). */
    private Tokens refresh(Tokens stale) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/api/v1/token/refresh"))
                .timeout(settings.readTimeout()).header("Authorization", "Bearer " + stale.refresh());
        HttpResponse<String> r = exchange("POST", "/token/refresh", b, null);
        if (r.statusCode() / 100 != 2) {
            return null;
        }
        String access = readTokens(r, "/token/refresh").path("access_token").asString("");
        if (access.isEmpty()) {
            return null;
        }
        refreshes.incrementAndGet();
        // Freqtrade's refresh returns only a new access token; the refresh token stays valid (30 days).
        return new Tokens(access, stale.refresh(), expiry(access), false);
    }

    /** Parses a token reply without letting the parser quote the body (it holds tokens) into a message. */
    private JsonNode readTokens(HttpResponse<String> r, String path) {
        try {
            return json.readTree(r.body());
        } catch (JacksonException e) {
            throw new BotResponseUnreadable(label("POST", path) + ": the token reply is not JSON", null);
        }
    }

    /** The {@code exp} claim of a JWT, read without verifying it: only to renew in time; the bot decides validity. */
    private Instant expiry(String jwt) {
        try {
            String[] parts = jwt.split("\\.");
            JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").isNumber() ? Instant.ofEpochSecond(claims.path("exp").asLong()) : Instant.MAX;
        } catch (RuntimeException e) {
            return Instant.MAX;
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }

    /** One login's tokens. {@code toString} is overridden: tokens must never reach a log line. */
    private record Tokens(String access, String refresh, Instant accessExpiresAt, boolean fromLogin) {

        Tokens(String access, String refresh, Instant accessExpiresAt) {
            this(access, refresh, accessExpiresAt, false);
        }

        boolean expiresBefore(Instant instant) {
            return accessExpiresAt.isBefore(instant);
        }

        @Override
        public String toString() {
            return "Tokens[expires " + accessExpiresAt + "]";
        }
    }
}
