package io.ftfleet.auth;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One refresh token of a family (a login and all its rotations). Only the SHA-256 of the token is kept. */
@Entity
@Table(name = "refresh_tokens")
class RefreshToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long userId;
    private String familyId;
    private String tokenHash;
    private Instant issuedAt;
    private Instant expiresAt;
    private Instant rotatedAt;
    private Instant revokedAt;
    private String revokeReason;

    protected RefreshToken() {
    }

    RefreshToken(long userId, String familyId, String tokenHash, Instant issuedAt, Instant expiresAt) {
        this.userId = userId;
        this.familyId = familyId;
        this.tokenHash = tokenHash;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    Long id() {
        return id;
    }

    long userId() {
        return userId;
    }

    String familyId() {
        return familyId;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant rotatedAt() {
        return rotatedAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }
}
