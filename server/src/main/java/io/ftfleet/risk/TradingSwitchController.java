package io.ftfleet.risk;

import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The global trading switch. The emergency stop that trips it lives with the bots' lifecycle routes. */
@RestController
@RequestMapping("/api/v1/emergency")
@Tag(name = "emergency")
class TradingSwitchController {

    private final TradingSwitch tradingSwitch;

    TradingSwitchController(TradingSwitch tradingSwitch) {
        this.tradingSwitch = tradingSwitch;
    }

    @Operation(summary = "Whether bots may start (false after an emergency stop until an admin re-arms)")
    @GetMapping("/status")
    TradingSwitch.State status() {
        return tradingSwitch.state();
    }

    @Operation(summary = "Re-arm trading after an emergency stop (admin only)")
    @PostMapping("/rearm")
    @PreAuthorize("hasRole('ADMIN')")
    TradingSwitch.State rearm(@AuthenticationPrincipal CurrentUser admin) {
        tradingSwitch.rearm(admin.username());
        return tradingSwitch.state();
    }
}
