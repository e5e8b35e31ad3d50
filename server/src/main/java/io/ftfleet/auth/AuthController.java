package io.ftfleet.auth;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;
import io.ftfleet.user.Role;
import io.ftfleet.user.UserAccount;
import io.ftfleet.user.UserResponse;
import io.ftfleet.user.Users;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The original's auth routes, made correct, plus {@code /refresh}. */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "auth")
class AuthController {

    private static final String WRONG_LOGIN = "Incorrect username or password";

    private final Users users;
    private final AccessTokens accessTokens;
    private final RefreshTokens refreshTokens;
    private final RevokedAccessTokens revokedAccessTokens;
    private final LoginThrottle throttle;
    private final AuthProperties properties;
    private final AccountCache accounts;
    private final ObjectWriter meWriter;
    /**
     * Each caller's {@code /me} answer, serialised once per account: kept while the account cache holds the same
     * account object (a change, local or from another instance, replaces that object), so an unchanged account is
     * answered without Jackson. Only ids of existing accounts are keys.
     */
    private final Map<Long, MeBody> meBodies = new ConcurrentHashMap<>();

    private record MeBody(UserAccount account, byte[] json) {
    }

    AuthController(Users users, AccessTokens accessTokens, RefreshTokens refreshTokens,
            RevokedAccessTokens revokedAccessTokens, LoginThrottle throttle, AuthProperties properties,
            AccountCache accounts, JsonMapper json) {
        this.users = users;
        this.accounts = accounts;
        this.meWriter = json.writerFor(UserResponse.class);
        this.accessTokens = accessTokens;
        this.refreshTokens = refreshTokens;
        this.revokedAccessTokens = revokedAccessTokens;
        this.throttle = throttle;
        this.properties = properties;
    }

