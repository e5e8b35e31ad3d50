package io.ftfleet.bot;

import java.util.List;
import java.util.function.Function;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.ftfleet.core.ApiException;
import io.ftfleet.freqtrade.Balances;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.ForceEnter;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.PairPerformance;
import io.ftfleet.freqtrade.PeriodicProfit;
import io.ftfleet.freqtrade.Profit;
import io.ftfleet.freqtrade.ShowConfig;
import io.ftfleet.freqtrade.Trade;
import io.ftfleet.freqtrade.TradeHistory;
import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Typed reads from a running bot's own API, and force-exit / force-enter for operators. */
@RestController
@RequestMapping("/api/v1/bots/{botId}")
@Tag(name = "bot data")
class BotReadThroughController {

    private final Bots bots;
    private final BotLifecycle lifecycle;
    private final org.springframework.context.ApplicationEventPublisher events;

    BotReadThroughController(Bots bots, BotLifecycle lifecycle,
            org.springframework.context.ApplicationEventPublisher events) {
        this.bots = bots;
        this.lifecycle = lifecycle;
        this.events = events;
    }

    record ForceExitRequest(String tradeid) {
    }

    record ForceEnterRequest(String pair, String side, Double price, Double stakeamount, String ordertype,
            String entryTag) {
    }

    record CommandResult(String result) {
    }

    @Operation(summary = "The bot's own view of its configuration and state (its show_config)")
    @GetMapping("/show_config")
    ShowConfig showConfig(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, FreqtradeClient::showConfig);
    }

    @Operation(summary = "The bot's open trades")
    @GetMapping("/trades/open")
    List<Trade> openTrades(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, FreqtradeClient::status);
    }

    @Operation(summary = "The bot's closed trades, oldest first")
    @GetMapping("/trades")
    TradeHistory trades(@PathVariable long botId, @RequestParam(defaultValue = "500") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, c -> c.trades(limit, offset));
    }

    @Operation(summary = "The bot's profit summary")
    @GetMapping("/profit")
    Profit profit(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, FreqtradeClient::profit);
    }

    @Operation(summary = "The bot's balance")
    @GetMapping("/balance")
    Balances balance(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, FreqtradeClient::balance);
    }

    @Operation(summary = "The bot's per-pair performance")
    @GetMapping("/performance")
    List<PairPerformance> performance(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, FreqtradeClient::performance);
    }

    @Operation(summary = "The bot's daily profit")
    @GetMapping("/daily")
    PeriodicProfit daily(@PathVariable long botId, @RequestParam(defaultValue = "7") @Min(1) @Max(365) int days,
            @AuthenticationPrincipal CurrentUser user) {
        return call(botId, user, c -> c.daily(days));
    }

    @Operation(summary = "Force-exit one trade (its id) or all (\"all\")")
    @PostMapping("/forceexit")
    @PreAuthorize("hasRole('OPERATOR')")
    CommandResult forceExit(@PathVariable long botId, @RequestBody ForceExitRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        if (body.tradeid() == null || body.tradeid().isBlank() || body.tradeid().length() > 20) {
            throw ApiException.invalidField("tradeid", "is required: a trade id or \"all\"");
        }
        return new CommandResult(audited(botId, "forceexit", java.util.Map.of("tradeid", body.tradeid()),
                () -> call(botId, user, c -> c.forceExit(body.tradeid()))));
    }

    @Operation(summary = "Force-enter a trade (the bot's config must allow force entries)")
    @PostMapping("/forceenter")
    @PreAuthorize("hasRole('OPERATOR')")
    Trade forceEnter(@PathVariable long botId, @RequestBody ForceEnterRequest body,
            @AuthenticationPrincipal CurrentUser user) {
        if (body.pair() == null || body.pair().isBlank() || body.pair().length() > 40) {
            throw ApiException.invalidField("pair", "is required, e.g. BTC/USDT");
        }
        bots.get(botId, user);
        lifecycle.requireEntriesAllowed(botId, user);
        String side = body.side() == null ? "long" : body.side();
        if (!side.equals("long") && !side.equals("short")) {
            throw ApiException.invalidField("side", "must be long or short");
        }
        return audited(botId, "forceenter", java.util.Map.of("pair", body.pair(), "side", side),
                () -> call(botId, user, c -> c.forceEnter(new ForceEnter(body.pair(), side, body.price(),
                        body.ordertype(), body.stakeamount(), body.entryTag(), null))));
    }

    /** The command is recorded whatever its outcome (a refused force-enter is worth knowing about too). */
    private <T> T audited(long botId, String command, java.util.Map<String, Object> details,
            java.util.function.Supplier<T> send) {
        try {
            T result = send.get();
            events.publishEvent(new BotCommands.Sent(botId, command, details, true, null));
            return result;
        } catch (ApiException e) {
            events.publishEvent(new BotCommands.Sent(botId, command, details, false, e.getMessage()));
            throw e;
        }
    }

    /** Scope check, then the call; the bot's own refusal is passed on in its own words. */
    private <T> T call(long botId, CurrentUser user, Function<FreqtradeClient, T> read) {
        bots.get(botId, user);
        FreqtradeClient client = lifecycle.client(botId, user);
        try {
            return read.apply(client);
        } catch (BotCallFailed e) {
            throw BotCallErrors.toApi(e);
        }
    }
}
