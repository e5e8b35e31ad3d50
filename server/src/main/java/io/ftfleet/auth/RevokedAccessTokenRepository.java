package io.ftfleet.auth;

import java.time.Instant;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface RevokedAccessTokenRepository extends JpaRepository<RevokedAccessToken, String> {

    List<RevokedAccessToken> findByExpiresAtAfter(Instant now);

    @Modifying
    @Query("delete from RevokedAccessToken t where t.expiresAt < :now")
    int deleteExpired(Instant now);
}
