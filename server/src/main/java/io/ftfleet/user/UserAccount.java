package io.ftfleet.user;

import java.time.Instant;

/** A user as other modules see it: no password hash. */
public record UserAccount(long id, String username, String email, String fullName, Role role, boolean active,
        int tokenVersion, Instant createdAt, Instant lastLogin) {

    public CurrentUser asCurrentUser() {
        return new CurrentUser(id, username, role);
    }
}
