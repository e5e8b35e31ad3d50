package io.ftfleet.bot;

import java.time.Clock;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An admin's override of the live-trading gate for one bot: it holds for the strategy version the bot would run
 * when it is granted (pinned, else current), so pinning another version needs a new decision. Granting and revoking
 * are audited; so is each live start it lets through.
 */
@RestController
@RequestMapping("/api/v1/bots/{botId}/live-override")
@Tag(name = "bot lifecycle")
class LiveOverrideController {

    static final int MAX_REASON = 500;

    private final BotRepository bots;
    private final LiveGate gate;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    LiveOverrideController(BotRepository bots, LiveGate gate, TransactionTemplate tx, ApplicationEventPublisher events,
            Clock clock) {
        this.bots = bots;
        this.gate = gate;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    @Operation(summary = "The bot's override of the live-trading gate, if any")
    @GetMapping
    LiveOverrides.View get(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return view(tx.execute(status -> load(botId, user)));
    }

    @Operation(summary = "Admins: let this bot trade live with its strategy version although it is not vetted")
    @PutMapping
    @PreAuthorize("hasRole('ADMIN')")
    LiveOverrides.View grant(@PathVariable long botId, @RequestBody LiveOverrides.Request body,
            @AuthenticationPrincipal CurrentUser admin) {
        String reason = body == null || body.reason() == null ? "" : body.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw ApiException.invalidField("reason", "is required (1 to " + MAX_REASON + " characters): why this "
                    + "bot may trade live without the required research");
        }
        return tx.execute(status -> {
            Bot bot = load(botId, admin);
            long version = gate.versionToRun(bot).orElseThrow(() -> ApiException.conflict("strategy_missing",
                    "Strategy " + bot.strategyName + " does not exist; there is no version to override for"));
            bot.liveOverrideVersionId = version;
            bot.liveOverrideReason = reason;
            bot.liveOverrideBy = admin.username();
            bot.liveOverrideAt = clock.instant();
            events.publishEvent(new LiveOverrides.Granted(bot.id, version, reason));
            return view(bot);
        });
    }

    @Operation(summary = "Admins: remove the bot's override of the live-trading gate")
    @DeleteMapping
    @PreAuthorize("hasRole('ADMIN')")
    LiveOverrides.View revoke(@PathVariable long botId, @AuthenticationPrincipal CurrentUser admin) {
        return tx.execute(status -> {
            Bot bot = load(botId, admin);
            Long version = bot.liveOverrideVersionId;
            bot.liveOverrideVersionId = null;
            bot.liveOverrideReason = null;
            bot.liveOverrideBy = null;
            bot.liveOverrideAt = null;
            if (version != null) {
                events.publishEvent(new LiveOverrides.Revoked(bot.id, version));
            }
            return view(bot);
        });
    }

    private static LiveOverrides.View view(Bot bot) {
        return new LiveOverrides.View(bot.id, bot.liveOverrideVersionId, bot.liveOverrideReason, bot.liveOverrideBy,
                bot.liveOverrideAt);
    }

    private Bot load(long id, CurrentUser user) {
        return bots.findById(id).filter(b -> user.isAdmin() || b.ownerId == user.id())
                .orElseThrow(() -> ApiException.notFound("bot_not_found", "Bot not found"));
    }
}
