package io.ftfleet.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ftfleet.core.ApiException;
import io.ftfleet.strategy.StrategyCatalog;
import io.ftfleet.strategy.StrategyVetting;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The gate before live money ({@code ftfleet.safety.live-requires}): a user's start of a bot with {@code dry_run}
 * false needs the strategy version it will run — the pinned one, or the current one for an unpinned bot (which the
 * start then pins) — to have a completed backtest, and for {@code backtest+bias} also a completed lookahead analysis
 * that found no bias. An admin's override for exactly that version lets it through (audited at grant and at use).
 * User starts (single, bulk, restart of a stopped bot) pass here, and so does an edit that makes a bot the server
 * may relaunch on its own (desired running/paused, or alive) live or changes a live one's version (Bots): a restart
 * or reload of a running bot and the supervisor's relaunch of a crashed one are not gated, so they only ever launch
 * a live config that passed here, and a running live bot is never stranded by a later change of the setting.
 */
@Component
class LiveGate {

    static final String CODE = "strategy_not_vetted";

    private final SafetyProperties properties;
    private final ObjectProvider<StrategyCatalog> strategies;
    private final ObjectProvider<StrategyVetting> vetting;
    private final ApplicationEventPublisher events;

    LiveGate(SafetyProperties properties, ObjectProvider<StrategyCatalog> strategies,
            ObjectProvider<StrategyVetting> vetting, ApplicationEventPublisher events) {
        this.properties = properties;
        this.strategies = strategies;
        this.vetting = vetting;
        this.events = events;
    }

    /** Throws 409 {@code strategy_not_vetted} naming what is missing; dry-run bots always pass. */
    void check(Bot bot) {
        if (bot.dryRun || properties.requirement() == SafetyProperties.LiveRequirement.NONE) {
            return;
        }
        Optional<Long> version = versionToRun(bot);
        if (version.isEmpty()) {
            return; // no version at all: the start fails as strategy_missing, which says more
        }
        List<String> missing = missing(version.get());
        if (missing.isEmpty()) {
            return;
        }
        if (version.get().equals(bot.liveOverrideVersionId)) {
            events.publishEvent(new LiveOverrides.Used(bot.id, version.get(), bot.liveOverrideReason));
            return;
        }
        int number = strategies.getObject().source(version.get()).map(StrategyCatalog.VersionSource::version)
                .orElse(0);
        throw new ApiException(HttpStatus.CONFLICT, CODE, "Bot " + bot.name + " trades live money (dry_run false), "
                + "but version " + number + " of strategy " + bot.strategyName + " lacks: " + String.join(", ",
                        missing) + ". Run it first (POST /api/v1/backtests" + (missing.size() > 1
                                ? ", POST /api/v1/jobs with kind lookahead_analysis" : "")
                + "), or an admin may override for this bot (PUT /api/v1/bots/" + bot.id + "/live-override).")
                .with("missing", missing).with("strategy_version_id", version.get())
                .with("live_requires", properties.liveRequires());
    }

    /** The pinned version, else the strategy's current one (what a start would pin and run). */
    Optional<Long> versionToRun(Bot bot) {
        return Optional.ofNullable(bot.strategyVersionId)
                .or(() -> strategies.getObject().currentVersionId(bot.strategyName));
    }

    private List<String> missing(long versionId) {
        StrategyVetting.Vetting v = vetting.stream().findFirst().map(s -> s.of(versionId))
                .orElse(StrategyVetting.Vetting.none());
        List<String> missing = new ArrayList<>();
        if (v.backtest().isEmpty()) {
            missing.add("backtest");
        }
        if (properties.requirement() == SafetyProperties.LiveRequirement.BACKTEST_AND_BIAS) {
            if (v.lookahead().isEmpty()) {
                missing.add("lookahead_analysis");
            } else if (!Boolean.FALSE.equals(v.lookahead().get().biased())) {
                missing.add("lookahead_analysis_without_bias");
            }
        }
        return missing;
    }
}
