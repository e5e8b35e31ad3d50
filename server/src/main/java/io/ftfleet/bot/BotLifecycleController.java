package io.ftfleet.bot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.ftfleet.core.ApiException;
import io.ftfleet.runtime.BotRuntimes;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The original's lifecycle routes, made real, plus pause/resume/reload, logs and the emergency stop. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "bot lifecycle")
class BotLifecycleController {

    private final BotLifecycle lifecycle;
    private final Bots bots;
    private final BotRuntimes runtimes;
    private final ScheduledExecutorService followers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "ftfleet-log-follow");
        t.setDaemon(true);
        return t;
    });

    BotLifecycleController(BotLifecycle lifecycle, Bots bots, BotRuntimes runtimes) {
        this.lifecycle = lifecycle;
        this.bots = bots;
        this.runtimes = runtimes;
    }

    /** The original's answer ({@code status}, {@code bot_name}) plus what is observed now. */
    record CommandResponse(String status, String botName, long botId, String observedState, String detail) {
        static CommandResponse of(String status, BotLifecycle.Result r) {
            return new CommandResponse(status, r.botName(), r.botId(), r.observedState(), r.detail());
        }
    }

    record BulkRequest(List<Long> ids, String tag) {
    }

    record BulkResponse(String message, List<BotLifecycle.Result> results) {
    }

    record StatusResponse(String status, long botId, String botName, String botStatus, String observedState,
            String desiredState, Integer pid, Integer port, java.time.Instant observedAt, String reason) {
    }

    record LogsResponse(long botId, int lines, String logs, List<String> entries) {
    }

    @Operation(summary = "Start a bot; it is running once its own API says so (watch observed_state)")
    @PostMapping("/bots/{botId}/start")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse start(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("start_command_sent", lifecycle.start(botId, user));
    }

    @Operation(summary = "Stop a bot: API stop, SIGTERM, SIGKILL after a timeout; answers once it is stopped")
    @PostMapping("/bots/{botId}/stop")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse stop(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("stop_command_sent", lifecycle.stop(botId, user));
    }

    @Operation(summary = "Restart a bot")
    @PostMapping("/bots/{botId}/restart")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse restart(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("restart_command_sent", lifecycle.restart(botId, user));
    }

    @Operation(summary = "Stop opening trades (open trades are still managed)")
    @PostMapping("/bots/{botId}/pause")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse pause(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("paused", lifecycle.pause(botId, user));
    }

    @Operation(summary = "Open trades again after a pause")
    @PostMapping("/bots/{botId}/resume")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse resume(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("resumed", lifecycle.resume(botId, user));
    }

    @Operation(summary = "Make the bot re-read its config files")
    @PostMapping("/bots/{botId}/reload")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResponse reload(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return CommandResponse.of("reload_command_sent", lifecycle.reload(botId, user));
    }

    @Operation(summary = "Start your bots (all, or those with the given ids or tag); one result per bot")
    @PostMapping("/bots/start-all")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkResponse startAll(@RequestBody(required = false) BulkRequest body, @AuthenticationPrincipal CurrentUser user) {
        return new BulkResponse("Start-all command sent for all bots.", bulk(body, user, "start"));
    }

    @Operation(summary = "Stop your bots (all, or by ids or tag); one result per bot")
    @PostMapping("/bots/stop-all")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkResponse stopAll(@RequestBody(required = false) BulkRequest body, @AuthenticationPrincipal CurrentUser user) {
        return new BulkResponse("Stop-all command sent for all bots.", bulk(body, user, "stop"));
    }

    @Operation(summary = "Restart your bots (all, or by ids or tag); one result per bot")
    @PostMapping("/bots/restart-all")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkResponse restartAll(@RequestBody(required = false) BulkRequest body, @AuthenticationPrincipal CurrentUser user) {
        return new BulkResponse("Restart-all command sent for all bots.", bulk(body, user, "restart"));
    }

    @Operation(summary = "Pause your bots (all, or by ids or tag): no new entries; one result per bot")
    @PostMapping("/bots/pause-all")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkResponse pauseAll(@RequestBody(required = false) BulkRequest body, @AuthenticationPrincipal CurrentUser user) {
        return new BulkResponse("Pause-all command sent.", bulk(body, user, "pause"));
    }

    @Operation(summary = "Resume your bots (all, or by ids or tag); one result per bot")
    @PostMapping("/bots/resume-all")
    @PreAuthorize("hasRole('OPERATOR')")
    BulkResponse resumeAll(@RequestBody(required = false) BulkRequest body, @AuthenticationPrincipal CurrentUser user) {
        return new BulkResponse("Resume-all command sent.", bulk(body, user, "resume"));
    }

    @Operation(summary = "Emergency: stop entries on every bot, optionally force-exit, stop; trading stays disabled "
            + "until an admin re-arms it")
    @PostMapping("/emergency/stop-all")
    @PreAuthorize("hasRole('ADMIN')")
    BulkResponse emergencyStopAll(@RequestParam(name = "force_exit", defaultValue = "false") boolean forceExit,
            @AuthenticationPrincipal CurrentUser admin) {
        return new BulkResponse("Emergency stop command sent.", lifecycle.emergencyStopAll(forceExit, admin));
    }

    record FleetBotStatus(String status, String botName, String botStatus, Integer pid, String observedState) {
    }

    record FleetStatus(String status, java.util.Map<String, FleetBotStatus> bots) {
    }

    @Operation(summary = "Every bot's observed state by name (the original's gateway status route)")
    @GetMapping("/bots/status")
    FleetStatus fleetStatus(@AuthenticationPrincipal CurrentUser user) {
        java.util.Map<String, FleetBotStatus> byName = new java.util.LinkedHashMap<>();
        for (BotResponse bot : bots.list(user, 0, 1000)) {
            byName.put(bot.name(), new FleetBotStatus("success", bot.name(),
                    bot.status().equals("running") ? "running" : "stopped", bot.pid(), bot.observedState().value()));
        }
        return new FleetStatus("success", byName);
    }

    @Operation(summary = "A bot's observed state (the original's status route)")
    @GetMapping("/bots/{botId}/status")
    StatusResponse status(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        BotResponse bot = bots.get(botId, user);
        return new StatusResponse("success", bot.id(), bot.name(), bot.status().equals("running") ? "running" : "stopped",
                bot.observedState().value(), bot.desiredState().value(), bot.pid(), bot.port(), bot.observedAt(),
                bot.observedReason());
    }

    @Operation(summary = "The last lines of a bot's log")
    @GetMapping("/bots/{botId}/logs")
    LogsResponse logs(@PathVariable long botId, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int lines,
            @AuthenticationPrincipal CurrentUser user) {
        bots.get(botId, user);
        List<String> entries = runtimes.logTail(botId, lines);
        return new LogsResponse(botId, lines, String.join("\n", entries), entries);
    }

    @Operation(summary = "Follow a bot's log as Server-Sent Events (one event per line)")
    @GetMapping(path = "/bots/{botId}/logs/follow", produces = "text/event-stream")
    SseEmitter follow(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        bots.get(botId, user);
        Path file = runtimes.logFile(botId);
        SseEmitter emitter = new SseEmitter(0L);
        AtomicLong position = new AtomicLong(size(file));
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(followers.scheduleWithFixedDelay(() -> {
            try {
                long from = position.get();
                long to = size(file);
                if (to < from) {
                    from = 0; // rotated or truncated
                }
                if (to > from) {
                    byte[] chunk = read(file, from, to);
                    int lastNewline = lastIndexOf(chunk, (byte) '\n');
                    if (lastNewline >= 0) {
                        for (String line : new String(chunk, 0, lastNewline, StandardCharsets.UTF_8).split("\n")) {
                            emitter.send(SseEmitter.event().name("log").data(line));
                        }
                        position.set(from + lastNewline + 1);
                    }
                }
            } catch (IOException | IllegalStateException e) {
                ScheduledFuture<?> f = task.get();
                if (f != null) {
                    f.cancel(false);
                }
                emitter.completeWithError(e);
            }
        }, 0, 500, TimeUnit.MILLISECONDS));
        Runnable cancel = () -> {
            ScheduledFuture<?> f = task.get();
            if (f != null) {
                f.cancel(false);
            }
        };
        emitter.onCompletion(cancel);
        emitter.onTimeout(cancel);
        emitter.onError(e -> cancel.run());
        return emitter;
    }

    @PreDestroy
    void shutdown() {
        followers.shutdownNow();
    }

    private List<BotLifecycle.Result> bulk(BulkRequest body, CurrentUser user, String action) {
        if (body != null && body.ids() != null && body.ids().size() > 1000) {
            throw ApiException.invalidField("ids", "at most 1000 ids");
        }
        return lifecycle.bulk(body == null ? null : body.ids(), body == null ? null : body.tag(), user, action);
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static byte[] read(Path file, long from, long to) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(to - from, 1 << 20)];
            raf.seek(from);
            raf.readFully(bytes);
            return bytes;
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
