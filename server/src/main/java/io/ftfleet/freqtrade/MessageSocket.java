package io.ftfleet.freqtrade;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One bot's message websocket (contract 2): JSON text frames, possibly split over several {@code onText} calls,
 * parsed into {@link BotMessage}s. The URI carries the token as a query parameter, so it is never logged and no
 * exception that quotes it is passed on.
 */
final class MessageSocket implements BotSubscription, WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(MessageSocket.class);

    private final String label;
    private final BotMessageListener listener;
    private final JsonMapper json;
    private final FreqtradeClientSettings settings;
    private final StringBuilder partial = new StringBuilder();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile WebSocket socket;

    private MessageSocket(String label, BotMessageListener listener, JsonMapper json,
            FreqtradeClientSettings settings) {
        this.label = label;
        this.listener = listener;
        this.json = json;
        this.settings = settings;
    }

    static MessageSocket open(HttpClient http, URI uri, String token, String label, List<String> types,
            BotMessageListener listener, JsonMapper json, FreqtradeClientSettings settings) {
        MessageSocket s = new MessageSocket(label, listener, json, settings);
        long waitMs = settings.connectTimeout().plus(settings.readTimeout()).toMillis();
        try {
            s.socket = http.newWebSocketBuilder().connectTimeout(settings.connectTimeout()).buildAsync(uri, s)
                    .get(waitMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                if (status == 401 || status == 403) {
                    throw new BotAuthFailed("WS " + label + " refused the token (HTTP " + status + ")");
                }
                throw new BotRejected("WS " + label, status, "websocket handshake refused");
            }
            throw new BotUnreachable("WS " + label + ": " + safe(cause, token), null);
        } catch (TimeoutException e) {
            throw new BotUnreachable("WS " + label + ": no handshake within " + waitMs + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotUnreachable("WS " + label + ": interrupted", null);
        }
        s.send(json.writeValueAsString(json.createObjectNode().put("type", "subscribe")
                .set("data", json.valueToTree(types))));
        return s;
    }

    @Override
    public void requestWhitelist() {
        send("{\"type\":\"whitelist\",\"data\":null}");
    }

    @Override
    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ended.get() && !ws.isInputClosed() && !ws.isOutputClosed();
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws == null || !closing.compareAndSet(false, true)) {
            return;
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
        // A bot that never answers the close frame must not keep the connection: abort after the read timeout.
        CompletableFuture.delayedExecutor(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!ws.isInputClosed()) {
                ws.abort();
            }
            ended(1000, "closed by client");
        });
    }

    // The JDK calls the listener methods one at a time per socket, so `partial` needs no lock.

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            deliver(frame);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(statusCode, reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (ended.compareAndSet(false, true)) {
            BotUnreachable failure = new BotUnreachable("WS " + label + ": " + HttpFreqtradeClient.describe(error),
                    null);
            try {
                listener.onError(failure);
            } catch (RuntimeException e) {
                log.warn("Message listener of {} failed on a socket error", label, e);
            }
        }
    }

    private void deliver(String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (JacksonException e) {
            log.warn("{} sent a frame that is not JSON; ignored", label);
            return;
        }
        JsonNode type = node.path("type");
        if (!type.isString()) {
            log.debug("{} sent a frame without a type; ignored", label);
            return;
        }
        try {
            listener.onMessage(new BotMessage(type.asString(), node, json));
        } catch (RuntimeException e) {
            // One bad message must not end the subscription.
            log.warn("Message listener of {} failed on a {} message", label, type.asString(), e);
        }
    }

    private synchronized void send(String text) {
        WebSocket ws = socket;
        try {
            ws.sendText(text, true).get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BotUnreachable("WS " + label + ": " + HttpFreqtradeClient.describe(e.getCause()), null);
        } catch (TimeoutException e) {
            throw new BotUnreachable("WS " + label + ": send timed out", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotUnreachable("WS " + label + ": interrupted", null);
        }
    }

    private void ended(int statusCode, String reason) {
        if (ended.compareAndSet(false, true)) {
            try {
                listener.onClosed(statusCode, reason);
            } catch (RuntimeException e) {
                log.warn("Message listener of {} failed on close", label, e);
            }
        }
    }

    /** A cause's description, unless it quotes the token (the JDK may put the URI into a message). */
    private static String safe(Throwable cause, String token) {
        String text = HttpFreqtradeClient.describe(cause);
        return text.contains(token) ? cause.getClass().getSimpleName() : text;
    }
}
