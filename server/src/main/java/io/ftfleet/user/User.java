package io.ftfleet.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

@Entity
@Table(name = "users")
class User {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;
    private String email;
    private String hashedPassword;
    private String fullName;

    @Convert(converter = RoleConverter.class)
    private Role role;

    @Column(name = "is_active")
    private boolean active = true;

    private int tokenVersion;
    private Instant lastLogin;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    protected User() {
    }

    User(String username, String email, String hashedPassword, String fullName, Role role, Instant now) {
        this.username = username;
        this.email = email;
        this.hashedPassword = hashedPassword;
        this.fullName = fullName;
        this.role = role;
        this.createdAt = now;
    }

    UserAccount toAccount() {
        return new UserAccount(id, username, email, fullName, role, active, tokenVersion, createdAt, lastLogin);
    }

    void changePassword(String newHash, Instant now) {
        this.hashedPassword = newHash;
        this.tokenVersion++;
        this.updatedAt = now;
    }

    void loggedIn(Instant now) {
        this.lastLogin = now;
    }

    void update(String email, String fullName, Role role, Boolean active, Instant now) {
        if (email != null) {
            this.email = email;
        }
        if (fullName != null) {
            this.fullName = fullName;
        }
        if (role != null) {
            this.role = role;
        }
        if (active != null && active != this.active) {
            this.active = active;
            this.tokenVersion++;
        }
        this.updatedAt = now;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    String email() {
        return email;
    }

    String hashedPassword() {
        return hashedPassword;
    }

    Role role() {
        return role;
    }

    boolean active() {
        return active;
    }

    @Converter
    static class RoleConverter implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.value();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Role.of(value);
        }
    }
}
