package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import io.ftfleet.core.DataDirectory;
import io.ftfleet.support.Api;
import io.ftfleet.support.Await;
import io.ftfleet.support.FreqaiStrategies;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A training job's model folder is written by strategy code: the registry must copy only what really is in it. The
 * freqtrade command here is a wrapper that, after the simulator trained, plants symbolic links in the model folder
 * (as strategy code could): a file link to a marker file outside the job and one to the server's master key, and a
 * directory link out of the job.
 */
@FullStackTest
class FreqaiTrainingLinkTests {

    static final String MARKER = "outside-the-job-" + UUID.randomUUID();
    static Path dir;

    @DynamicPropertySource
    static void runtime(DynamicPropertyRegistry registry) throws IOException {
        Simulator.useAsFreqtrade(registry);
        dir = Files.createTempDirectory("ftfleet-links-");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("marker.txt"), MARKER);
        Path script = dir.resolve("freqtrade-links");
        // the job runs in <data-dir>/jobs/<id>: the server's secrets are two levels up
        Files.writeString(script, "#!/bin/sh\n" + Simulator.command() + " \"$@\"\nrc=$?\n"
                + "ud=; prev=; for a in \"$@\"; do [ \"$prev\" = --userdir ] && ud=$a; prev=$a; done\n"
                + "case \" $* \" in *\" --freqaimodel \"*)\n"
                + "  for m in \"$ud\"/models/*/; do\n"
                + "    ln -s " + outside.resolve("marker.txt") + " \"$m/x.bin\"\n"
                + "    ln -s \"$(cd ../.. && pwd)/secrets/master.key\" \"$m/key.joblib\"\n"
                + "    ln -s " + outside + " \"$m/sub-train-OUT\"\n"
                + "  done;;\n"
                + "esac\nexit $rc\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        registry.add("ftfleet.runtime.local.freqtrade-command", script::toString);
        registry.add("ftfleet.jobs.poll-interval", () -> "100ms");
    }

    @LocalServerPort
    int port;
    @Autowired
    DataDirectory dataDirectory;

    @Test
    void linksPlantedInTheModelFolderAreNotCopiedIntoTheRegistry() throws IOException {
        Api api = new Api(port);
        String token = api.tokenFor("link-planter", "operator");
        String code = JsonMapper.builder().build().writeValueAsString(FreqaiStrategies.strategy("LinkStrat"));
        assertThat(api.postJson("/api/v1/strategies/", token, "{\"code\":" + code + "}").status()).isEqualTo(201);
        JsonNode download = api.postJson("/api/v1/data/download", token, "{\"exchanges\":[\"binance\"],"
                + "\"pairs\":[\"BTC/USDT\"],\"days\":6,\"timeframes\":[\"5m\"]}").json();
        assertThat(awaitEnd(api, download.get("job_ids").get(0).asLong(), token).get("status").asString())
                .isEqualTo("completed");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DateTimeFormatter f = DateTimeFormatter.BASIC_ISO_DATE;
        String timerange = today.minusDays(4).format(f) + "-" + today.minusDays(1).format(f);
        Api.Response train = api.postJson("/api/v1/freqai/train?model_name=linked&strategy_name=LinkStrat&timerange="
                + timerange, token, "{\"pairs\":[\"BTC/USDT\"],\"freqai_params\":{\"train_period_days\":1,"
                + "\"backtest_period_days\":1}}");
        assertThat(train.status()).as(train.body()).isEqualTo(202);
        long jobId = train.json().get("job_id").asLong();
        JsonNode job = awaitEnd(api, jobId, token);
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");

        // the links were really there (else this test proves nothing)
        Path models = dataDirectory.root().resolve("jobs/" + jobId + "/user_data/models/freqai_linked");
        assertThat(models.resolve("x.bin")).isSymbolicLink();
        assertThat(models.resolve("sub-train-OUT")).isSymbolicLink();

        Api.Response model = api.get("/api/v1/freqai/models/" + job.get("summary").get("model_id").asLong(), token);
        assertThat(model.status()).as(model.body()).isEqualTo(200);
        List<String> files = model.json().get("model_metadata").get("artefact_files").valueStream()
                .map(JsonNode::asString).toList();
        assertThat(files).contains("models/freqai_linked/pair_dictionary.json")
                .noneMatch(p -> p.endsWith("x.bin") || p.endsWith("key.joblib") || p.contains("sub-train-OUT"));
        String masterKey = Files.readString(dataDirectory.root().resolve("secrets/master.key")).trim();
        try (var stored = Files.list(dataDirectory.root().resolve("freqai/artefacts"))) {
            for (Path artefact : stored.toList()) {
                String text = new String(Files.readAllBytes(artefact), StandardCharsets.ISO_8859_1);
                assertThat(text).as(artefact.toString()).doesNotContain(MARKER).doesNotContain(masterKey);
            }
        }
    }

    private static JsonNode awaitEnd(Api api, long id, String token) {
        return Await.until(() -> api.get("/api/v1/jobs/" + id, token).json(),
                j -> List.of("completed", "failed", "cancelled").contains(j.get("status").asString()),
                Duration.ofSeconds(120));
    }
}
