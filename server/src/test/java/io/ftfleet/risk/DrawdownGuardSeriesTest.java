package io.ftfleet.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class DrawdownGuardSeriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LONG_AGO = Instant.EPOCH;

    private static Map<Long, Double> balances(Object... idAndBalance) {
        Map<Long, Double> m = new TreeMap<>();
        for (int i = 0; i < idAndBalance.length; i += 2) {
            m.put(((Number) idAndBalance[i]).longValue(), ((Number) idAndBalance[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void aBotJoiningKeepsTheOthersHighSoTheirFallStillCounts() {
        GuardSeries s = new GuardSeries();
        s.add(T0, balances(1, 1000), LONG_AGO);
        s.add(T0.plusSeconds(5), balances(1, 900), LONG_AGO);
        // bot 2 joins with 500: the high is 1000 + 500 (as if it had been there), not restarted at 1400
        s.add(T0.plusSeconds(10), balances(1, 900, 2, 500), LONG_AGO);
        assertThat(s.high()).isEqualTo(1500.0);
        assertThat(s.last()).isEqualTo(1400.0);
        assertThat(DrawdownGuards.drawdownPct(s.high(), s.last())).isCloseTo(6.67, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aBotLeavingIsNotALossAndDoesNotHoldTheHighUp() {
        GuardSeries s = new GuardSeries();
        s.add(T0, balances(1, 1000, 2, 5000), LONG_AGO);
        s.add(T0.plusSeconds(5), balances(1, 990, 2, 4000), LONG_AGO);
        // bot 2 (which had fallen a lot) leaves: only bot 1's own history remains
        s.add(T0.plusSeconds(10), balances(1, 980), LONG_AGO);
        assertThat(s.high()).isEqualTo(1000.0);
        assertThat(s.last()).isEqualTo(980.0);
        assertThat(DrawdownGuards.drawdownPct(s.high(), s.last())).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void samplesOutsideTheWindowNoLongerSetTheHigh() {
        GuardSeries s = new GuardSeries();
        s.add(T0, balances(1, 2000), LONG_AGO);
        s.add(T0.plusSeconds(60), balances(1, 1000), T0.plusSeconds(30));
        assertThat(s.high()).isEqualTo(1000.0);
    }

    private static FleetEquity.BotEquity bot(long id, long owner, boolean external) {
        return new FleetEquity.BotEquity(id, "b" + id, List.of(), "USDT", true, 100.0, owner, external);
    }

    private static DrawdownGuard guard(Set<Long> allowedExternal) {
        return new DrawdownGuard(1, "g", null, true, 5, 60, false, true, null, null, null, allowedExternal);
    }

    @Test
    void anExternalBotDoesNotCountInAGuardOverOtherUsersBotsUnlessAnAdminAllowedIt() {
        List<FleetEquity.BotEquity> fleet = List.of(bot(1, 10, false), bot(2, 20, true), bot(3, 20, false));
        assertThat(guard(Set.of()).counted(fleet)).extracting(FleetEquity.BotEquity::botId).containsExactly(1L, 3L);
        assertThat(guard(Set.of(2L)).counted(fleet)).extracting(FleetEquity.BotEquity::botId)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void anExternalBotCountsInAGuardThatCoversOnlyItsOwnersBots() {
        List<FleetEquity.BotEquity> fleet = List.of(bot(2, 20, true), bot(3, 20, false));
        assertThat(guard(Set.of()).counted(fleet)).extracting(FleetEquity.BotEquity::botId).containsExactly(2L, 3L);
    }
}
