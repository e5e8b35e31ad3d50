package io.ftfleet.bot;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;

/** The original's bot registry routes (paths and field names kept). Admins see every bot, others their own. */
@RestController
@RequestMapping("/api/v1/bots")
@Tag(name = "bots")
class BotController {

    private final Bots bots;

    BotController(Bots bots) {
        this.bots = bots;
    }

    record ConfigUpdated(String message, JsonNode config) {
    }

    @Operation(summary = "List bots (yours; all for admins), ordered by id")
    @GetMapping({ "", "/" })
    List<BotResponse> list(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit, @AuthenticationPrincipal CurrentUser user) {
        return bots.list(user, skip, limit);
    }

    @Operation(summary = "Register a bot; its Freqtrade config is generated and validated")
    @PostMapping({ "", "/" })
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('OPERATOR')")
    BotResponse create(@RequestBody BotRequests.Create request, @AuthenticationPrincipal CurrentUser user) {
        return bots.create(request, user);
    }

    @Operation(summary = "Get a bot")
    @GetMapping("/{botId}")
    BotResponse get(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return bots.get(botId, user);
    }

    @Operation(summary = "Change a bot; only the fields sent change")
    @PutMapping("/{botId}")
    @PreAuthorize("hasRole('OPERATOR')")
    BotResponse update(@PathVariable long botId, @RequestBody BotRequests.Update request,
            @AuthenticationPrincipal CurrentUser user) {
        return bots.update(botId, request, user);
    }

    @Operation(summary = "Delete a stopped bot")
    @DeleteMapping("/{botId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('OPERATOR')")
    void delete(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        bots.delete(botId, user);
    }

    @Operation(summary = "The Freqtrade config the bot will receive, secrets masked")
    @GetMapping("/{botId}/config")
    JsonNode config(@PathVariable long botId, @AuthenticationPrincipal CurrentUser user) {
        return bots.config(botId, user);
    }

    @Operation(summary = "Replace the bot's Freqtrade config with a complete config object")
    @PutMapping("/{botId}/config")
    @PreAuthorize("hasRole('OPERATOR')")
    ConfigUpdated replaceConfig(@PathVariable long botId, @RequestBody JsonNode config,
            @AuthenticationPrincipal CurrentUser user) {
        return new ConfigUpdated("Configuration updated successfully", bots.replaceConfig(botId, config, user));
    }
}
