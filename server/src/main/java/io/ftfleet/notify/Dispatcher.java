package io.ftfleet.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the outbox at least once. Each due row is claimed with a conditional UPDATE (so instances sharing the
 * database never both send it), sent on a small pool, then marked sent, or retried with exponential back-off, or dead
 * after {@code max-attempts} with its last error. Chat channels send at most one message per {@code per-chat-interval}
 * (Telegram: 1/s per chat, {@code telegram-per-second} overall); what comes due meanwhile goes out as one message.
 */
@Component
class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH = 200;

    private final NotifyStore store;
    private final Senders senders;
    private final NotifyProperties settings;
    private final Clock clock;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final String worker = "notify-" + Outbox.newId();
    private final ExecutorService pool;
    /** When each chat channel may send next. */
    private final Map<Long, Instant> nextChatSend = new ConcurrentHashMap<>();
    /** Telegram messages sent in the current second, over all channels. */
    private long telegramSecond;
    private int telegramInSecond;

    Dispatcher(NotifyStore store, Senders senders, NotifyProperties settings, Clock clock, JsonMapper json,
            MeterRegistry meters) {
        this.store = store;
        this.senders = senders;
        this.settings = settings;
        this.clock = clock;
        this.json = json;
        this.meters = meters;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ftfleet-notify-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Scheduled(fixedDelayString = "${ftfleet.notify.poll-interval:500ms}")
    void tick() {
        try {
            Instant now = clock.instant();
            int reclaimed = store.reclaimStale(now.minus(settings.claimTimeout()));
            if (reclaimed > 0) {
                log.info("{} alert deliveries claimed by a server that is gone are due again", reclaimed);
            }
            Map<Long, List<NotifyStore.Delivery>> byChannel = new LinkedHashMap<>();
            for (NotifyStore.Delivery d : store.due(now, BATCH)) {
                byChannel.computeIfAbsent(d.channelId(), k -> new ArrayList<>()).add(d);
            }
            byChannel.forEach((channelId, due) -> store.channel(channelId).ifPresent(c -> dispatch(c, due, now)));
        } catch (RuntimeException e) {
            log.warn("Alert dispatch failed: {}", e.toString());
        }
    }

    private void dispatch(Channel channel, List<NotifyStore.Delivery> due, Instant now) {
        if (!channel.chat()) {
            for (NotifyStore.Delivery d : due) {
                if (store.claim(d.id(), worker, now)) {
                    pool.execute(() -> finish(channel, List.of(d), senders.webhook(channel, d.eventId(), d.payload())));
                }
            }
            return;
        }
        Instant allowed = nextChatSend.get(channel.id());
        if ((allowed != null && allowed.isAfter(now)) || !telegramAllows(channel, now)) {
            return; // stays pending; goes out with whatever else comes due, as one message
        }
        List<String> texts = new ArrayList<>();
        for (NotifyStore.Delivery d : due) {
            texts.add(text(d));
        }
        int fit = Senders.fitting(channel.type(), texts);
        List<NotifyStore.Delivery> claimed = new ArrayList<>();
        List<String> claimedTexts = new ArrayList<>();
        for (int i = 0; i < fit; i++) {
            if (store.claim(due.get(i).id(), worker, now)) {
                claimed.add(due.get(i));
                claimedTexts.add(texts.get(i));
            }
        }
        if (claimed.isEmpty()) {
            return;
        }
        nextChatSend.put(channel.id(), now.plus(settings.perChatInterval()));
        pool.execute(() -> finish(channel, claimed, senders.chat(channel, claimedTexts)));
    }

    private synchronized boolean telegramAllows(Channel channel, Instant now) {
        if (!channel.type().equals("telegram")) {
            return true;
        }
        long second = now.getEpochSecond();
        if (second != telegramSecond) {
            telegramSecond = second;
            telegramInSecond = 0;
        }
        if (telegramInSecond >= settings.telegramPerSecond()) {
            return false;
        }
        telegramInSecond++;
        return true;
    }

    private void finish(Channel channel, List<NotifyStore.Delivery> sent, Senders.Outcome outcome) {
        try {
            Instant now = clock.instant();
            for (NotifyStore.Delivery d : sent) {
                if (outcome.ok()) {
                    store.sent(d.id(), now);
                    count(channel, "sent");
                    continue;
                }
                int attempts = d.attempts() + 1;
                boolean dead = attempts >= settings.maxAttempts();
                Duration wait = outcome.retryAfterSeconds() != null
                        ? Duration.ofSeconds(Math.max(outcome.retryAfterSeconds(), 1))
                        : settings.backoff(attempts);
                store.failed(d.id(), outcome.error(), now.plus(wait), dead);
                count(channel, "failed");
                if (dead) {
                    count(channel, "dead");
                    log.warn("Alert {} to channel {} is dead after {} attempts: {}", d.eventId(), channel.id(),
                            attempts, outcome.error());
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the outcome of alert deliveries to channel {}: {}", channel.id(), e.toString());
        }
    }

    private void count(Channel channel, String outcome) {
        Counter.builder("ftfleet.notify.deliveries").description("Alert deliveries by channel type and outcome")
                .tag("type", channel.type()).tag("outcome", outcome).register(meters).increment();
    }

    private String text(NotifyStore.Delivery d) {
        return Optional.ofNullable(json.readTree(d.payload()).get("text")).map(n -> n.asString()).orElse(d.eventType());
    }

    /** For the API's test message: sent at once, outside the outbox. */
    Senders.Outcome sendNow(Channel channel, Alert alert) {
        Alert.Body body = alert.body();
        Senders.Outcome outcome = channel.chat() ? senders.chat(channel, List.of(alert.text()))
                : senders.webhook(channel, alert.id(), json.writeValueAsString(body));
        count(channel, outcome.ok() ? "sent" : "failed");
        return outcome;
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
        try {
            store.releaseWorker(worker); // what was in flight is due again at once, here or on another instance
        } catch (RuntimeException e) {
            log.warn("Could not release claimed alert deliveries: {}", e.toString());
        }
    }
}
