package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.Postgres;
import io.ftfleet.support.PostgresFullStackTest;
import io.ftfleet.support.Simulator;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/** The queue's SQL on a real PostgreSQL: claim, progress, finish, cancel, recovery sweep, paging. */
@PostgresFullStackTest
class JobPostgresTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.register(registry);
        Simulator.useAsFreqtrade(registry);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JobRecovery recovery;

    @Test
    void jobsRunAreCancelledAndRecoveredOnPostgres() throws Exception {
        Api api = new Api(port);
        String token = api.tokenFor("pg-jobber", "operator");
        assertThat(api.postJson("/api/v1/strategies/", token, StrategyFixtures.body("PgStrat")).status()).isEqualTo(201);

        long download = api.postJson("/api/v1/data/download", token, "{\"pairs\":[\"BTC/USDT\"],\"days\":3,"
                + "\"timeframes\":[\"1h\"]}").json().get("job_ids").get(0).asLong();
        JsonNode done = awaitStatus(api, token, download, List.of("completed", "failed"));
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.get("summary").get("candles").asLong()).isBetween(3L * 24 - 2, 3L * 24 + 1);
        assertThat(done.get("progress").get("done").asInt()).isEqualTo(1);

        long hyperopt = api.postJson("/api/v1/hyperopt/", token, "{\"strategy_name\":\"PgStrat\",\"pairs\":[\"BTC/USDT\"],"
                + "\"timeframe\":\"1h\",\"epochs\":100000}").json().get("id").asLong();
        long queued = api.postJson("/api/v1/backtests", token, "{\"strategy_name\":\"PgStrat\",\"pairs\":[\"BTC/USDT\"],"
                + "\"timeframe\":\"1h\"}").json().get("id").asLong();
        awaitStatus(api, token, hyperopt, List.of("running"));
        JsonNode cancelledQueued = api.postJson("/api/v1/jobs/" + queued + "/cancel", token, "{}").json();
        assertThat(cancelledQueued.get("status").asString()).isEqualTo("cancelled");
        JsonNode cancelledRunning = api.postJson("/api/v1/jobs/" + hyperopt + "/cancel", token, "{}").json();
        assertThat(cancelledRunning.get("status").asString()).as(cancelledRunning.toString()).isEqualTo("cancelled");

        long owner = api.get("/api/v1/auth/me", token).json().get("id").asLong();
        jdbc.update("INSERT INTO jobs (kind, owner_id, status, params, created_at, heartbeat_at) VALUES "
                + "('backtest', ?, 'running', '{}', ?, ?)", owner, Instant.now().atOffset(ZoneOffset.UTC),
                Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC));
        assertThat(recovery.recover(Instant.now().minusSeconds(60))).isEqualTo(1);

        JsonNode page = api.get("/api/v1/jobs?limit=2&skip=1", token).json();
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("id").asLong()).isEqualTo(queued);
        assertThat(api.get("/api/v1/jobs?status=failed", token).json().get("items").get(0).get("reason").asString())
                .isEqualTo("server restarted while running");
    }

    private static JsonNode awaitStatus(Api api, String token, long id, List<String> statuses) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = api.get("/api/v1/jobs/" + id, token).json();
            if (statuses.contains(last.get("status").asString())) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never reached " + statuses + ": " + last);
    }
}
