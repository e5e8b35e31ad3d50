package io.ftfleet.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    List<ApiKey> findByUserIdOrderByIdAsc(long userId);

    Optional<ApiKey> findByIdAndUserId(long id, long userId);

    /** Written at most once a minute per key (see {@link Users#authenticateApiKey}), never per request. */
    @Modifying
    @Query("update ApiKey k set k.lastUsedAt = :now where k.id = :id")
    int touch(long id, Instant now);
}
