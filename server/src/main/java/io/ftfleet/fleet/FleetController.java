package io.ftfleet.fleet;

import java.util.List;

import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Fleet state from the poller's snapshots; never calls a bot. */
@RestController
@RequestMapping("/api/v1/fleet")
@Tag(name = "fleet")
class FleetController {

    private final FleetSnapshots snapshots;

    FleetController(FleetSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @Operation(summary = "The latest snapshot of every bot the caller may see (admins: all, others: their own)")
    @GetMapping({ "/snapshots", "/snapshots/" })
    List<BotSnapshot> snapshots(@AuthenticationPrincipal CurrentUser user) {
        return snapshots.all().stream().filter(s -> user.isAdmin() || s.ownerId() == user.id()).toList();
    }
}
