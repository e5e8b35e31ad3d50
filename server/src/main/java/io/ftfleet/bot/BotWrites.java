package io.ftfleet.bot;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Counts this JVM's writes of bot rows, so {@link BotListCache} can tell without a query that nothing changed. Every
 * write of a {@link Bot} goes through JPA (the entity is package-private; the lifecycle, the runtime's observations
 * and the registry all save it), and JPA calls these callbacks at flush. The count is raised again when the writing
 * transaction completes: a list built between the flush and the commit read the old rows and must not be taken as
 * current. Static, because Hibernate instantiates entity listeners itself; several application contexts in one JVM
 * (tests) then share the count, which only costs a rebuild, never a stale answer. Writes made around JPA or by another
 * instance are bounded by {@link BotListCache#MAX_AGE}.
 */
final class BotWrites {

    private static final AtomicLong COUNT = new AtomicLong();

    static long count() {
        return COUNT.get();
    }

    @PostPersist
    @PostUpdate
    @PostRemove
    void written(Bot bot) {
        COUNT.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    COUNT.incrementAndGet();
                }
            });
        }
    }
}
