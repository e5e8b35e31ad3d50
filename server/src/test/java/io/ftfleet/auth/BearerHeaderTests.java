package io.ftfleet.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class BearerHeaderTests {

    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    @Test
    void resolvesEveryHeaderExactlyAsSpringSecuritysResolverDoes() {
        Random random = new Random(20261206);
        String alphabet = "aZ09-._~+/= \tBbEeAaRr!é,";
        String[] prefixes = { "Bearer ", "bearer ", "BEARER ", "Bearer", "Bearer  ", "Basic ", "bearerx", "Bear", "",
                " Bearer ", "BeArEr " };
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) {
                header.append("=".repeat(random.nextInt(3)));
            }
            assertSameAnswer(header.toString());
        }
    }

    @Test
    void aWellFormedJwtIsReturnedWholeAndMalformedBearerHeadersAreInvalidTokens() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        assertThat(BearerHeader.token("Bearer " + jwt)).isEqualTo(jwt);
        assertThat(BearerHeader.token("bearer abc==")).isEqualTo("abc==");
        assertThat(BearerHeader.token(null)).isNull();
        assertThat(BearerHeader.token("Basic dXNlcjpwYXNz")).isNull();
        for (String bad : new String[] { "Bearer", "Bearer ", "Bearer a b", "Bearer =abc", "Bearer abc=d", "Bearerabc" }) {
            assertSameAnswer(bad);
        }
    }

    private void assertSameAnswer(String header) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader("Authorization", header);
        String expected;
        try {
            expected = spring.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            try {
                BearerHeader.token(header);
            } catch (OAuth2AuthenticationException mine) {
                assertThat(mine.getError().getErrorCode()).as(header).isEqualTo(e.getError().getErrorCode());
                assertThat(mine.getError().getDescription()).as(header).isEqualTo(e.getError().getDescription());
                return;
            }
            throw new AssertionError("Spring Security refuses [" + header + "] but BearerHeader accepts it");
        }
        assertThat(BearerHeader.token(header)).as(header).isEqualTo(expected);
    }
}
