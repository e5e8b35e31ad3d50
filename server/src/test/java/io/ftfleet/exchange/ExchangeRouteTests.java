package io.ftfleet.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ftfleet.support.Api;
import io.ftfleet.support.FullStackTest;
import io.ftfleet.support.Simulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * X1/X2 through a tiny wrapper around the simulator: files in a control directory make the command fail or hang,
 * and it answers {@code list-markets} (which the contract does not describe, so the simulator does not have it)
 * with the JSON list Freqtrade's {@code --print-json} prints.
 */
@FullStackTest
class ExchangeRouteTests {

    static final Path CONTROL;
    static final Path WRAPPER;

    static {
        try {
            CONTROL = Files.createTempDirectory("ftfleet-exchange-test");
            WRAPPER = CONTROL.resolve("freqtrade-wrapper.sh");
            Files.writeString(WRAPPER, """
                    #!/usr/bin/env bash
                    CTL="$(dirname "$0")"
                    echo "$@" >> "$CTL/calls"
                    if [ -f "$CTL/slow" ]; then sleep 30; fi
                    if [ -f "$CTL/fail" ]; then
                      echo "2026-01-01 00:00:00,000 - freqtrade - ERROR - Could not load markets, therefore cannot start." >&2
                      exit 2
                    fi
                    if [ "$1" = "list-markets" ]; then
                      echo '["ETH/USDT", "BTC/USDT:USDT", "ETH/BTC", "BTC/USDT"]'
                      exit 0
                    fi
                    exec %s "$@"
                    """.formatted(Simulator.command()));
            Files.setPosixFilePermissions(WRAPPER, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ftfleet.runtime.local.freqtrade-command", WRAPPER::toString);
        registry.add("ftfleet.exchanges.cache-ttl", () -> "1s");
        registry.add("ftfleet.exchanges.pairs-cache-ttl", () -> "1s");
        registry.add("ftfleet.exchanges.command-timeout", () -> "3s");
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() throws Exception {
        api = new Api(port);
        Files.deleteIfExists(CONTROL.resolve("slow"));
        Files.deleteIfExists(CONTROL.resolve("fail"));
        Thread.sleep(1100); // let earlier answers expire from the cache
    }

    /** What the command itself prints for list-exchanges -1. */
    static List<String> commandOutput() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Simulator.command().split(" ")));
        cmd.addAll(List.of("list-exchanges", "-1"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void exchangeListIsFreqtradesOwnListAndIsCached() throws Exception {
        String token = api.tokenFor("ex-viewer", "viewer");
        Api.Response r = api.get("/api/v1/exchanges/", token);
        assertThat(r.status()).isEqualTo(200);
        List<String> ids = r.json().valueStream().map(n -> n.asString()).toList();
        assertThat(ids).isEqualTo(commandOutput()).contains("binance");
        long calls = calls();
        assertThat(api.get("/api/v1/exchanges", token).status()).isEqualTo(200);
        assertThat(calls()).as("second answer from the cache").isEqualTo(calls);
        assertThat(api.get("/api/v1/exchanges/", null).status()).isEqualTo(401);
    }

    @Test
    void pairsAreTheSortedUsdtMarketsAndUnknownExchangesAre404() {
        String token = api.tokenFor("ex-viewer-2", "viewer");
        Api.Response r = api.get("/api/v1/exchanges/binance/pairs", token);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().valueStream().map(n -> n.asString()).toList())
                .containsExactly("BTC/USDT", "BTC/USDT:USDT", "ETH/USDT");
        Api.Response unknown = api.get("/api/v1/exchanges/nosuchexchange/pairs", token);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("code")).isEqualTo("exchange_not_found");
        assertThat(unknown.text("detail")).isEqualTo("Exchange 'nosuchexchange' not found.");
    }

    @Test
    void failingCommandIs503WithItsErrorAndSlowCommandIs504() throws Exception {
        String token = api.tokenFor("ex-viewer-3", "viewer");
        Files.writeString(CONTROL.resolve("fail"), "");
        Api.Response failed = api.get("/api/v1/exchanges/", token);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(failed.text("code")).isEqualTo("freqtrade_failed");
        assertThat(failed.text("detail")).contains("exit 2").contains("Could not load markets");
        Files.delete(CONTROL.resolve("fail"));
        Files.writeString(CONTROL.resolve("slow"), "");
        long start = System.nanoTime();
        Api.Response slow = api.get("/api/v1/exchanges/binance/pairs", token);
        assertThat(slow.status()).isEqualTo(504);
        assertThat(slow.text("code")).isEqualTo("freqtrade_timeout");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(20);
    }

    static long calls() throws IOException {
        Path f = CONTROL.resolve("calls");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }
}
