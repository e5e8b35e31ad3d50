package io.ftfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.ftfleet.core.JsonBody;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The summary's arithmetic over hand-made snapshots: currencies and dry/live are never added together. */
class FleetSummaryTests {

    static BotSnapshot snap(long id, long owner, BotSnapshot.Status status, String state, Integer open,
            Integer closed, Double profit, Double balance, String stake, boolean dry) {
        return new BotSnapshot(id, "b" + id, owner, "binance", status, state, open, profit, 0.01, closed, 0, 0.0,
                balance, stake, dry, 1L, null, Instant.EPOCH, Instant.EPOCH);
    }

    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    @Test
    void theETagChangesExactlyWhenTheSummaryDoesAndAnUnchangedOneAnswers304() {
        FleetSnapshots snapshots = new FleetSnapshots();
        snapshots.put(snap(1, 10, BotSnapshot.Status.ONLINE, "running", 2, 5, 12.5, 1000.0, "USDT", true));
        Instant[] now = { Instant.EPOCH };
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now[0];
            }

            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        FleetSummary summary = new FleetSummary(snapshots, clock, JSON);
        JsonBody first = summary.body(null);
        assertThat(first.respond(null).getStatusCode().value()).isEqualTo(200);
        assertThat(first.respond(first.etag()).getStatusCode().value()).isEqualTo(304);

        // Recomputed after the TTL with the same figures: the same answer and tag, generated_at included.
        now[0] = now[0].plus(FleetSummary.TTL).plusMillis(1);
        snapshots.put(snap(1, 10, BotSnapshot.Status.ONLINE, "running", 2, 5, 12.5, 1000.0, "USDT", true));
        JsonBody same = summary.body(null);
        assertThat(same.etag()).isEqualTo(first.etag());
        assertThat(same.respond("W/" + first.etag()).getStatusCode().value()).isEqualTo(304);

        // One figure changes: a new tag, and the old one gets the full answer.
        now[0] = now[0].plus(FleetSummary.TTL).plusMillis(1);
        snapshots.put(snap(1, 10, BotSnapshot.Status.ONLINE, "running", 3, 5, 12.5, 1000.0, "USDT", true));
        JsonBody changed = summary.body(null);
        assertThat(changed.etag()).isNotEqualTo(first.etag());
        assertThat(changed.respond(first.etag()).getStatusCode().value()).isEqualTo(200);
        assertThat(new String(changed.respond(first.etag()).getBody(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"open_trades\":3");
    }

    @Test
    void totalsAreGroupedByStakeCurrencyAndDryRunAndScopedToTheOwner() {
        FleetSnapshots snapshots = new FleetSnapshots();
        snapshots.put(snap(1, 10, BotSnapshot.Status.ONLINE, "running", 2, 5, 12.5, 1000.0, "USDT", true));
        snapshots.put(snap(2, 10, BotSnapshot.Status.ONLINE, "running", 1, 3, -2.5, 500.0, "USDT", true));
        snapshots.put(snap(3, 10, BotSnapshot.Status.OFFLINE, "stopped", 0, 7, 0.001, 0.05, "BTC", true));
        snapshots.put(snap(4, 20, BotSnapshot.Status.ONLINE, "running", 3, 1, 4.0, 800.0, "USDT", false));
        snapshots.put(snap(5, 20, BotSnapshot.Status.INITIALIZING, null, null, null, null, null, "USDT", false));
        FleetSummary summary = new FleetSummary(snapshots, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), JSON);

        FleetSummary.Summary all = summary.compute(null, Instant.EPOCH);
        assertThat(all.bots()).isEqualTo(5);
        assertThat(all.openTrades()).isEqualTo(6);
        assertThat(all.byStatus()).containsEntry("ONLINE", 3).containsEntry("OFFLINE", 1)
                .containsEntry("INITIALIZING", 1);
        assertThat(all.byState()).containsEntry("running", 3).containsEntry("stopped", 1).containsEntry("unknown", 1);
        assertThat(all.totals()).containsExactly(
                new FleetSummary.CurrencyTotals("BTC", true, 1, 0, 7, 0.05, 0.001),
                new FleetSummary.CurrencyTotals("USDT", false, 2, 3, 1, 800.0, 4.0),
                new FleetSummary.CurrencyTotals("USDT", true, 2, 3, 8, 1500.0, 10.0));

        FleetSummary.Summary own = summary.of(20L);
        assertThat(own.bots()).isEqualTo(2);
        assertThat(own.totals()).extracting(FleetSummary.CurrencyTotals::dryRun).containsOnly(false);
    }
}
