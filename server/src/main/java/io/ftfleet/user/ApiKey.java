package io.ftfleet.user;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_keys")
class ApiKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long userId;
    private String name;
    private String prefix;
    private String keyHash;
    private Long createdBy;
    private Instant createdAt;
    private Instant lastUsedAt;
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(long userId, String name, String prefix, String keyHash, Long createdBy, Instant now) {
        this.userId = userId;
        this.name = name;
        this.prefix = prefix;
        this.keyHash = keyHash;
        this.createdBy = createdBy;
        this.createdAt = now;
    }

    Long id() {
        return id;
    }

    long userId() {
        return userId;
    }

    String name() {
        return name;
    }

    String prefix() {
        return prefix;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastUsedAt() {
        return lastUsedAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    boolean revoked() {
        return revokedAt != null;
    }

    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }
}
