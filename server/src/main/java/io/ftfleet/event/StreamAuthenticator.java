package io.ftfleet.event;

import java.util.Optional;

import io.ftfleet.auth.AccessTokenVerifier;
import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.UserAccount;
import io.ftfleet.user.Users;

import org.springframework.stereotype.Component;

/**
 * Who a stream client is. API keys are checked through {@link Users#authenticateApiKey(String)}, exactly as the
 * REST API's key filter does; access tokens through {@link AccessTokenVerifier}, with the REST API's own rules.
 */
@Component
class StreamAuthenticator {

    private final Users users;
    private final AccessTokenVerifier verifier;

    StreamAuthenticator(Users users, AccessTokenVerifier verifier) {
        this.users = users;
        this.verifier = verifier;
    }

    Optional<CurrentUser> apiKey(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return users.authenticateApiKey(key.strip()).map(UserAccount::asCurrentUser);
    }

    /** Same rules as the REST API's bearer tokens (see {@link AccessTokenVerifier}). */
    Optional<CurrentUser> accessToken(String token) {
        return verifier.verify(token);
    }
}
