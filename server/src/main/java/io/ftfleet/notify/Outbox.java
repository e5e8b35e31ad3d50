package io.ftfleet.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.ftfleet.user.UserAccount;
import io.ftfleet.user.Users;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes alerts into the outbox: one delivery row per channel that wants the alert and whose owner may see it. Runs in
 * the transaction of the change that caused the alert when there is a writable one (so the alert exists exactly when
 * the change does); otherwise in a transaction of its own.
 */
@Component
class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final NotifyStore store;
    private final Users users;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate own;

    Outbox(NotifyStore store, Users users, JsonMapper json, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.users = users;
        this.json = json;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * Runs {@code work} in the caller's writable transaction, or in one of its own (after the caller's read-only one
     * commits, or at once without one). Never throws: an alert must not undo the change it reports.
     */
    void write(Consumer<Instant> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            try {
                work.accept(clock.instant());
            } catch (RuntimeException e) {
                log.warn("Could not record an alert: {}", e.toString());
            }
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    alone(work);
                }
            });
            return;
        }
        alone(work);
    }

    private void alone(Consumer<Instant> work) {
        try {
            own.executeWithoutResult(s -> work.accept(clock.instant()));
        } catch (RuntimeException e) {
            log.warn("Could not record an alert: {}", e.toString());
        }
    }

    /** Routes an alert to every channel that wants it; returns how many deliveries were written. */
    int route(Alert alert, Instant due) {
        return route(alert, due, null);
    }

    /** @param onlyChannels when not null, only these channels (a recovery goes where its down went) */
    int route(Alert alert, Instant due, Set<Long> onlyChannels) {
        String payload = json.writeValueAsString(alert.body());
        Map<Long, Optional<UserAccount>> owners = new HashMap<>();
        int written = 0;
        for (Channel channel : store.enabledChannels()) {
            if (onlyChannels != null && !onlyChannels.contains(channel.id())) {
                continue;
            }
            Optional<UserAccount> owner = owners.computeIfAbsent(channel.ownerId(), users::findById);
            if (owner.isEmpty() || !owner.get().active() || !matches(channel, owner.get(), alert)) {
                continue;
            }
            if (store.insertDelivery(channel.id(), alert, payload,
                    channel.quietHours() == null ? due : channel.quietHours().release(alert.severity(), due))) {
                written++;
            }
        }
        return written;
    }

    static boolean matches(Channel channel, UserAccount owner, Alert alert) {
        if (!channel.wants(alert.type()) || alert.severity().compareTo(channel.minSeverity()) < 0) {
            return false;
        }
        boolean admin = owner.asCurrentUser().isAdmin();
        Alert.BotRef bot = alert.bot();
        if (bot == null) {
            return admin || alert.audience().everyone() || alert.audience().users().contains(owner.id());
        }
        if (!admin && bot.ownerId() != owner.id()) {
            return false; // a user only ever hears of bots they may see
        }
        if (channel.botIds() == null && channel.tags() == null) {
            return true;
        }
        return (channel.botIds() != null && channel.botIds().contains(bot.id()))
                || (channel.tags() != null && bot.tags().stream().anyMatch(channel.tags()::contains));
    }

    List<Long> channelsThatGot(String eventId) {
        return store.channelsWithDelivery(eventId);
    }
}
