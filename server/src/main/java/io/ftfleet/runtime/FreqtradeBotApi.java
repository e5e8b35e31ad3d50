package io.ftfleet.runtime;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotEndpoint;
import io.ftfleet.freqtrade.BotRejected;
import io.ftfleet.freqtrade.FreqtradeClient;
import io.ftfleet.freqtrade.FreqtradeClients;
import io.ftfleet.freqtrade.FreqtradeGeneration;
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
    /** Each bot's generation as its last show_config told it; a relaunch with another Freqtrade updates it. */
    private final Map<String, FreqtradeGeneration> generations = new ConcurrentHashMap<>();

    FreqtradeBotApi(FreqtradeClients clients) {
        this.clients = clients;
    }

    @Override
    public Optional<Status> status(BotEndpoint endpoint) {
        try {
            ShowConfig config = client(endpoint).showConfig();
            if (config.state() == null) {
                return Optional.empty();
            }
            generations.put(endpoint.baseUrl().toString(), config.generation());
            return Optional.of(new Status(config.state(), config.maxOpenTrades(), config.generation()));
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
            case "stopentry" -> stopEntries(endpoint, client);
            case "reload_config" -> client.reloadConfig();
            default -> throw new IllegalArgumentException("unknown bot command " + action);
        }
    }

    @Override
    public boolean stopEntriesUnlessStopped(BotEndpoint endpoint, boolean readState) {
        FreqtradeClient client = client(endpoint);
        if (readState) {
            generations.put(endpoint.baseUrl().toString(), client.showConfig().generation());
        }
        generation(endpoint, client); // reads show_config when nothing is known, so a state is known below
        if ("stopped".equals(client.lastState().orElse(null))) {
            return false;
        }
        stopEntries(endpoint, client);
        return true;
    }

    /** {@code /pause} on a 2025.4+ bot, {@code /stopentry} on an older one. */
    private void stopEntries(BotEndpoint endpoint, FreqtradeClient client) {
        if (generation(endpoint, client) == FreqtradeGeneration.PAUSED_STATE) {
            pause(client);
        } else {
            client.stopEntry();
        }
    }

    @Override
    public void forceExitAll(BotEndpoint endpoint) {
        client(endpoint).forceExit("all");
    }

    /**
     * {@code /pause}; should the bot have no such route after all (relaunched with an older Freqtrade on the same
     * port before a status read told us), {@code /stopentry}, which stops entries on both generations.
     */
    private static void pause(FreqtradeClient client) {
        try {
            client.pause();
        } catch (BotRejected e) {
            if (e.status() != 404 && e.status() != 405) {
                throw e;
            }
            client.stopEntry();
        }
    }

    /** The last known generation; without one (no status read yet) the bot is asked, in one show_config. */
    FreqtradeGeneration generation(BotEndpoint endpoint, FreqtradeClient client) {
        FreqtradeGeneration known = generations.get(endpoint.baseUrl().toString());
        if (known != null) {
            return known;
        }
        FreqtradeGeneration told = client.showConfig().generation();
        generations.put(endpoint.baseUrl().toString(), told);
        return told;
    }

    FreqtradeClient client(BotEndpoint endpoint) {
        return byUrl.compute(endpoint.baseUrl().toString(),
                (url, existing) -> existing != null && existing.endpoint().equals(endpoint) ? existing
                        : clients.forBot(endpoint));
    }
}
