package io.ftfleet.freqtrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;

/** A bot URL that redirects elsewhere never gets the bot's credentials sent on: redirects are not followed. */
class FreqtradeClientRedirectTests {

    @Test
    void aRedirectingBotIsAnErrorAndTheRedirectTargetNeverSeesTheCredentials() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/", exchange -> {
            reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        redirecting.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location",
                    "http://127.0.0.1:" + target.getAddress().getPort() + exchange.getRequestURI());
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        target.start();
        redirecting.start();
        try {
            FreqtradeClient client = new FreqtradeClients(new FreqtradeClientSettings(Duration.ofSeconds(1),
                    Duration.ofSeconds(2))).forBot(new BotEndpoint(
                            URI.create("http://127.0.0.1:" + redirecting.getAddress().getPort()), "user", "pass"));
            assertThatThrownBy(client::showConfig).isInstanceOf(BotCallFailed.class);
            assertThatThrownBy(client::stop).isInstanceOf(BotCallFailed.class);
            assertThat(reached).isEmpty();
        } finally {
            redirecting.stop(0);
            target.stop(0);
        }
    }
}
