package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * A job's process (which runs strategy code) sees none of the server's environment: the freqtrade command here is
 * a wrapper that prints its whole environment into the job log before running the simulator, as a strategy that
 * prints {@code os.environ} would.
 */
@FullStackTest
class JobIsolationTests {

    /** What the minimal environment may hold (FreqtradeExecutable), plus what a POSIX shell adds by itself. */
    private static final Set<String> ALLOWED = Set.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "JAVA_HOME", "HOME",
            "TMPDIR", "FTSIM_TRADE_INTERVAL_SECONDS", "PWD", "OLDPWD", "SHLVL", "_");

    static Path dir;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) throws IOException {
        Simulator.useAsFreqtrade(registry);
        dir = Files.createTempDirectory("ftfleet-envdump-");
        Path script = dir.resolve("freqtrade-envdump");
        // With a "flood" file present the command prints more than the log may hold (72 MB of output) instead.
        Files.writeString(script, "#!/bin/sh\n[ -f " + dir.resolve("flood") + " ] && { yes "
                + "'flood line of strategy output, repeated until the log is full' | head -c 72000000; exit 0; }\n"
                + "echo umask $(umask)\nenv | sed 's/^/ENV /'\n"
                + "[ \"$1\" = list-exchanges ] && env > " + dir.resolve("exchange-env") + "\n"
                + "exec " + Simulator.command() + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        registry.add("ftfleet.runtime.local.freqtrade-command", script::toString);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void aJobsProcessSeesNoServerVariableAndItsLogShowsNoServerSecret() throws IOException {
        Api api = new Api(port);
        String operator = api.tokenFor("env-reader", "operator");
        JsonNode submitted = api.postJson("/api/v1/data/download", operator, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\"],\"days\":2,\"timeframes\":[\"1h\"]}").json();
        long id = submitted.get("job_ids").get(0).asLong();
        JsonNode job = Await.until(() -> api.get("/api/v1/jobs/" + id, operator).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()), Duration.ofSeconds(60));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");

        String log = api.get("/api/v1/jobs/" + id + "/log?lines=500", operator).body();
        List<String> names = api.get("/api/v1/jobs/" + id + "/log?lines=500", operator).json().get("lines")
                .valueStream().map(JsonNode::asString).filter(l -> l.startsWith("ENV "))
                .map(l -> l.substring(4, l.indexOf('=') > 4 ? l.indexOf('=') : l.length())).toList();
        assertThat(names).contains("PATH", "HOME");
        assertThat(names).allMatch(ALLOWED::contains, "only the minimal environment");
        assertThat(names).noneMatch(n -> n.startsWith("FTFLEET_") || n.startsWith("SPRING_"));
        String masterKey = Files.readString(dataDirectory.root().resolve("secrets/master.key")).trim();
        String jwtSecret = new String(Files.readAllBytes(dataDirectory.root().resolve("secrets/jwt-secret")),
                StandardCharsets.ISO_8859_1);
        assertThat(log).doesNotContain(masterKey);
        assertThat(log).doesNotContain(jwtSecret.trim());

        // Owner-only: the process ran with umask 077, and what the server wrote for it is 0700/0600.
        assertThat(log).contains("umask 0077");
        assertOwnerOnly(dataDirectory.root().resolve("jobs").resolve(Long.toString(id)));
    }

    /** Every directory under {@code root} (itself included) is 0700 and every file 0600; links are not looked at. */
    static void assertOwnerOnly(Path root) throws IOException {
        try (var tree = Files.walk(root)) {
            List<Path> all = tree.filter(p -> !Files.isSymbolicLink(p)).toList();
            assertThat(all).hasSizeGreaterThan(1);
            for (Path p : all) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(p.toString())
                        .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void aJobsLogStopsGrowingAt64MiBAndItsTailIsReadBounded() throws IOException {
        Api api = new Api(port);
        String operator = api.tokenFor("log-flooder", "operator");
        Path flood = Files.createFile(dir.resolve("flood"));
        long id;
        try {
            JsonNode submitted = api.postJson("/api/v1/data/download", operator, "{\"exchanges\":[\"binance\"],"
                    + "\"pairs\":[\"ETH/USDT\"],\"days\":2,\"timeframes\":[\"1h\"]}").json();
            id = submitted.get("job_ids").get(0).asLong();
            Await.until(() -> api.get("/api/v1/jobs/" + id, operator).json(),
                    j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                    Duration.ofSeconds(120));
        } finally {
            Files.delete(flood);
        }
        Path log = dataDirectory.root().resolve("jobs").resolve(Long.toString(id)).resolve(JobWorker.LOG_FILE);
        // 72 MB were printed; the file holds at most the cap, plus its first line (the command) and the cut notice.
        assertThat(Files.size(log)).isGreaterThan(JobWorker.MAX_LOG_BYTES - 4096)
                .isLessThanOrEqualTo(JobWorker.MAX_LOG_BYTES + 64 * 1024);

        Api.Response tail = api.get("/api/v1/jobs/" + id + "/log?lines=" + JobQueue.MAX_LOG_LINES, operator);
        assertThat(tail.status()).isEqualTo(200);
        List<String> lines = tail.json().get("lines").valueStream().map(JsonNode::asString).toList();
        assertThat(lines).hasSizeLessThanOrEqualTo(JobQueue.MAX_LOG_LINES);
        assertThat(lines.get(lines.size() - 1)).contains("the log holds at most 64 MiB");
        assertThat(tail.body().length()).isLessThan(2 * 1024 * 1024);
        assertThat(api.get("/api/v1/jobs/" + id + "/log?lines=" + (JobQueue.MAX_LOG_LINES + 1), operator).status())
                .isIn(400, 422);
    }

    @Test
    void anExchangeUtilitySeesNoServerVariable() throws IOException {
        Api api = new Api(port);
        assertThat(api.get("/api/v1/exchanges", api.adminToken()).status()).isEqualTo(200);
        List<String> names = Files.readAllLines(dir.resolve("exchange-env")).stream()
                .map(l -> l.substring(0, l.indexOf('=') > 0 ? l.indexOf('=') : l.length())).toList();
        assertThat(names).contains("PATH", "HOME");
        assertThat(names).allMatch(ALLOWED::contains, "only the minimal environment");
    }
}
