package io.ftfleet.exchange;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The original's exchange routes (X1, X2), same paths and plain-array answers. The original left them open; here
 * they need a login like every other route (they run a command on the server and reach out to exchanges).
 */
@RestController
@RequestMapping("/api/v1/exchanges")
@Tag(name = "exchanges")
class ExchangeController {

    private final Exchanges exchanges;

    ExchangeController(Exchanges exchanges) {
        this.exchanges = exchanges;
    }

    @Operation(summary = "Exchange ids Freqtrade supports (freqtrade list-exchanges), cached")
    @GetMapping({ "", "/" })
    List<String> list() {
        return exchanges.exchanges();
    }

    @Operation(summary = "The exchange's USDT markets, sorted (freqtrade list-markets --quote USDT), cached; "
            + "404 for an exchange Freqtrade does not list, 503 when the markets cannot be loaded, 504 on timeout")
    @GetMapping("/{exchangeId}/pairs")
    List<String> pairs(@PathVariable String exchangeId) {
        return exchanges.usdtPairs(exchangeId);
    }
}
