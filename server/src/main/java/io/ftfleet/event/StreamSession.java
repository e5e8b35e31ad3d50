package io.ftfleet.event;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.ftfleet.auth.AccessTokenVerifier;
import io.ftfleet.user.CurrentUser;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connected client: who it is, what it subscribed to, and its bounded outbound queue. Publishers only ever
 * {@link #offer(String)} (never block); one drain task at a time sends the queue in order on the shared sender pool.
 * When the queue overflows, the queue is dropped and the client is closed with {@link #SLOW_CONSUMER} as soon as the
 * write in progress (if any) finishes; the stream's watchdog force-closes it if that write never finishes. Before
 * every send batch the session's grant is re-checked (token expiry and revocation, user active, role), so a caller
 * who lost access receives nothing more.
 */
final class StreamSession {

    /** Private-use close code (4000-4999): the client did not read fast enough and its queue overflowed. */
    static final CloseStatus SLOW_CONSUMER = new CloseStatus(4008, "slow consumer: outbound queue overflowed");

    /** Which events the client wants; a null set means all. Bots outside the user's scope are never sent anyway. */
    record Subscription(Set<String> types, Set<Long> bots) {
        static final Subscription ALL = new Subscription(null, null);

        boolean matches(StreamEvent event) {
            return (types == null || types.contains(event.type()))
                    && (bots == null || event.botId() == null || bots.contains(event.botId()));
        }
    }

    private final WebSocketSession socket;
    private final BlockingQueue<String> queue;
    private final Executor sender;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile CurrentUser user;
    private volatile AccessTokenVerifier.Grant grant;
    /** Asked before every send batch: a close status once the session's grant has lapsed, else null. */
    private final Function<StreamSession, CloseStatus> lapsed;
    private volatile Subscription subscription = Subscription.ALL;
    private volatile CloseStatus closeAfterFlush;
    private volatile boolean overflowed;
    private volatile Instant overflowedAt;
    private volatile boolean closed;

    StreamSession(WebSocketSession socket, int capacity, Executor sender, Function<StreamSession, CloseStatus> lapsed) {
        this.socket = socket;
        this.lapsed = lapsed;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
    }

    String id() {
        return socket.getId();
    }

    CurrentUser user() {
        return user;
    }

    AccessTokenVerifier.Grant grant() {
        return grant;
    }

    void authenticate(AccessTokenVerifier.Grant grant) {
        this.grant = grant;
        this.user = grant.user();
    }

    Subscription subscription() {
        return subscription;
    }

    void subscribe(Subscription subscription) {
        this.subscription = subscription;
    }

    boolean open() {
        return !closed && socket.isOpen();
    }

    boolean overflowed() {
        return overflowed;
    }

    Instant overflowedAt() {
        return overflowedAt;
    }

    /** Queues one message without blocking; on overflow the client is marked to be closed as a slow consumer. */
    void offer(String text) {
        if (closed || overflowed || closeAfterFlush != null) {
            return;
        }
        if (!queue.offer(text)) {
            overflowedAt = Instant.now();
            overflowed = true;
            queue.clear();
        }
        schedule();
    }

    /** Closes after what is already queued has been sent. */
    void closeAfterFlush(CloseStatus status) {
        if (closeAfterFlush == null) {
            closeAfterFlush = status;
        }
        schedule();
    }

    /** Closes now, from any thread (the watchdog's last resort for a client whose write never completes). */
    void forceClose(CloseStatus status) {
        closed = true;
        queue.clear();
        try {
            socket.close(status);
        } catch (IOException | RuntimeException e) {
            // already gone
        }
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                sender.execute(this::drain);
            } catch (RuntimeException rejected) {
                draining.set(false);
            }
        }
    }

    private void drain() {
        try {
            for (;;) {
                CloseStatus lapse = grant == null || queue.isEmpty() ? null : lapsed.apply(this);
                if (lapse != null) {
                    forceClose(lapse);
                    return;
                }
                String next;
                while (!overflowed && !closed && (next = queue.poll()) != null) {
                    socket.sendMessage(new TextMessage(next));
                }
                if (overflowed) {
                    forceClose(SLOW_CONSUMER);
                    return;
                }
                if (closeAfterFlush != null && queue.isEmpty()) {
                    forceClose(closeAfterFlush);
                    return;
                }
                draining.set(false);
                boolean more = !queue.isEmpty() || overflowed || closeAfterFlush != null;
                if (closed || !more || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            forceClose(CloseStatus.SESSION_NOT_RELIABLE);
        }
    }
}