    /** The original's TokenResponse, plus the refresh token. */
    record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
            long refreshExpiresIn, UserResponse user) {
    }

    record LoginRequest(String username, String password) {
    }

    record RegisterRequest(String username, String email, String password, String fullName) {
    }

    record RefreshRequest(String refreshToken) {
    }

    record ChangePasswordRequest(String oldPassword, String newPassword) {
    }

    record MessageResponse(String message) {
    }

    @Operation(summary = "Log in with the OAuth2 password form (used by Swagger's Authorize button)")
    @PostMapping(path = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<TokenResponse> loginForm(@RequestParam(required = false) String username,
            @RequestParam(required = false) String password,
            @RequestParam(name = "grant_type", required = false) String grantType, HttpServletRequest request) {
        if (grantType != null && !grantType.equals("password")) {
            throw ApiException.invalidField("grant_type", "must be 'password'");
        }
        return ResponseEntity.ok(login(username, password, request, true));
    }

    @Operation(summary = "Log in with a JSON body (used by the web UI)")
    @PostMapping(path = "/login/json", consumes = MediaType.APPLICATION_JSON_VALUE)
    TokenResponse loginJson(@RequestBody LoginRequest body, HttpServletRequest request) {
        return login(body.username(), body.password(), request, false);
    }

    @Operation(summary = "Register an account (only when registration is open; new accounts are viewers)")
    @PostMapping("/register")
    UserResponse register(@RequestBody RegisterRequest body) {
        if (properties.registration() != AuthProperties.Registration.OPEN) {
            throw ApiException.forbidden("registration_closed", "Registration is closed; ask an admin for an account");
        }
        return UserResponse.of(users.create(
                new Users.NewUser(body.username(), body.email(), body.password(), body.fullName(), Role.VIEWER), null));
    }

    @Operation(summary = "Exchange a refresh token for new tokens; the old refresh token stops working")
    @PostMapping("/refresh")
    TokenResponse refresh(@RequestBody RefreshRequest body) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(body.refreshToken());
        if (rotation instanceof RefreshTokens.Rotation.Rotated rotated) {
            UserAccount user = users.findById(rotated.userId()).filter(UserAccount::active)
                    .orElseThrow(() -> ApiException.unauthorized("invalid_refresh_token", "Invalid refresh token"));
            AccessTokens.Issued access = accessTokens.issue(user);
            return tokens(access, rotated.next(), user);
        }
        throw ApiException.unauthorized("invalid_refresh_token", "Invalid refresh token");
    }

    /** From the same in-memory account the request was authenticated with: no database read. */
    @Operation(summary = "The current user", responses = @ApiResponse(responseCode = "200", description = "the caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = UserResponse.class))))
    @GetMapping("/me")
    void me(@AuthenticationPrincipal CurrentUser current, HttpServletResponse response) throws IOException {
        UserAccount account = accounts.find(current.id()).orElse(null);
        if (account == null) {
            meBodies.remove(current.id());
            throw ApiException.unauthorized("invalid_credentials", "Invalid authentication credentials");
        }
        MeBody body = meBodies.get(account.id());
        if (body == null || body.account() != account) {
            body = new MeBody(account, meWriter.writeValueAsBytes(UserResponse.of(account)));
            meBodies.put(account.id(), body);
        }
        // Written straight to the response, as /health is: the return value handlers and message converters were
        // about a tenth of this route's CPU (docs/BENCHMARKS.md). Always JSON, whatever the Accept header.
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.json().length);
        response.getOutputStream().write(body.json());
    }

    @Operation(summary = "Change your password (JSON body; the original's query parameters are still accepted). "
            + "Every session ends: log in again.")
    @PostMapping("/change-password")
    MessageResponse changePassword(@RequestBody(required = false) ChangePasswordRequest body,
            @RequestParam(name = "old_password", required = false) String oldQuery,
            @RequestParam(name = "new_password", required = false) String newQuery,
            @AuthenticationPrincipal CurrentUser current) {
        String oldPassword = body != null && body.oldPassword() != null ? body.oldPassword() : oldQuery;
        String newPassword = body != null && body.newPassword() != null ? body.newPassword() : newQuery;
        if (oldPassword == null) {
            throw ApiException.invalidField("old_password", "is required");
        }
        users.changePassword(current.id(), oldPassword, newPassword);
        return new MessageResponse("Password changed successfully");
    }

    @Operation(summary = "Log out: ends this access token and the refresh token's family "
            + "(all of the user's refresh tokens when none is sent)")
    @PostMapping("/logout")
    MessageResponse logout(@RequestBody(required = false) RefreshRequest body, Authentication authentication,
            @AuthenticationPrincipal CurrentUser current) {
        if (authentication instanceof FleetAuthentication fleet && fleet.tokenId() != null) {
            revokedAccessTokens.revoke(fleet.tokenId(), fleet.expiresAt());
        }
        if (body != null && body.refreshToken() != null) {
            refreshTokens.revokeFamilyOf(body.refreshToken(), current.id());
        } else {
            refreshTokens.revokeAll(current.id(), "logout");
        }
        return new MessageResponse("Logged out successfully");
    }

    /** What the dashboard gets: the access token only; the refresh token travels in an HttpOnly cookie. */
    record UiTokenResponse(String accessToken, String tokenType, long expiresIn, UserResponse user) {
    }

    @Operation(summary = "Dashboard sign-in: the refresh token is set as an HttpOnly SameSite=Strict cookie "
            + "(path /api/v1/auth/ui), the access token is in the body. Needs the header X-FTFleet-UI: 1.")
    @PostMapping(path = "/ui/login", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<UiTokenResponse> uiLogin(@RequestBody LoginRequest body, HttpServletRequest request) {
        UiCookies.requireUiHeader(request);
        TokenResponse tokens = login(body.username(), body.password(), request, false);
        return uiTokens(tokens, request);
    }

    @Operation(summary = "Dashboard refresh: rotates the refresh cookie and returns a new access token. "
            + "Needs the header X-FTFleet-UI: 1.")
    @PostMapping("/ui/refresh")
    ResponseEntity<UiTokenResponse> uiRefresh(HttpServletRequest request) {
        UiCookies.requireUiHeader(request);
        return uiTokens(refresh(new RefreshRequest(UiCookies.refreshToken(request))), request);
    }

    @Operation(summary = "Dashboard sign-out: ends this access token and the cookie's refresh token family, and "
            + "clears the cookie. Needs the header X-FTFleet-UI: 1.")
    @PostMapping("/ui/logout")
    ResponseEntity<MessageResponse> uiLogout(HttpServletRequest request, Authentication authentication,
            @AuthenticationPrincipal CurrentUser current) {
        UiCookies.requireUiHeader(request);
        String cookie = UiCookies.refreshToken(request);
        MessageResponse done = logout(cookie == null ? null : new RefreshRequest(cookie), authentication, current);
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, UiCookies.cleared(request)).body(done);
    }

    private static ResponseEntity<UiTokenResponse> uiTokens(TokenResponse tokens, HttpServletRequest request) {
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, UiCookies.refresh(tokens.refreshToken(), tokens.refreshExpiresIn(), request))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new UiTokenResponse(tokens.accessToken(), tokens.tokenType(), tokens.expiresIn(), tokens.user()));
    }

    private TokenResponse login(String username, String password, HttpServletRequest request, boolean formVariant) {
        String ip = request.getRemoteAddr();
        throttle.lockedFor(username, ip).ifPresent(wait -> {
            throw locked(wait);
        });
        var account = users.authenticate(username, password);
        if (account.isEmpty()) {
            throttle.failed(username, ip);
            throw formVariant ? new WrongLoginForm() : ApiException.unauthorized("invalid_login", WRONG_LOGIN);
        }
        throttle.succeeded(username);
        UserAccount user = account.get();
        accounts.evict(user.id()); // last_login changed
        return tokens(accessTokens.issue(user), refreshTokens.issueNewFamily(user.id()), user);
    }

    private static TokenResponse tokens(AccessTokens.Issued access, RefreshTokens.Issued refresh, UserAccount user) {
        return new TokenResponse(access.token(), "bearer", access.expiresIn(), refresh.token(), refresh.expiresIn(),
                UserResponse.of(user));
    }

    private static ApiException locked(Duration wait) {
        return ApiException.tooManyRequests("login_locked",
                "Too many failed logins; try again in " + Math.max(1, wait.toSeconds()) + " seconds", wait);
    }

    /** The form variant answers with {@code WWW-Authenticate: Bearer}, as OAuth2 password clients expect. */
    static final class WrongLoginForm extends ApiException {
        WrongLoginForm() {
            super(HttpStatus.UNAUTHORIZED, "invalid_login", WRONG_LOGIN);
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(WrongLoginForm.class)
    ResponseEntity<Object> wrongLoginForm(WrongLoginForm e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(io.ftfleet.core.Problems.of(e));
    }

}
