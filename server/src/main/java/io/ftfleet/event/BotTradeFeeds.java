package io.ftfleet.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.ftfleet.bot.BotDirectory;
import io.ftfleet.fleet.BotSnapshot;
import io.ftfleet.freqtrade.BotCallFailed;
import io.ftfleet.freqtrade.BotMessage;
import io.ftfleet.freqtrade.BotMessageListener;
import io.ftfleet.freqtrade.BotSubscription;
import io.ftfleet.freqtrade.EntryMessage;
import io.ftfleet.freqtrade.ExitMessage;
import io.ftfleet.freqtrade.FreqtradeClient;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trade events from each online bot's own message websocket (contract 2: {@code entry_fill}, {@code exit_fill}).
 * {@link #reconcile} is called by the stream's tick with the latest snapshots: it opens a subscription for every
 * {@code ONLINE} bot without one (on a small pool: a handshake may wait for its timeout), retries a failed or dropped
 * one with exponential back-off (1 s doubling to 60 s), and closes the subscription of a bot that went offline or
 * away. {@link #covers} tells the snapshot diff which bots it must skip, so no bot gets trade events from both.
 */
final class BotTradeFeeds {

    private static final Logger log = LoggerFactory.getLogger(BotTradeFeeds.class);
    static final List<String> TYPES = List.of(BotMessage.ENTRY_FILL, BotMessage.EXIT_FILL);
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(60);

    /** One bot's feed. {@code subscription} null while connecting or waiting to retry. */
    private final class Feed implements BotMessageListener {
        final long botId;
        final long ownerId;
        volatile BotSubscription subscription;
        volatile boolean connecting;
        volatile boolean closed;
        int failures;
        Instant retryAt = Instant.MIN;

        Feed(long botId, long ownerId) {
            this.botId = botId;
            this.ownerId = ownerId;
        }

        boolean open() {
            BotSubscription s = subscription;
            return s != null && s.isOpen();
        }

        @Override
        public void onMessage(BotMessage message) {
            StreamEvent event = switch (message.type()) {
                case BotMessage.ENTRY_FILL -> message.entry().map(e -> opened(this, e)).orElse(null);
                case BotMessage.EXIT_FILL -> message.exit().map(e -> closedTrade(this, e)).orElse(null);
                default -> null;
            };
            if (event != null) {
                publisher.accept(event);
            }
            Object domain = switch (message.type()) {
                case BotMessage.ENTRY_FILL -> message.entry().map(e -> tradeOpened(this, e)).orElse(null);
                case BotMessage.EXIT_FILL -> message.exit().map(e -> tradeClosed(this, e)).orElse(null);
                default -> null;
            };
            if (domain != null) {
                try {
                    events.accept(domain);
                } catch (RuntimeException e) {
                    log.warn("A listener of the trade events of bot {} failed: {}", botId, e.toString());
                }
            }
        }

        @Override
        public void onClosed(int statusCode, String reason) {
            dropped("closed (" + statusCode + ")");
        }

        @Override
        public void onError(BotCallFailed error) {
            dropped(error.getMessage());
        }

        private void dropped(String why) {
            subscription = null;
            synchronized (this) {
                failures++;
                retryAt = clock.instant().plus(backoff(failures));
            }
            if (!closed) {
                log.debug("Message websocket of bot {} ended: {}", botId, why);
            }
        }
    }

    private final BotDirectory bots;
    private final Consumer<StreamEvent> publisher;
    /** The application's event publisher: {@link TradeOpened} and {@link TradeClosed} for other modules. */
    private final Consumer<Object> events;
    private final Clock clock;
    private final Map<Long, Feed> feeds = new ConcurrentHashMap<>();
    private final ExecutorService connector;

    BotTradeFeeds(BotDirectory bots, Consumer<StreamEvent> publisher, Consumer<Object> events, Clock clock,
            int connectors) {
        this.bots = bots;
        this.publisher = publisher;
        this.events = events;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.connector = Executors.newFixedThreadPool(connectors, r -> {
            Thread t = new Thread(r, "ftfleet-bot-ws-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** True when the bot's trade events come from its websocket (open or being opened): the diff must skip it. */
    boolean covers(long botId) {
        Feed feed = feeds.get(botId);
        return feed != null && (feed.connecting || feed.open());
    }

    int open() {
        return (int) feeds.values().stream().filter(Feed::open).count();
    }

    void reconcile(List<BotSnapshot> snapshots) {
        Instant now = clock.instant();
        Set<Long> online = new HashSet<>();
        for (BotSnapshot s : snapshots) {
            if (!s.online()) {
                continue;
            }
            online.add(s.botId());
            Feed feed = feeds.computeIfAbsent(s.botId(), id -> new Feed(id, s.ownerId()));
            synchronized (feed) {
                if (feed.connecting || feed.open() || now.isBefore(feed.retryAt)) {
                    continue;
                }
                feed.connecting = true;
            }
            connector.execute(() -> connect(feed));
        }
        feeds.entrySet().removeIf(e -> {
            if (online.contains(e.getKey())) {
                return false;
            }
            close(e.getValue());
            return true;
        });
    }

    private void connect(Feed feed) {
        try {
            Optional<FreqtradeClient> client = bots.client(feed.botId);
            if (client.isEmpty() || feed.closed) {
                throw new IllegalStateException("no client");
            }
            BotSubscription subscription = client.get().subscribe(TYPES, feed);
            feed.subscription = subscription;
            synchronized (feed) {
                feed.failures = 0;
            }
            if (feed.closed) {
                subscription.close();
            }
        } catch (RuntimeException e) {
            synchronized (feed) {
                feed.failures++;
                feed.retryAt = clock.instant().plus(backoff(feed.failures));
            }
            log.debug("Could not subscribe to the messages of bot {}: {}", feed.botId, e.toString());
        } finally {
            feed.connecting = false;
        }
    }

    private static void close(Feed feed) {
        feed.closed = true;
        BotSubscription s = feed.subscription;
        if (s != null) {
            s.close();
        }
    }

    static Duration backoff(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 6);
        Duration d = BACKOFF_BASE.multipliedBy(factor);
        return d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d;
    }

    private StreamEvent opened(Feed feed, EntryMessage e) {
        StreamPayload data = new StreamPayload.FeedTradeOpened(e.tradeId(), e.pair(), e.direction(), e.openRate(),
                e.amount(), e.stakeAmount(), e.stakeCurrency(), e.enterTag(), e.openDate(), "bot_websocket");
        return new StreamEvent(StreamEvent.TRADE_OPENED, feed.botId, feed.ownerId, clock.instant(), data);
    }

    /** A partial exit ({@code sub_trade} and not the final one) is not a closed trade. */
    private StreamEvent closedTrade(Feed feed, ExitMessage e) {
        if (Boolean.TRUE.equals(e.subTrade()) && !Boolean.TRUE.equals(e.isFinalExit())) {
            return null;
        }
        StreamPayload data = new StreamPayload.FeedTradeClosed(e.tradeId(), e.pair(), e.direction(), e.openRate(),
                e.closeRate(), e.amount(), e.profitAmount(), e.profitRatio(), e.stakeCurrency(), e.exitReason(),
                e.closeDate(), "bot_websocket");
        return new StreamEvent(StreamEvent.TRADE_CLOSED, feed.botId, feed.ownerId, clock.instant(), data);
    }

    /** A DCA fill ({@code sub_trade}) adds to a trade already announced: not a new trade. */
    private TradeOpened tradeOpened(Feed feed, EntryMessage e) {
        if (Boolean.TRUE.equals(e.subTrade())) {
            return null;
        }
        return new TradeOpened(feed.botId, e.tradeId(), e.pair(), e.direction(), e.amount(), e.stakeAmount(),
                e.stakeCurrency(), e.openRate(), e.enterTag(), e.openDate(), clock.instant());
    }

    private TradeClosed tradeClosed(Feed feed, ExitMessage e) {
        if (Boolean.TRUE.equals(e.subTrade()) && !Boolean.TRUE.equals(e.isFinalExit())) {
            return null;
        }
        return new TradeClosed(feed.botId, e.tradeId(), e.pair(), e.direction(), e.amount(), e.stakeAmount(),
                e.stakeCurrency(), e.openRate(), e.closeRate(), e.profitAmount(), e.profitRatio(), e.exitReason(),
                e.openDate(), e.closeDate(), clock.instant());
    }

    void shutdown() {
        feeds.values().forEach(BotTradeFeeds::close);
        feeds.clear();
        connector.shutdownNow();
    }
}
