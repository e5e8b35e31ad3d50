package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * With {@code ftfleet.runtime.local.run-as}, a job's process (strategy code) cannot read the server's secrets or
 * its database by absolute path. Needs root (to create the unprivileged user and to switch to it): skipped
 * otherwise. The freqtrade command is a wrapper that tries the reads before running the simulator.
 */
@FullStackTest
class RunAsIsolationTests {

    static final String USER = "ftfleet-sandbox";
    static Path data;

    @BeforeAll
    static void needsRoot() throws Exception {
        Assumptions.assumeTrue(new com.sun.security.auth.module.UnixSystem().getUid() == 0,
                "run-as isolation is tested only when the tests run as root (they create an OS user)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is missing");
        if (new ProcessBuilder("id", "-u", USER).start().waitFor() != 0) {
            Process add = new ProcessBuilder("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    USER).inheritIO().start();
            assertThat(add.waitFor()).as("useradd " + USER).isZero();
        }
    }

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("ftfleet-runas-");
        Path dir = Files.createTempDirectory("ftfleet-runas-cmd-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("freqtrade-prying");
        // The run-as user must reach the simulator too: the checkout may sit under a directory only root can enter
        // (a clone into `mktemp -d`, mode 700), so it runs from a world-readable copy.
        Path simulator = Files.copy(Simulator.jar(), dir.resolve("freqtrade-sim.jar"));
        Files.setPosixFilePermissions(simulator, PosixFilePermissions.fromString("rw-r--r--"));
        String targets = data.resolve("secrets/master.key") + " " + data.resolve("secrets/jwt-secret") + " "
                + data.resolve("db/ftfleet.mv.db");
        Files.writeString(script, "#!/bin/sh\n"
                + "for f in " + targets + "; do\n"
                + "  if cat \"$f\" >/dev/null 2>&1; then echo \"READ-OK $f\"; else echo \"READ-DENIED $f\"; fi\n"
                + "done\n"
                + "cat " + targets + " 2>&1 | head -c 2000\n"
                + "ls " + data + " 2>&1 | sed 's/^/LIST /'\n"
                + "echo \"UID $(id -u)\"\n"
                + "exec " + Simulator.command(simulator) + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        registry.add("ftfleet.data-dir", data::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + data.resolve("db/ftfleet")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("ftfleet.runtime.local.freqtrade-command", script::toString);
        registry.add("ftfleet.runtime.local.run-as", () -> USER);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;

    @Test
    void aJobRunningAsTheRunAsUserCannotReadTheServersSecretsOrDatabase() throws Exception {
        Api api = new Api(port);
        String operator = api.tokenFor("prying-operator", "operator");
        long id = api.postJson("/api/v1/data/download", operator, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\"],\"days\":2,\"timeframes\":[\"1h\"]}").json().get("job_ids").get(0).asLong();
        JsonNode job = Await.until(() -> api.get("/api/v1/jobs/" + id, operator).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()), Duration.ofSeconds(60));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");

        List<String> lines = api.get("/api/v1/jobs/" + id + "/log?lines=500", operator).json().get("lines").valueStream()
                .map(JsonNode::asString).toList();
        String uid = new String(new ProcessBuilder("id", "-u", USER).start().getInputStream().readAllBytes()).trim();
        assertThat(lines).contains("UID " + uid);
        assertThat(lines).noneMatch(l -> l.startsWith("READ-OK"));
        assertThat(lines.stream().filter(l -> l.startsWith("READ-DENIED"))).hasSize(3);
        assertThat(lines).anyMatch(l -> l.contains("Permission denied"));
        assertThat(lines).noneMatch(l -> l.startsWith("LIST ") && !l.contains("Permission denied"));
        String log = String.join("\n", lines);
        assertThat(log).doesNotContain(Files.readString(data.resolve("secrets/master.key")).trim());
    }
}
