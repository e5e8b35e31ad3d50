package io.ftfleet.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** What the runtime observes, as domain events (the bot module records them; audit and the stream listen). */
public final class RuntimeEvents {

    private RuntimeEvents() {
    }

    /**
     * A bot's observed state changed (in JSON, the audit trail and the event stream: {@link ObservedState#value()}).
     *
     * @param logTail the bot's last log lines when it failed, else empty
     */
    public record BotObserved(long botId, ObservedState state, Long pid, Integer port, String reason, List<String> logTail)
            implements AuditableEvent {

        @Override
        public String action() {
            return "bot.observed_" + state.value();
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }

        @Override
        public Map<String, Object> after() {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", state.value());
            after.put("pid", pid);
            after.put("port", port);
            return after;
        }

        @Override
        public Outcome outcome() {
            return state.failure() ? Outcome.FAILED : Outcome.SUCCESS;
        }
    }

    /** The supervisor restarts a bot after it exited. */
    public record BotRestartScheduled(long botId, int crashesInWindow, long delayMillis, Integer exitCode)
            implements AuditableEvent {
        @Override
        public String action() {
            return "bot.restart_scheduled";
        }

        @Override
        public String targetType() {
            return "bot";
        }

        @Override
        public String targetId() {
            return Long.toString(botId);
        }

        @Override
        public Map<String, Object> after() {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("crashes_in_window", crashesInWindow);
            after.put("delay_ms", delayMillis);
            after.put("exit_code", exitCode);
            return after;
        }
    }
}
