package io.ftfleet.strategy;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A strategy: its identity (the class name) and which of its immutable versions is current. */
@Entity
@Table(name = "strategies")
class Strategy {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String className;
    long ownerId;
    Long currentVersionId;
    Instant createdAt;
    Instant updatedAt;

    protected Strategy() {
    }

    Strategy(String className, long ownerId, Instant now) {
        this.className = className;
        this.ownerId = ownerId;
        this.createdAt = now;
    }
}
