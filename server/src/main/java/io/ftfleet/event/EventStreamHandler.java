package io.ftfleet.event;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;

import io.ftfleet.auth.AccessTokenVerifier;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/ws}. The handshake itself is public (the HTTP security chain cannot read a token from the query);
 * the client authenticates with {@code ?token=<access token>}, {@code ?api_key=...} / {@code X-API-Key}, or as its
 * first message {@code {"type":"auth","token":"..."}} within {@link #AUTH_TIMEOUT}. Bad or missing credentials close
 * the socket with 1008 (policy violation). Client messages after that: {@code subscribe} and {@code ping}. An
 * authenticated session is closed with 4401 once its token expires or is revoked or its user is deactivated (or
 * changes password), and with 4403 once its user's role is lowered (see {@link EventStream#lapsed}).
 */
@Component
class EventStreamHandler extends TextWebSocketHandler implements HandshakeInterceptor {

    static final String PATH = "/api/v1/ws";
    static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CLIENT_MESSAGE = 16 * 1024;
    private static final String USER = "ftfleet.stream.user";
    private static final String CREDENTIALS_REJECTED = "ftfleet.stream.rejected";
    private static final String SESSION = "ftfleet.stream.session";

    private final EventStream stream;
    private final StreamAuthenticator authenticator;
    private final JsonMapper json;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftfleet-stream-auth");
        t.setDaemon(true);
        return t;
    });

    EventStreamHandler(EventStream stream, StreamAuthenticator authenticator, JsonMapper json) {
        this.stream = stream;
        this.authenticator = authenticator;
        this.json = json;
    }

    // ---- handshake: credentials from the query or header -------------------------------------------------------

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        String apiKey = Optional.ofNullable(http.getHeader("X-API-Key")).orElse(http.getParameter("api_key"));
        String token = http.getParameter("token");
        Optional<AccessTokenVerifier.Grant> user = Optional.empty();
        if (apiKey != null) {
            user = authenticator.apiKey(apiKey);
        } else if (token != null) {
            user = authenticator.accessToken(token);
        }
        user.ifPresent(u -> attributes.put(USER, u));
        if (user.isEmpty() && (apiKey != null || token != null)) {
            attributes.put(CREDENTIALS_REJECTED, Boolean.TRUE);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
    }


    // ---- the socket ----------------------------------------------------------------------------------------------

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        socket.setTextMessageSizeLimit(MAX_CLIENT_MESSAGE);
        StreamSession session = stream.open(socket);
        socket.getAttributes().put(SESSION, session);
        if (socket.getAttributes().get(USER) instanceof AccessTokenVerifier.Grant user) {
            welcome(session, user);
        } else if (Boolean.TRUE.equals(socket.getAttributes().get(CREDENTIALS_REJECTED))) {
            session.closeAfterFlush(CloseStatus.POLICY_VIOLATION.withReason("invalid credentials"));
        } else {
            timers.schedule(() -> {
                if (session.user() == null && session.open()) {
                    session.closeAfterFlush(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
                }
            }, AUTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        if (!(socket.getAttributes().get(SESSION) instanceof StreamSession session)) {
            return;
        }
        JsonNode body;
        try {
            body = json.readTree(message.getPayload());
        } catch (RuntimeException e) {
            body = null;
        }
        String type = body == null || body.get("type") == null ? null : body.get("type").asString();
        if (session.user() == null) {
            authenticate(session, socket, body, type);
            return;
        }
        if ("subscribe".equals(type)) {
            subscribe(session, body);
        } else if ("ping".equals(type)) {
            session.offer(stream.envelope("pong", null, new StreamPayload.Pong()));
        } else if ("auth".equals(type)) {
            session.offer(error("already_authenticated", "this connection is already authenticated"));
        } else {
            session.offer(error("unknown_message", "expected a message of type subscribe or ping"));
        }
    }

    private void authenticate(StreamSession session, WebSocketSession socket, JsonNode body, String type) {
        if (!"auth".equals(type)) {
            session.closeAfterFlush(CloseStatus.POLICY_VIOLATION.withReason("authentication required"));
            return;
        }
        String token = text(body, "token");
        String apiKey = text(body, "api_key");
        Optional<AccessTokenVerifier.Grant> user = apiKey != null ? authenticator.apiKey(apiKey)
                : authenticator.accessToken(token);
        user.ifPresentOrElse(u -> welcome(session, u),
                () -> session.closeAfterFlush(CloseStatus.POLICY_VIOLATION.withReason("invalid credentials")));
    }

    private void welcome(StreamSession session, AccessTokenVerifier.Grant grant) {
        session.authenticate(grant);
        CurrentUser user = grant.user();
        StreamPayload data = new StreamPayload.Connected(user.id(), user.username(), user.role().value(),
                List.of(StreamEvent.BOT_STATE, StreamEvent.BOT_RESTART_SCHEDULED, StreamEvent.TRADE_OPENED,
                        StreamEvent.TRADE_CLOSED, StreamEvent.TRADING_DISABLED, StreamEvent.TRADING_REARMED,
                        StreamEvent.DRAWDOWN_GUARD_TRIPPED, StreamEvent.BOT_ENTRIES_STOPPED));
        session.offer(stream.envelope("connected", null, data));
    }

    private void subscribe(StreamSession session, JsonNode body) {
        Set<String> types = null;
        Set<Long> bots = null;
        JsonNode t = body.get("types");
        if (t != null && t.isArray() && !t.isEmpty()) {
            types = new HashSet<>();
            for (JsonNode n : t) {
                if (!n.isString()) {
                    session.offer(error("invalid_subscription", "types must be a list of strings"));
                    return;
                }
                types.add(n.asString());
            }
        }
        JsonNode b = body.get("bots");
        if (b != null && b.isArray() && !b.isEmpty()) {
            bots = new HashSet<>();
            for (JsonNode n : b) {
                if (!n.canConvertToLong()) {
                    session.offer(error("invalid_subscription", "bots must be a list of bot ids"));
                    return;
                }
                bots.add(n.asLong());
            }
        }
        session.subscribe(new StreamSession.Subscription(types == null ? null : Set.copyOf(types),
                bots == null ? null : Set.copyOf(bots)));
        StreamPayload data = new StreamPayload.Subscribed(
                new StreamPayload.Selection(types == null ? null : types.stream().sorted().toList()),
                new StreamPayload.Selection(bots == null ? null : bots.stream().sorted().toList()));
        session.offer(stream.envelope("subscribed", null, data));
    }

    private String error(String code, String detail) {
        return stream.envelope("error", null, new StreamPayload.ErrorMessage(code, detail));
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node == null || !node.isString() ? null : node.asString();
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        stream.closed(socket.getId());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        stream.closed(socket.getId());
    }

    @PreDestroy
    void shutdown() {
        timers.shutdownNow();
    }
}
