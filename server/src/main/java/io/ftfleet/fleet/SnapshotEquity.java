package io.ftfleet.fleet;

import java.util.ArrayList;
import java.util.List;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.bot.BotDirectory.BotSummary;
import io.ftfleet.risk.FleetEquity;

import org.springframework.stereotype.Component;

/**
 * Equity for the drawdown guards from the snapshots: each bot's last known total balance (an {@code OFFLINE} bot
 * keeps its last one, so a bot that stops answering does not look like a loss), with the bot's tags.
 */
@Component
class SnapshotEquity implements FleetEquity {

    private final BotDirectory directory;
    private final FleetSnapshots snapshots;

    SnapshotEquity(BotDirectory directory, FleetSnapshots snapshots) {
        this.directory = directory;
        this.snapshots = snapshots;
    }

    @Override
    public List<BotEquity> current() {
        List<BotEquity> out = new ArrayList<>();
        for (BotSummary bot : directory.all()) {
            snapshots.get(bot.id()).ifPresent(s -> out.add(new BotEquity(bot.id(), bot.name(), bot.tags(),
                    s.stakeCurrency(), s.dryRun(), s.balanceTotal(), bot.ownerId(), "external".equals(bot.runtime()))));
        }
        return out;
    }
}
