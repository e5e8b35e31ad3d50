package io.ftfleet.user;

import java.time.Instant;

/** The original server's UserResponse, plus {@code role}. Never carries the password hash. */
public record UserResponse(long id, String username, String email, String fullName, boolean isActive,
        boolean isSuperuser, Role role, Instant createdAt, Instant lastLogin) {

    public static UserResponse of(UserAccount account) {
        return new UserResponse(account.id(), account.username(), account.email(), account.fullName(),
                account.active(), account.role() == Role.ADMIN, account.role(), account.createdAt(),
                account.lastLogin());
    }
}
