package io.ftfleet.runtime;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How to reach (and, for local bots, supervise) one bot. */
@Entity
@Table(name = "bot_processes")
class BotProcess {

    @Id
    Long botId;

    String kind;
    Long pid;
    Integer port;
    String baseUrl;
    String commandLine;
    String apiUsername;
    String apiPasswordEnc;
    String jwtSecretEnc;
    String wsTokenEnc;
    boolean supervised;
    String restartPolicy;
    Instant startedAt;
    Integer lastExitCode;
    Instant updatedAt;

    protected BotProcess() {
    }

    BotProcess(long botId, String kind) {
        this.botId = botId;
        this.kind = kind;
    }
}
