package io.ftfleet.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Short transactions around the bot_processes rows; never held across a process start or a call to a bot. */
@Component
class BotProcessStore {

    private final BotProcessRepository repository;
    private final Clock clock;

    BotProcessStore(BotProcessRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional
    void recordStart(long botId, String kind, Long pid, Integer port, String baseUrl, String commandLine,
            String username, String passwordEnc, String jwtEnc, String wsEnc, String restartPolicy, Instant startedAt) {
        BotProcess row = repository.findById(botId).orElseGet(() -> new BotProcess(botId, kind));
        row.kind = kind;
        row.pid = pid;
        row.port = port;
        row.baseUrl = baseUrl;
        row.commandLine = commandLine;
        row.apiUsername = username;
        row.apiPasswordEnc = passwordEnc;
        row.jwtSecretEnc = jwtEnc;
        row.wsTokenEnc = wsEnc;
        row.supervised = true;
        row.restartPolicy = restartPolicy;
        row.startedAt = startedAt;
        row.lastExitCode = null;
        row.updatedAt = clock.instant();
        repository.save(row);
    }

    @Transactional
    void recordExit(long botId, Integer exitCode) {
        repository.findById(botId).ifPresent(row -> {
            row.lastExitCode = exitCode;
            row.updatedAt = clock.instant();
        });
    }

    @Transactional
    void markUnsupervised(long botId) {
        repository.findById(botId).ifPresent(row -> {
            row.supervised = false;
            row.updatedAt = clock.instant();
        });
    }

    /** Every recorded process of the local runtime (supervised or not: a stopped bot's process may linger). */
    @Transactional(readOnly = true)
    List<BotProcess> local() {
        return repository.findByKindAndPidIsNotNull(LocalRuntime.KIND);
    }
}
