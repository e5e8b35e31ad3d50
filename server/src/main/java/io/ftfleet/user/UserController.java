package io.ftfleet.user;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** User administration (new in FT Fleet; the original had no users router). Admins only. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "users")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    record CreateUserRequest(String username, String email, String password, String fullName, Role role) {
    }

    record UpdateUserRequest(String email, String fullName, Role role, Boolean isActive, String password) {
    }

    record CreateApiKeyRequest(String name) {
    }

    /** Shown once: {@code key} is the secret to send as {@code X-API-Key}. */
    record CreatedApiKeyResponse(long id, String name, String prefix, String key, java.time.Instant createdAt) {
    }

    @Operation(summary = "List users")
    @GetMapping({ "", "/" })
    List<UserResponse> list() {
        return users.list().stream().map(UserResponse::of).toList();
    }

    @Operation(summary = "Create a user with a role")
    @PostMapping({ "", "/" })
    @ResponseStatus(HttpStatus.CREATED)
    UserResponse create(@RequestBody CreateUserRequest request, @AuthenticationPrincipal CurrentUser admin) {
        return UserResponse.of(users.create(new Users.NewUser(request.username(), request.email(), request.password(),
                request.fullName(), request.role()), admin.id()));
    }

    @Operation(summary = "Get a user")
    @GetMapping("/{userId}")
    UserResponse get(@PathVariable long userId) {
        return users.findById(userId).map(UserResponse::of)
                .orElseThrow(() -> io.ftfleet.core.ApiException.notFound("user_not_found", "User not found"));
    }

    @Operation(summary = "Change a user's role, status, email, name or password")
    @PatchMapping("/{userId}")
    UserResponse update(@PathVariable long userId, @RequestBody UpdateUserRequest request,
            @AuthenticationPrincipal CurrentUser admin) {
        return UserResponse.of(users.update(userId, new Users.UserChange(request.email(), request.fullName(),
                request.role(), request.isActive(), request.password()), admin));
    }

    @Operation(summary = "List a user's API keys (never the keys themselves)")
    @GetMapping("/{userId}/api-keys")
    List<Users.ApiKeyView> apiKeys(@PathVariable long userId) {
        return users.apiKeys(userId);
    }

    @Operation(summary = "Create an API key for a user; the key is shown only in this response")
    @PostMapping("/{userId}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedApiKeyResponse createApiKey(@PathVariable long userId, @RequestBody CreateApiKeyRequest request,
            @AuthenticationPrincipal CurrentUser admin) {
        Users.CreatedApiKey created = users.createApiKey(userId, request.name(), admin);
        return new CreatedApiKeyResponse(created.key().id(), created.key().name(), created.key().prefix(),
                created.secret(), created.key().createdAt());
    }

    @Operation(summary = "Revoke an API key")
    @DeleteMapping("/{userId}/api-keys/{keyId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeApiKey(@PathVariable long userId, @PathVariable long keyId) {
        users.revokeApiKey(userId, keyId);
    }
}
