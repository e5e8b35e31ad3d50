package io.ftfleet.auth;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "revoked_access_tokens")
class RevokedAccessToken {

    @Id
    private String jti;
    private Instant expiresAt;

    protected RevokedAccessToken() {
    }

    RevokedAccessToken(String jti, Instant expiresAt) {
        this.jti = jti;
        this.expiresAt = expiresAt;
    }

    String jti() {
        return jti;
    }

    Instant expiresAt() {
        return expiresAt;
    }
}
