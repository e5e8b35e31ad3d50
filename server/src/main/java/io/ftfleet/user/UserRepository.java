package io.ftfleet.user;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

interface UserRepository extends JpaRepository<User, Long> {

    Optional<User> findByUsername(String username);

    boolean existsByUsername(String username);

    boolean existsByEmail(String email);

    long countByRoleAndActiveTrue(Role role);

    List<User> findAllByOrderByIdAsc();

    /** The login time without the entity's version check: concurrent logins of one user must not conflict. */
    @Modifying
    @Transactional
    @Query("update User u set u.lastLogin = :at where u.id = :id")
    int recordLogin(@Param("id") long id, @Param("at") Instant at);
}
