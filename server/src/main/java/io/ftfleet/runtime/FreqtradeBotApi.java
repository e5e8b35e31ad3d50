package io.ftfleet.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClients;
import io.ftfleet.freqtrade.ShowConfig;

import org.springframework.stereotype.Component;

/**
 * The runtime's calls to a bot, and the one per-bot client registry: one client (and so one login) per bot
 * endpoint, replaced when a bot comes back on the same port with new credentials.
 */
@Component
class FreqtradeBotApi implements BotApi {

    private final FreqtradeClients clients;
    private final Map<String, FreqtradeClient> byUrl = new ConcurrentHashMap<>();

    FreqtradeBotApi(FreqtradeClients clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Status> status(BotEndpoint endpoint) {
        try {
            ShowConfig config = client(endpoint).showConfig();
            return config.state() == null ? Optional.empty()
                    : Optional.of(new Status(config.state(), config.maxOpenTrades()));
        } catch (BotCallFailed e) {
            return Optional.empty();
        }
    }

    @Override
    public void command(BotEndpoint endpoint, String action) {
        FreqtradeClient client = client(endpoint);
        switch (action) {
            case "start" -> client.start();
            case "stop" -> client.stop();
            case "stopentry" -> client.stopEntry();
            case "reload_config" -> client.reloadConfig();
            default -> throw new IllegalArgumentException("unknown bot command " + action);
        }
    }

    @Override
    public void forceExitAll(BotEndpoint endpoint) {
        client(endpoint).forceExit("all");
    }

    FreqtradeClient client(BotEndpoint endpoint) {
        return byUrl.compute(endpoint.baseUrl().toString(),
                (url, existing) -> existing != null && existing.endpoint().equals(endpoint) ? existing
                        : clients.forBot(endpoint));
    }
}
