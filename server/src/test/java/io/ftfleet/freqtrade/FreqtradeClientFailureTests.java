package io.ftfleet.freqtrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What callers see when a bot is gone or too slow: {@link BotUnreachable}, never a hang. */
class FreqtradeClientFailureTests {

    private final FreqtradeClients clients = new FreqtradeClients(
            new FreqtradeClientSettings(Duration.ofSeconds(1), Duration.ofMillis(700)));

    @Test
    void aPortNobodyListensOnIsBotUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        FreqtradeClient client = clients.forBot(new BotEndpoint(URI.create("http://127.0.0.1:" + port), "u", "p"));

        assertThatThrownBy(client::ping).isInstanceOf(BotUnreachable.class).hasMessageContaining("/api/v1/ping");
        assertThatThrownBy(client::showConfig).isInstanceOf(BotUnreachable.class)
                .hasMessageContaining("/api/v1/token/login");
        assertThatThrownBy(() -> client.subscribe(List.of(BotMessage.STATUS), m -> { }))
                .isInstanceOf(BotUnreachable.class);
    }

    @Test
    void aKilledBotIsBotUnreachableAndItsWebsocketEnds(@TempDir Path dir) throws Exception {
        try (SimulatedBot bot = SimulatedBot.start(dir)) {
            FreqtradeClient client = clients.forBot(bot.endpoint());
            assertThat(client.showConfig().running()).isTrue();
            CompletableFuture<String> ended = new CompletableFuture<>();
            BotSubscription sub = client.subscribe(List.of(BotMessage.STATUS), new BotMessageListener() {
                @Override
                public void onMessage(BotMessage message) {
                }

                @Override
                public void onClosed(int statusCode, String reason) {
                    ended.complete("closed " + statusCode);
                }

                @Override
                public void onError(BotCallFailed error) {
                    ended.complete("error " + error.getClass().getSimpleName());
                }
            });

            bot.kill();

            assertThat(ended.get(10, TimeUnit.SECONDS)).isNotBlank();
            assertThat(sub.isOpen()).isFalse();
            assertThatThrownBy(client::showConfig).isInstanceOf(BotUnreachable.class)
                    .hasMessageContaining("GET " + bot.baseUrl() + "/api/v1/show_config");
            assertThatThrownBy(client::stop).isInstanceOf(BotUnreachable.class);
            sub.close();
        }
    }

    @Test
    void aBotThatAnswersTooSlowlyIsBotUnreachableAfterTheReadTimeout(@TempDir Path dir) {
        try (SimulatedBot bot = SimulatedBot.start(dir, Map.of(), Map.of("FTSIM_SLOW_REPLY_MS", "2000"))) {
            FreqtradeClient client = clients.forBot(bot.endpoint());

            long started = System.nanoTime();
            assertThatThrownBy(client::ping).isInstanceOf(BotUnreachable.class).hasMessageContaining("no answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1900));
        }
    }
}
