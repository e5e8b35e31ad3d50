package io.ftfleet.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The decoy hash (what an unknown username's password is checked against) is not made at start-up, where an Argon2
 * hash was a visible share of a start on 2 cores, but on the first login attempt, once; and an unknown username is
 * still checked against a real Argon2 hash.
 */
class DecoyHashTests {

    /** The real encoder, noting each call. */
    static final class CountingEncoder implements PasswordEncoder {
        final PasswordEncoder real = new UserConfig().passwordEncoder();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String encode(CharSequence raw) {
            calls.add("encode");
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            calls.add("matches " + encoded.substring(0, Math.min(9, encoded.length())));
            return real.matches(raw, encoded);
        }
    }

    private final CountingEncoder encoder = new CountingEncoder();

    private Users users() {
        return new Users(mock(UserRepository.class), mock(ApiKeyRepository.class), encoder,
                mock(ApplicationEventPublisher.class), Clock.systemUTC(), mock(PlatformTransactionManager.class));
    }

    @Test
    void creatingTheServiceHashesNothing() {
        users();

        assertThat(encoder.calls).isEmpty();
    }

    @Test
    void anUnknownUsernameIsCheckedAgainstAnArgon2DecoyMadeOnceOnFirstUse() {
        Users users = users();

        assertThat(users.authenticate("nobody", "some-password-1")).isEmpty();
        assertThat(users.authenticate("nobody-else", "other-password-2")).isEmpty();

        assertThat(encoder.calls).containsExactly("encode", "matches $argon2id", "matches $argon2id");
    }
}
