package io.ftfleet.user;

/** Domain events of the user module (past tense; listeners in other modules react, e.g. by revoking tokens). */
public final class UserEvents {

    private UserEvents() {
    }

    public record UserCreated(long userId, String username, Role role, Long createdBy) {
    }

    /** The password changed, or the account was deactivated: every session of the user must end. */
    public record CredentialsInvalidated(long userId, String reason) {
    }
}
