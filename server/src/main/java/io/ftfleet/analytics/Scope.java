package io.ftfleet.analytics;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

/** Which bots a request covers: the caller's own (admins: all), or the one {@code bot_id} when given and visible. */
@Component
class Scope {

    private final BotDirectory directory;

    Scope(BotDirectory directory) {
        this.directory = directory;
    }

    record Bots(List<BotSummary> bots, Long botId) {
        List<Long> ids() {
            return bots.stream().map(BotSummary::id).toList();
        }

        Map<Long, BotSummary> byId() {
            return bots.stream().collect(Collectors.toMap(BotSummary::id, Function.identity()));
        }
    }

    /** {@code bot_id} absent or 0 means every visible bot (as in the original); another user's bot is a 404. */
    Bots of(CurrentUser user, String botIdParam) {
        Long botId = parseBotId(botIdParam);
        List<BotSummary> visible = directory.all().stream().filter(b -> user.isAdmin() || b.ownerId() == user.id())
                .toList();
        if (botId == null) {
            return new Bots(visible, null);
        }
        List<BotSummary> one = visible.stream().filter(b -> b.id() == botId).toList();
        if (one.isEmpty()) {
            throw ApiException.notFound("bot_not_found", "Bot not found");
        }
        return new Bots(one, botId);
    }

    static Long parseBotId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long id;
        try {
            id = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("bot_id", "must be an integer");
        }
        if (id < 0) {
            throw ApiException.invalidField("bot_id", "must not be negative");
        }
        return id == 0 ? null : id;
    }
}
