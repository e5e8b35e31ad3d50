package io.ftfleet.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClients;

import org.springframework.stereotype.Component;

/** The runtime's calls to a bot, through the freqtrade client; one client (and so one login) per bot. */
@Component
class FreqtradeBotApi implements BotApi {

    private final FreqtradeClients clients;
    private final Map<String, FreqtradeClient> byUrl = new ConcurrentHashMap<>();

    FreqtradeBotApi(FreqtradeClients clients) {
        this.clients = clients;
    }

    @Override
    public Optional<String> state(BotAddress address) {
        try {
            return Optional.ofNullable(client(address).showConfig().state());
        } catch (BotCallFailed e) {
            return Optional.empty();
        }
    }

    @Override
    public void command(BotAddress address, String action) {
        FreqtradeClient client = client(address);
        switch (action) {
            case "start" -> client.start();
            case "stop" -> client.stop();
            case "stopentry" -> client.stopEntry();
            case "reload_config" -> client.reloadConfig();
            default -> throw new IllegalArgumentException("unknown bot command " + action);
        }
    }

    @Override
    public boolean resumeEntries(BotAddress address) {
        FreqtradeClient client = client(address);
        if ("running".equals(client.showConfig().state())) {
            client.reloadConfig();
            return true;
        }
        client.start();
        return false;
    }

    @Override
    public void forceExitAll(BotAddress address) {
        client(address).forceExit("all");
    }

    /** A bot restarted on the same port gets new credentials, and with them a new client. */
    FreqtradeClient client(BotAddress address) {
        BotEndpoint endpoint = new BotEndpoint(address.baseUrl(), address.username(), address.password());
        return byUrl.compute(address.baseUrl().toString(),
                (url, existing) -> existing != null && existing.endpoint().equals(endpoint) ? existing
                        : clients.forBot(endpoint));
    }
}
