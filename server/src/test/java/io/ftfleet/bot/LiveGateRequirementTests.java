package io.ftfleet.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.ftfleet.core.ApiException;
import io.ftfleet.strategy.StrategyCatalog;
import io.ftfleet.strategy.StrategyVetting;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** What each {@code ftfleet.safety.live-requires} setting asks of a version, without a server. */
class LiveGateRequirementTests {

    static final long VERSION = 7;
    final List<Object> published = new ArrayList<>();
    StrategyVetting.Vetting vetting = StrategyVetting.Vetting.none();

    LiveGate gate(String setting) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("catalog", new StrategyCatalog() {
            public Optional<Long> currentVersionId(String className) {
                return Optional.of(VERSION);
            }

            public boolean versionBelongsTo(long versionId, String className) {
                return true;
            }

            public Optional<VersionSource> source(long versionId) {
                return Optional.of(new VersionSource(versionId, 3, "", true));
            }
        });
        beans.addBean("vetting", (StrategyVetting) id -> id == VERSION ? vetting : StrategyVetting.Vetting.none());
        return new LiveGate(new SafetyProperties(setting), beans.getBeanProvider(StrategyCatalog.class),
                beans.getBeanProvider(StrategyVetting.class), published::add);
    }

    static Bot live() {
        Bot bot = new Bot("b", 1, Instant.EPOCH);
        bot.id = 1L;
        bot.strategyName = "S";
        bot.dryRun = false;
        return bot;
    }

    static Optional<StrategyVetting.Check> check(Boolean biased) {
        return Optional.of(new StrategyVetting.Check(1, Instant.EPOCH, biased, "{}"));
    }

    static List<Object> missing(Runnable start) {
        try {
            start.run();
            return List.of();
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo("strategy_not_vetted");
            assertThat(e.status().value()).isEqualTo(409);
            return List.copyOf((List<?>) e.properties().get("missing"));
        }
    }

    @Test
    void backtestPlusBiasNeedsALookaheadAnalysisThatFoundNoBias() {
        LiveGate gate = gate("backtest+bias");
        assertThat(missing(() -> gate.check(live()))).containsExactly("backtest", "lookahead_analysis");
        vetting = new StrategyVetting.Vetting(check(null), check(true), Optional.empty());
        assertThat(missing(() -> gate.check(live()))).containsExactly("lookahead_analysis_without_bias");
        vetting = new StrategyVetting.Vetting(check(null), check(null), Optional.empty()); // too few trades: unknown
        assertThat(missing(() -> gate.check(live()))).containsExactly("lookahead_analysis_without_bias");
        vetting = new StrategyVetting.Vetting(check(null), check(false), Optional.empty());
        assertThat(missing(() -> gate.check(live()))).isEmpty();
    }

    @Test
    void backtestIgnoresBiasAndNoneLetsEverythingThrough() {
        vetting = new StrategyVetting.Vetting(check(null), check(true), Optional.empty());
        assertThat(missing(() -> gate("backtest").check(live()))).isEmpty();
        vetting = StrategyVetting.Vetting.none();
        assertThat(missing(() -> gate("backtest").check(live()))).containsExactly("backtest");
        assertThat(missing(() -> gate("none").check(live()))).isEmpty();
    }

    @Test
    void anOverrideHoldsOnlyForTheVersionItWasGrantedFor() {
        Bot bot = live();
        bot.liveOverrideVersionId = VERSION + 1;
        assertThat(missing(() -> gate("backtest").check(bot))).containsExactly("backtest");
        bot.liveOverrideVersionId = VERSION;
        bot.liveOverrideReason = "ticket 1";
        assertThat(missing(() -> gate("backtest").check(bot))).isEmpty();
        assertThat(published).hasSize(1).first().isInstanceOf(LiveOverrides.Used.class);
    }

    @Test
    void anUnknownSettingStopsTheServer() {
        assertThatThrownBy(() -> new SafetyProperties("backtest,bias")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("live-requires");
    }
}
