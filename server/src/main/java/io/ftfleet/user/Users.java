package io.ftfleet.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.core.Secrets;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The user module's service: accounts, passwords and API keys. */
@Service
public class Users {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 128;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{3,50}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Duration API_KEY_TOUCH_INTERVAL = Duration.ofMinutes(1);
    static final String API_KEY_PREFIX = "ftf_";

    private final UserRepository users;
    private final ApiKeyRepository apiKeys;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    /**
     * Hash of a random password: unknown usernames cost as much to check as known ones. Made on the first login
     * attempt rather than at start-up (an Argon2 hash is a visible share of a start on 2 cores); every attempt asks
     * for it first, so the first one costs the same whether the username exists or not.
     */
    private volatile String decoyHash;
    private final PasswordHashing hashing = PasswordHashing.forThisMachine();

    private final TransactionTemplate tx;

    Users(UserRepository users, ApiKeyRepository apiKeys, PasswordEncoder passwords, ApplicationEventPublisher events,
            Clock clock, PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
        this.users = users;
        this.apiKeys = apiKeys;
        this.passwords = passwords;
        this.events = events;
        this.clock = clock;
    }

    private String decoyHash() {
        String hash = decoyHash;
        if (hash == null) {
            synchronized (this) {
                hash = decoyHash;
                if (hash == null) {
                    hash = hashing.run(() -> passwords.encode(Secrets.randomToken(16)));
                    decoyHash = hash;
                }
            }
        }
        return hash;
    }

    /** What an account is created from; {@code role} null means viewer. */
    public record NewUser(String username, String email, String password, String fullName, Role role) {
    }

    /** Partial change by an admin; null fields stay as they are. */
    public record UserChange(String email, String fullName, Role role, Boolean active, String password) {
    }

    public record ApiKeyView(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt) {
    }

    /** The only time the key itself is visible. */
    public record CreatedApiKey(ApiKeyView key, String secret) {
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> findById(long id) {
        return users.findById(id).map(User::toAccount);
    }

    @Transactional(readOnly = true)
    public Optional<UserAccount> findByUsername(String username) {
        return users.findByUsername(username).map(User::toAccount);
    }

    @Transactional(readOnly = true)
    public List<UserAccount> list() {
        return users.findAllByOrderByIdAsc().stream().map(User::toAccount).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        return users.count();
    }

