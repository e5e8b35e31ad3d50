package io.ftfleet.user;

import io.ftfleet.core.Secrets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start with no users: creates {@code admin} with {@code FTFLEET_ADMIN_PASSWORD}, or with a random password
 * printed once to the log (the only place it ever appears).
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Users users;
    private final String configuredPassword;

    AdminBootstrap(Users users, @Value("${ftfleet.admin-password:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        if (!generated && configuredPassword.length() < Users.MIN_PASSWORD) {
            throw new IllegalStateException("FTFLEET_ADMIN_PASSWORD must have at least " + Users.MIN_PASSWORD + " characters");
        }
        String password = generated ? Secrets.randomToken(18) : configuredPassword;
        users.create(new Users.NewUser("admin", "admin@localhost.localdomain", password, "Administrator", Role.ADMIN), null);
        if (generated) {
            log.warn("Created the first user 'admin' with the generated password: {}  (shown only this once; "
                    + "change it with POST /api/v1/auth/change-password)", password);
        } else {
            log.info("Created the first user 'admin' with the password from FTFLEET_ADMIN_PASSWORD");
        }
    }
}
