package io.ftfleet.bot;

import java.util.LinkedHashMap;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/** Commands sent to a running bot that change its trading (force-exit, force-enter, reload), for the audit trail. */
final class BotCommands {

    private BotCommands() {
    }

    /**
     * One command to one bot and how it went.
     *
     * @param details what was asked (trade id, pair, side): never a secret
     */
    record Sent(long botId, String command, Map<String, Object> details, boolean ok, String failure)
            implements AuditableEvent {

        @Override
        public String action() {
            return "bot." + command;
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
            Map<String, Object> after = new LinkedHashMap<>(details);
            if (failure != null) {
                after.put("failure", failure);
            }
            return after;
        }

        @Override
        public Outcome outcome() {
            return ok ? Outcome.SUCCESS : Outcome.FAILED;
        }
    }
}