    /**
     * Not transactional on purpose (nor {@link #changePassword}, {@link #update}): Argon2 runs first, bounded by
     * {@link PasswordHashing}, outside any transaction, so it never holds a pool connection; the writes follow in a
     * short transaction of their own.
     */
    public UserAccount create(NewUser request, Long createdBy) {
        List<FieldViolation> errors = new ArrayList<>();
        checkUsername(request.username(), errors);
        checkEmail(request.email(), errors);
        checkPassword("password", request.password(), errors);
        if (request.fullName() != null && request.fullName().length() > 100) {
            errors.add(new FieldViolation("full_name", "must be at most 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid user", errors);
        }
        String email = request.email().trim().toLowerCase(Locale.ROOT);
        String hash = encode(request.password());
        return tx.execute(status -> {
            if (users.existsByUsername(request.username()) || users.existsByEmail(email)) {
                throw ApiException.conflict("user_exists", "Username or email already exists");
            }
            Role role = request.role() == null ? Role.VIEWER : request.role();
            User user = users.save(new User(request.username(), email, hash, request.fullName(), role,
                    clock.instant()));
            events.publishEvent(new UserEvents.UserCreated(user.id(), user.username(), role, createdBy));
            return user.toAccount();
        });
    }

    /** A new password's hash, bounded like every other Argon2 run. */
    private String encode(String password) {
        return hashing.run(() -> passwords.encode(password));
    }

    /**
     * Checks a username and password; empty when either is wrong or the account is inactive. Unknown names run
     * the same Argon2 work as known ones, so response time does not reveal which names exist.
     * <p>
     * Not transactional on purpose: the row is read in its own short transaction and the Argon2 check runs after
     * its connection is back in the pool, so a burst of logins cannot hold the pool through the hashing. The login
     * time is written with a plain UPDATE (no version check), so two logins of one user at once both succeed.
     */
    public Optional<UserAccount> authenticate(String username, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        String decoy = decoyHash();
        Optional<User> found = username == null || username.length() > 50 ? Optional.empty()
                : users.findByUsername(username);
        String hash = found.map(User::hashedPassword).orElse(decoy);
        boolean matches = hashing.run(() -> passwords.matches(password, hash));
        if (found.isEmpty() || !matches || !found.get().active()) {
            return Optional.empty();
        }
        User user = found.get();
        Instant now = clock.instant();
        users.recordLogin(user.id(), now);
        user.loggedIn(now);
        return Optional.of(user.toAccount());
    }

    public void changePassword(long userId, String oldPassword, String newPassword) {
        String current = users.findById(userId).map(User::hashedPassword)
                .orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
        List<FieldViolation> errors = new ArrayList<>();
        checkPassword("new_password", newPassword, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid new password", errors);
        }
        if (oldPassword == null || oldPassword.length() > MAX_PASSWORD
                || !hashing.run(() -> passwords.matches(oldPassword, current))) {
            throw ApiException.badRequest("wrong_password", "Password change failed. Check old password.");
        }
        String hash = encode(newPassword);
        tx.executeWithoutResult(status -> {
            User user = users.findById(userId)
                    .orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
            if (!user.hashedPassword().equals(current)) {
                // Changed meanwhile (another session, an admin): the old password checked above is no longer it.
                throw ApiException.conflict("password_changed", "The password was changed meanwhile; try again");
            }
            user.changePassword(hash, clock.instant());
            events.publishEvent(new UserEvents.CredentialsInvalidated(userId, "password_changed"));
        });
    }

    public UserAccount update(long userId, UserChange change, CurrentUser by) {
        List<FieldViolation> passwordErrors = new ArrayList<>();
        if (change.password() != null) {
            checkPassword("password", change.password(), passwordErrors);
        }
        // Hashed before the transaction (only a valid password: an invalid one is refused below with the rest).
        String hash = change.password() == null || !passwordErrors.isEmpty() ? null : encode(change.password());
        return tx.execute(status -> update(userId, change, hash));
    }

    private UserAccount update(long userId, UserChange change, String passwordHash) {
        User user = users.findById(userId).orElseThrow(() -> ApiException.notFound("user_not_found", "User not found"));
        List<FieldViolation> errors = new ArrayList<>();
        if (change.email() != null) {
            checkEmail(change.email(), errors);
        }
        if (change.password() != null) {
            checkPassword("password", change.password(), errors);
        }
        if (change.fullName() != null && change.fullName().length() > 100) {
            errors.add(new FieldViolation("full_name", "must be at most 100 characters"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid user change", errors);
        }
        String email = change.email() == null ? null : change.email().trim().toLowerCase(Locale.ROOT);
        if (email != null && !email.equals(user.email()) && users.existsByEmail(email)) {
            throw ApiException.conflict("user_exists", "Username or email already exists");
        }
        boolean losesAdmin = user.role() == Role.ADMIN && user.active()
                && ((change.role() != null && change.role() != Role.ADMIN) || Boolean.FALSE.equals(change.active()));
        if (losesAdmin && users.countByRoleAndActiveTrue(Role.ADMIN) <= 1) {
            throw new ApiException(HttpStatus.CONFLICT, "last_admin", "At least one active admin must remain");
        }
        boolean deactivated = user.active() && Boolean.FALSE.equals(change.active());
        Map<String, Object> before = snapshot(user.toAccount());
        user.update(email, change.fullName(), change.role(), change.active(), clock.instant());
        if (passwordHash != null) {
            user.changePassword(passwordHash, clock.instant());
        }
        Map<String, Object> after = snapshot(user.toAccount());
        if (change.password() != null) {
            after.put("password", "changed");
        }
        events.publishEvent(new UserEvents.UserUpdated(userId, before, after));
        if (deactivated || change.password() != null) {
            events.publishEvent(new UserEvents.CredentialsInvalidated(userId,
                    deactivated ? "deactivated" : "password_reset"));
        }
        return user.toAccount();
    }

    @Transactional
    public CreatedApiKey createApiKey(long userId, String name, CurrentUser by) {
        if (!users.existsById(userId)) {
            throw ApiException.notFound("user_not_found", "User not found");
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ApiException.invalidField("name", "must be 1 to 100 characters");
        }
        String secret = API_KEY_PREFIX + Secrets.randomToken(32);
        ApiKey key = apiKeys.save(new ApiKey(userId, name.strip(), secret.substring(0, 12), Secrets.sha256Hex(secret),
                by.id(), clock.instant()));
        events.publishEvent(new UserEvents.ApiKeyCreated(userId, key.id(), key.name()));
        return new CreatedApiKey(view(key), secret);
    }

    @Transactional(readOnly = true)
    public List<ApiKeyView> apiKeys(long userId) {
        if (!users.existsById(userId)) {
            throw ApiException.notFound("user_not_found", "User not found");
        }
        return apiKeys.findByUserIdOrderByIdAsc(userId).stream().map(Users::view).toList();
    }

    @Transactional
    public void revokeApiKey(long userId, long keyId) {
        ApiKey key = apiKeys.findByIdAndUserId(keyId, userId)
                .orElseThrow(() -> ApiException.notFound("api_key_not_found", "API key not found"));
        if (!key.revoked()) {
            key.revoke(clock.instant());
            events.publishEvent(new UserEvents.ApiKeyRevoked(userId, keyId));
        }
    }

    /** The active user behind an API key, if the key is known, not revoked and its user active. */
    @Transactional
    public Optional<UserAccount> authenticateApiKey(String secret) {
        if (secret == null || !secret.startsWith(API_KEY_PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        Optional<ApiKey> found = apiKeys.findByKeyHash(Secrets.sha256Hex(secret)).filter(k -> !k.revoked());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = found.get();
        Instant now = clock.instant();
        if (key.lastUsedAt() == null || key.lastUsedAt().plus(API_KEY_TOUCH_INTERVAL).isBefore(now)) {
            apiKeys.touch(key.id(), now);
        }
        return users.findById(key.userId()).filter(User::active).map(User::toAccount);
    }

    private static Map<String, Object> snapshot(UserAccount account) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("email", account.email());
        map.put("full_name", account.fullName());
        map.put("role", account.role().value());
        map.put("is_active", account.active());
        return map;
    }

    private static ApiKeyView view(ApiKey key) {
        return new ApiKeyView(key.id(), key.name(), key.prefix(), key.createdAt(), key.lastUsedAt(), key.revokedAt());
    }

    private static void checkUsername(String username, List<FieldViolation> errors) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            errors.add(new FieldViolation("username", "must be 3 to 50 letters, digits or . _ @ -"));
        }
    }

    private static void checkEmail(String email, List<FieldViolation> errors) {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email.trim()).matches()) {
            errors.add(new FieldViolation("email", "must be a valid email address"));
        }
    }

    static void checkPassword(String field, String password, List<FieldViolation> errors) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.add(new FieldViolation(field, "Password must be at least 8 characters long"));
        } else if (password.length() > MAX_PASSWORD) {
            errors.add(new FieldViolation(field, "must be at most " + MAX_PASSWORD + " characters"));
        }
    }
}
