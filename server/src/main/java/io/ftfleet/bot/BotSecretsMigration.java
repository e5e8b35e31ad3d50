package io.ftfleet.bot;

import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManagerFactory;

import io.ftfleet.bot.config.ConfigPolicy;
import io.ftfleet.bot.config.FreqtradeConfigGenerator;
import io.ftfleet.core.SecretBox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves secret-bearing values that earlier versions kept in plain text in {@code bots.config_overrides} (telegram
 * token, ccxt credentials, webhook URLs, ...) into the encrypted {@code config_secrets_enc} (migration V60 added the
 * column; SQL cannot encrypt, it has no master key). Runs once per start before anything serves or launches bots;
 * rows without such values are not touched, and of the others only these two columns change.
 */
@Component
class BotSecretsMigration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(BotSecretsMigration.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretBox secrets;
    private final JsonMapper json;

    /** The entity manager factory is only a dependency: it exists once Flyway has migrated the schema. */
    BotSecretsMigration(JdbcTemplate jdbc, TransactionTemplate tx, SecretBox secrets, JsonMapper json,
            EntityManagerFactory migrated) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.secrets = secrets;
        this.json = json;
    }

    @Override
    public void afterPropertiesSet() {
        Integer moved = tx.execute(status -> migrate());
        if (moved != null && moved > 0) {
            log.info("Moved plain-text secrets of {} bot config(s) into encrypted storage", moved);
        }
    }

    private int migrate() {
        int moved = 0;
        List<Map<String, Object>> rows = jdbc.queryForList("select id, config_overrides, config_secrets_enc from bots");
        for (Map<String, Object> row : rows) {
            if (!(json.readTree((String) row.get("config_overrides")) instanceof ObjectNode overrides)) {
                continue;
            }
            String sealed = (String) row.get("config_secrets_enc");
            JsonNode stored = sealed == null ? json.createObjectNode() : json.readTree(secrets.decrypt(sealed));
            ObjectNode found = ConfigPolicy.extractSecrets(overrides, stored);
            if (found.isEmpty()) {
                continue;
            }
            if (overrides.get("exchange") instanceof ObjectNode ex && ex.isEmpty()) {
                overrides.remove("exchange");
            }
            ObjectNode all = FreqtradeConfigGenerator.deepMerge(stored, found);
            jdbc.update("update bots set config_overrides = ?, config_secrets_enc = ? where id = ?",
                    json.writeValueAsString(overrides), secrets.encrypt(json.writeValueAsString(all)), row.get("id"));
            moved++;
        }
        return moved;
    }
}
