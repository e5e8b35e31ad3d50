package io.ftfleet.core;

import java.sql.Connection;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/** The database answers a trivial query within two seconds. */
@Component
class DatabaseReadinessCheck implements ReadinessCheck {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DatabaseReadinessCheck.class);

    private final DataSource dataSource;

    DatabaseReadinessCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Result check() {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                return Result.down("connection is not valid");
            }
            String product = connection.getMetaData().getDatabaseProductName();
            return Result.up(product + ", " + (System.nanoTime() - started) / 1_000_000 + " ms");
        } catch (Exception e) {
            log.warn("Database readiness check failed", e);
            return Result.down("unreachable (see the server log)");
        }
    }
}
