package io.ftfleet.bot;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
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
    private final BotListCache listCache;

    BotController(Bots bots, BotListCache listCache) {
        this.bots = bots;
        this.listCache = listCache;
    }

    record ConfigUpdated(String message, JsonNode config) {
    }

    /** Served from {@link BotListCache}: built once per change, with an ETag; If-None-Match on it answers 304. */
    @Operation(summary = "List bots (yours; all for admins), ordered by id. Sends an ETag; If-None-Match with it "
            + "answers 304 Not Modified while the list is unchanged")
    @ApiResponse(responseCode = "200", description = "The bots", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, array = @ArraySchema(schema = @Schema(implementation = BotResponse.class))))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag sent in If-None-Match")
    @GetMapping(path = { "", "/" }, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> list(@RequestParam(defaultValue = "0") @Min(0) int skip,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @AuthenticationPrincipal CurrentUser user) {
        return listCache.list(user, skip, limit).respond(ifNoneMatch);
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
