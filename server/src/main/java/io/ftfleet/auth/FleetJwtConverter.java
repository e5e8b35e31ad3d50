package io.ftfleet.auth;

import io.ftfleet.user.UserAccount;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * A verified access token becomes a caller only if its user still exists, is active and has not changed password
 * since the token was issued (token version), so deactivation and password changes take effect at once. The role
 * comes from the account, not the token: a demoted user loses rights immediately. Accounts come from memory
 * ({@link AccountCache}, invalidated by the user module's events), so this costs no database read.
 */
@Component
class FleetJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

    private final AccountCache accounts;

    FleetJwtConverter(AccountCache accounts) {
        this.accounts = accounts;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object uid = jwt.getClaims().get("uid");
        Object version = jwt.getClaims().get("ver");
        if (!(uid instanceof Number id) || !(version instanceof Number ver)) {
            throw new BadCredentialsException("token lacks uid or ver");
        }
        UserAccount user = accounts.find(id.longValue())
                .filter(UserAccount::active)
                .filter(u -> u.tokenVersion() == ver.intValue())
                .orElseThrow(() -> new BadCredentialsException("user inactive, removed or token superseded"));
        return new FleetAuthentication(user.asCurrentUser(), jwt.getId(), jwt.getExpiresAt());
    }
}
