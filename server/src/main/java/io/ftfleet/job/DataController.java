package io.ftfleet.job;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.ftfleet.core.ApiException;
import io.ftfleet.user.CurrentUser;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The original's data routes (D1, D2): the shared market data on disk, and download jobs. */
@RestController
@Tag(name = "data")
class DataController {

    private final JobQueue queue;
    private final JobWorker worker;
    private final JsonMapper json;

    DataController(JobQueue queue, JobWorker worker, JsonMapper json) {
        this.queue = queue;
        this.worker = worker;
        this.json = json;
    }

    record Started(String message, List<Long> jobIds, List<JobView> jobs) {
    }

    @Operation(summary = "D1: candle files on disk: exchange, pair, timeframe, candle type, first/last candle, count")
    @GetMapping({ "/api/v1/data", "/api/v1/data/" })
    List<MarketData.Entry> list(@AuthenticationPrincipal CurrentUser user) {
        try {
            return MarketData.list(worker.marketData(), json);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "data_unreadable",
                    "The market data directory cannot be read right now");
        }
    }

    @Operation(summary = "D2: download candles: {exchanges: [\"binance\"], pairs*, days (30) | timerange, "
            + "timeframe (\"1h\") | timeframes, trading_mode}; one job per exchange")
    @PostMapping("/api/v1/data/download")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<Started> download(@RequestBody JsonNode request, @AuthenticationPrincipal CurrentUser user) {
        if (request == null || !request.isObject()) {
            throw ApiException.invalidField("body", "must be a JSON object");
        }
        List<String> exchanges = new ArrayList<>();
        JsonNode ex = request.get("exchanges");
        if (ex == null || ex.isNull()) {
            exchanges.add(request.path("exchange").asString("binance"));
        } else if (ex.isArray() && !ex.isEmpty() && ex.size() <= 10) {
            for (JsonNode e : ex) {
                if (!e.isString()) {
                    throw ApiException.invalidField("exchanges", "must be a list of exchange names");
                }
                exchanges.add(e.asString());
            }
        } else {
            throw ApiException.invalidField("exchanges", "must be a list of 1 to 10 exchange names");
        }
        ObjectNode params = ((ObjectNode) request).deepCopy();
        params.remove("exchanges");
        if (!params.has("timeframes") && !params.has("timeframe")) {
            params.put("timeframe", "1h"); // the original's default
        }
        // Validate every exchange's job before queueing any: all or nothing.
        for (String exchange : exchanges.stream().distinct().toList()) {
            params.put("exchange", exchange);
            queue.validateOnly(DownloadKind.NAME, params, user);
        }
        List<JobView> jobs = new ArrayList<>();
        for (String exchange : exchanges.stream().distinct().toList()) {
            params.put("exchange", exchange);
            jobs.add(JobView.of(queue.submit(DownloadKind.NAME, params, user), queue));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/jobs/" + jobs.get(0).id()))
                .body(new Started("Data download queued as " + jobs.size() + " job(s).",
                        jobs.stream().map(JobView::id).toList(), jobs));
    }
}
