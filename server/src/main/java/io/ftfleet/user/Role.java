package io.ftfleet.user;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a user may do: admins everything, operators control bots, viewers only read. */
public enum Role {
    ADMIN, OPERATOR, VIEWER;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role of(String value) {
        for (Role role : values()) {
            if (role.value().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role: " + value);
    }

    /** Spring Security authority; the hierarchy admin > operator > viewer is declared in the security config. */
    public String authority() {
        return "ROLE_" + name();
    }
}
