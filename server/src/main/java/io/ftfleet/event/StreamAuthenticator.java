package io.ftfleet.event;

import java.util.Optional;

import io.ftfleet.auth.AccessTokenVerifier;
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

    Optional<AccessTokenVerifier.Grant> apiKey(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return users.authenticateApiKey(key.strip()).map(UserAccount::asCurrentUser)
                .map(AccessTokenVerifier.Grant::ofApiKey);
    }

    /** Same rules as the REST API's bearer tokens (see {@link AccessTokenVerifier}). */
    Optional<AccessTokenVerifier.Grant> accessToken(String token) {
        return verifier.grant(token);
    }

    /** Empty while the session's grant holds; re-checked from memory on every send batch and every sweep. */
    Optional<AccessTokenVerifier.Lapse> recheck(AccessTokenVerifier.Grant grant) {
        return verifier.recheck(grant);
    }
}
