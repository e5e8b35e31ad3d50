package io.ftfleet.bot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ftfleet.core.AuditableEvent;

/**
 * Commands to bots, for the audit trail: lifecycle (start, stop, restart, pause, resume, reload, one bot or in bulk)
 * and trading (force-exit, force-enter), and the emergency stop of the whole fleet.
 */
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

    /**
     * The emergency stop as a whole: one entry naming the admin, with which bots did not stop cleanly (each bot's
     * own stop shows as its observed state). One entry, not one per bot: the stop of a large fleet must not wait
     * on as many appends to the audit chain.
     */
    record EmergencyStopped(boolean forceExit, int bots, List<Long> notOk) implements AuditableEvent {

        @Override
        public String action() {
            return "bot.emergency_stop";
        }

        @Override
        public String targetType() {
            return "fleet";
        }

        @Override
        public String targetId() {
            return "all";
        }

        @Override
        public Map<String, Object> after() {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("force_exit", forceExit);
            after.put("bots", bots);
            // bounded: the entry's JSON must stay small whatever the fleet's size
            after.put("not_ok", notOk.size() <= 100 ? notOk : notOk.subList(0, 100));
            after.put("not_ok_count", notOk.size());
            return after;
        }

        @Override
        public Outcome outcome() {
            return notOk.isEmpty() ? Outcome.SUCCESS : Outcome.FAILED;
        }
    }
}
