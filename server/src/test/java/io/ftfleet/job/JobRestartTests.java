package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import io.ftfleet.support.Api;
import io.ftfleet.support.RestartableServer;
import io.ftfleet.support.StrategyFixtures;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * The server stops in the middle of a job and starts again on the same database and data directory: the job's
 * process is gone, the job ends {@code failed} with the reason, and the new server still runs new jobs.
 * (A server that dies without stopping is covered by the heartbeat sweep in {@link JobQueueTests}.)
 */
class JobRestartTests {

    @Test
    void aJobRunningWhenTheServerStopsEndsFailedWithTheReasonAndNothingIsLeftRunning() throws Exception {
        Path data = Files.createTempDirectory("ftfleet-job-restart");
        long jobId;
        long pid;
        String[] jobTimings = { "--ftfleet.jobs.poll-interval=100ms", "--ftfleet.jobs.heartbeat-interval=1s" };
        ConfigurableApplicationContext first = RestartableServer.start(data, jobTimings);
        try {
            Api api = new Api(port(first));
            String token = api.adminToken();
            assertThat(api.postJson("/api/v1/strategies/", token, StrategyFixtures.body("RestartStrat")).status())
                    .isEqualTo(201);
            JsonNode download = api.postJson("/api/v1/data/download", token, "{\"exchanges\":[\"binance\"],"
                    + "\"pairs\":[\"BTC/USDT\"],\"days\":5,\"timeframes\":[\"5m\"]}").json();
            long downloadId = download.get("job_ids").get(0).asLong();
            assertThat(await(api, token, downloadId, j -> j.get("status").asString().equals("completed")))
                    .isNotNull();
            jobId = api.postJson("/api/v1/hyperopt/", token, "{\"strategy_name\":\"RestartStrat\",\"pairs\":"
                    + "[\"BTC/USDT\"],\"timeframe\":\"5m\",\"epochs\":100000,\"spaces\":[\"buy\"]}").json().get("id")
                    .asLong();
            pid = await(api, token, jobId, j -> j.get("pid").isNumber() && j.get("progress").get("done").isNumber())
                    .get("pid").asLong();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        } finally {
            first.close();
        }
        // The stopping server took its job's process with it: no orphan keeps computing for nobody.
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        ConfigurableApplicationContext second = RestartableServer.start(data, jobTimings);
        try {
            Api api = new Api(port(second));
            String token = api.adminToken();
            JsonNode job = api.get("/api/v1/jobs/" + jobId, token).json();
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("failed");
            assertThat(job.get("reason").asString()).isEqualTo("server restarted while running");

            // and the new server takes new work
            long again = api.postJson("/api/v1/hyperopt/", token, "{\"strategy_name\":\"RestartStrat\",\"pairs\":"
                    + "[\"BTC/USDT\"],\"timeframe\":\"5m\",\"epochs\":5,\"spaces\":[\"buy\"]}").json().get("id")
                    .asLong();
            JsonNode done = await(api, token, again, j -> !j.get("status").asString().matches("queued|running"));
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
        } finally {
            second.close();
        }
    }

    private static JsonNode await(Api api, String token, long id, Predicate<JsonNode> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = api.get("/api/v1/jobs/" + id, token).json();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " did not get there within 60 s; last: " + last);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
