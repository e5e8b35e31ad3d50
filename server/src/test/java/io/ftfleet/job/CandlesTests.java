package io.ftfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;

/** Which candles a job lacks: missing files, files that start too late or end too early. */
class CandlesTests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final long DAY = 86_400_000L;
    static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");
    static final long MAR_1 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path root;

    void write(String file, long from, long to, long step) throws Exception {
        StringBuilder rows = new StringBuilder("[");
        for (long t = from; t <= to; t += step) {
            rows.append(rows.length() > 1 ? "," : "").append("[").append(t).append(",1,1,1,1,1]");
        }
        Files.createDirectories(root.resolve("binance"));
        Files.writeString(root.resolve("binance").resolve(file), rows.append("]"));
    }

    @Test
    void namesEveryPairAndTimeframeThatIsMissingOrDoesNotCoverTheTimerange() throws Exception {
        write("BTC_USDT-1h.json", MAR_1, MAR_1 + 5 * DAY, 3_600_000);           // covers 0301-0305
        write("ETH_USDT-1h.json", MAR_1 + 2 * DAY, MAR_1 + 5 * DAY, 3_600_000); // starts late
        write("XRP_USDT-1h.json", MAR_1, MAR_1 + 2 * DAY, 3_600_000);           // ends early
        Candles.Need need = new Candles.Need("binance", "spot", List.of("BTC/USDT", "ETH/USDT", "XRP/USDT",
                "SOL/USDT"), List.of("1h"), "20260301-20260305");

        List<Candles.Gap> gaps = Candles.missing(root, need, NOW, JSON);

        assertThat(gaps).extracting(Candles.Gap::pair).containsExactly("ETH/USDT", "XRP/USDT", "SOL/USDT");
        assertThat(gaps.get(0).prepend()).isTrue();
        assertThat(gaps.get(1).prepend()).isFalse();
        assertThat(gaps.get(2).why()).isEqualTo("no candles");
        // without a timerange, any candles on disk are enough
        assertThat(Candles.missing(root, new Candles.Need("binance", "spot", List.of("ETH/USDT"), List.of("1h"),
                null), NOW, JSON)).isEmpty();
        assertThat(Candles.downloadRange(new Candles.Need("binance", "spot", List.of(), List.of(), null), NOW))
                .isEqualTo("20260208-");
    }

    @Test
    void futuresCandlesLiveInTheirOwnFolder() {
        Candles.Need need = new Candles.Need("bybit", "futures", List.of("BTC/USDT:USDT"), List.of("5m"), null);
        assertThat(Candles.file(root, need, "BTC/USDT:USDT", "5m"))
                .isEqualTo(root.resolve("bybit/futures/BTC_USDT_USDT-5m-futures.json"));
    }
}
