import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Alert delivery benchmark against a running FT Fleet server whose bots are the multi-bot simulator (bench/notify.sh).
 * Runs a signed-webhook receiver on loopback, subscribes it to {@code trade.closed}, and for MEASURE seconds records
 * every delivery's arrival. Then it asks every simulated bot for its own closed trades and checks that each trade
 * closed in the window reached the receiver exactly once. Latency: arrival at the receiver minus the bot's own close
 * time ({@code close_date}, ms); also minus the server's receipt of the fill (the body's {@code at}).
 * Server CPU is read from /proc/SERVER_PID/stat over the window.
 * Usage: java bench/NotifyBench.java BASE_URL TOKEN BOTS SIM_BASE_PORT MEASURE_SECONDS SERVER_PID. Loopback only.
 */
public class NotifyBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String SECRET = "whsec-bench-0123456789";
    static final Pattern TRADE_ID = Pattern.compile("\"trade_id\":(\\d+)");
    static final Pattern BOT_NAME = Pattern.compile("\"bot\":\\{\"id\":\\d+,\"name\":\"fb(\\d+)\"");
    static final Pattern CLOSE_DATE = Pattern.compile("\"close_date\":\"([^\"]+)\"");
    static final Pattern AT = Pattern.compile("\"at\":\"([^\"]+)\"");
    static final Pattern EVENT_ID = Pattern.compile("^\\{\"id\":\"([^\"]+)\"");

    record Arrival(long atMillis, String body, String signature) {
    }

    record Delivery(String eventId, int bot, long tradeId, long closedMillis, long serverMillis, long arrivedMillis) {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        String token = args[1];
        int bots = Integer.parseInt(args[2]);
        int simBase = Integer.parseInt(args[3]);
        int measure = Integer.parseInt(args[4]);
        long serverPid = Long.parseLong(args[5]);

        ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        receiver.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }));
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            arrivals.add(new Arrival(System.currentTimeMillis(), new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-FtFleet-Signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/notifications/channels"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"webhook\",\"name\":\"bench\",\"url\":\"" + hook
                        + "\",\"secret\":\"" + SECRET + "\",\"events\":[\"trade.closed\"]}")).build());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("channel: " + created.statusCode() + " " + created.body());
        }

        long t0 = System.currentTimeMillis();
        long cpu0 = cpuTicks(serverPid);
        Thread.sleep(measure * 1000L);
        long t1 = System.currentTimeMillis();
        long cpu1 = cpuTicks(serverPid);
        long cutoff = t1 - 2000; // trades closed in [t0, t1 - 2 s] must all arrive

        // What the bots themselves say they closed in the window.
        Map<Integer, Set<Long>> expected = new HashMap<>();
        int botsAnswered = 0;
        for (int i = 1; i <= bots; i++) {
            String auth = Base64.getEncoder().encodeToString(("fb" + i + ":fb" + i + "-pass")
                    .getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> trades = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (simBase + i - 1)
                    + "/api/v1/trades?limit=500")).header("Authorization", "Basic " + auth).GET().build());
            if (trades.statusCode() != 200) {
                continue;
            }
            botsAnswered++;
            Matcher m = Pattern.compile("\"trade_id\":(\\d+)[^{}]*?\"close_timestamp\":(\\d+)").matcher(trades.body());
            while (m.find()) {
                long closed = Long.parseLong(m.group(2));
                if (closed >= t0 && closed <= cutoff) {
                    expected.computeIfAbsent(i, k -> new HashSet<>()).add(Long.parseLong(m.group(1)));
                }
            }
        }
        int expectedCount = expected.values().stream().mapToInt(Set::size).sum();

        // Wait for the outbox to deliver them (at most 120 s), then read what arrived.
        long drainStart = System.currentTimeMillis();
        List<Delivery> all;
        while (true) {
            all = parse(arrivals);
            Set<String> got = new HashSet<>();
            for (Delivery d : all) {
                got.add(d.bot() + "/" + d.tradeId());
            }
            long missing = expected.entrySet().stream().flatMap(e -> e.getValue().stream().map(t -> e.getKey() + "/" + t))
                    .filter(k -> !got.contains(k)).count();
            if (missing == 0 || System.currentTimeMillis() - drainStart > 120_000) {
                break;
            }
            Thread.sleep(500);
        }
        // Unsubscribe before the receiver goes, so later trades do not end as dead deliveries in the server.
        String channelId = created.body().replaceAll("^.*?\"id\":(\\d+).*$", "$1");
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/notifications/channels/" + channelId))
                .header("Authorization", "Bearer " + token).DELETE().build());
        receiver.stop(0);

        Map<String, Integer> perEvent = new HashMap<>();
        Map<String, Integer> perTrade = new HashMap<>();
        for (Delivery d : all) {
            perEvent.merge(d.eventId(), 1, Integer::sum);
            perTrade.merge(d.bot() + "/" + d.tradeId(), 1, Integer::sum);
        }
        long duplicateEvents = perEvent.values().stream().filter(n -> n > 1).count();
        long duplicateTrades = perTrade.values().stream().filter(n -> n > 1).count();
        long missing = expected.entrySet().stream().flatMap(e -> e.getValue().stream().map(t -> e.getKey() + "/" + t))
                .filter(k -> !perTrade.containsKey(k)).count();
        long badSignatures = arrivals.stream().filter(a -> !signed(a)).count();
        List<Delivery> window = all.stream().filter(d -> d.closedMillis() >= t0 && d.closedMillis() <= cutoff).toList();
        List<Long> e2e = new ArrayList<>(window.stream().map(d -> d.arrivedMillis() - d.closedMillis()).toList());
        List<Long> server = new ArrayList<>(window.stream().map(d -> d.arrivedMillis() - d.serverMillis()).toList());
        double seconds = (cutoff - t0) / 1000.0;

        System.out.printf(Locale.ROOT, "window: %d s; bots answering: %d of %d%n", (cutoff - t0) / 1000, botsAnswered, bots);
        System.out.printf(Locale.ROOT, "trades the bots closed in the window: %d (%.1f/s); delivered: %d; missing: %d%n",
                expectedCount, expectedCount / seconds, window.size(), missing);
        System.out.printf(Locale.ROOT, "duplicates: %d event ids, %d trades delivered more than once; bad signatures: %d; "
                + "requests in all: %d%n", duplicateEvents, duplicateTrades, badSignatures, arrivals.size());
        System.out.println("latency bot close -> receiver: " + quantiles(e2e));
        System.out.println("latency server receipt -> receiver: " + quantiles(server));
        System.out.printf(Locale.ROOT, "server CPU over the window: %.3f cores (the simulator's trades and websockets,"
                + " polling every 5 s, and the alerts)%n", (cpu1 - cpu0) / 100.0 / ((t1 - t0) / 1000.0));
        System.exit(missing > 0 || duplicateEvents > 0 || duplicateTrades > 0 || badSignatures > 0 ? 1 : 0);
    }

    /** utime + stime of a process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws Exception {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static List<Delivery> parse(ConcurrentLinkedQueue<Arrival> arrivals) {
        List<Delivery> out = new ArrayList<>();
        for (Arrival a : arrivals) {
            String b = a.body();
            Matcher bot = BOT_NAME.matcher(b);
            Matcher trade = TRADE_ID.matcher(b);
            Matcher closed = CLOSE_DATE.matcher(b);
            Matcher at = AT.matcher(b);
            Matcher id = EVENT_ID.matcher(b);
            if (bot.find() && trade.find() && closed.find() && at.find() && id.find()) {
                out.add(new Delivery(id.group(1), Integer.parseInt(bot.group(1)), Long.parseLong(trade.group(1)),
                        OffsetDateTime.parse(closed.group(1)).toInstant().toEpochMilli(),
                        OffsetDateTime.parse(at.group(1)).toInstant().toEpochMilli(), a.atMillis()));
            }
        }
        return out;
    }

    static boolean signed(Arrival a) {
        if (a.signature() == null) {
            return false;
        }
        String t = a.signature().replaceAll("^t=(\\d+),.*$", "$1");
        String v1 = a.signature().replaceAll("^.*v1=([0-9a-f]+).*$", "$1");
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + a.body()).getBytes(StandardCharsets.UTF_8)))
                    .equals(v1);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String quantiles(List<Long> values) {
        if (values.isEmpty()) {
            return "none";
        }
        Collections.sort(values);
        return String.format(Locale.ROOT, "n=%d p50=%d ms p95=%d ms p99=%d ms max=%d ms", values.size(), at(values, 0.50),
                at(values, 0.95), at(values, 0.99), values.get(values.size() - 1));
    }

    static long at(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, (int) Math.ceil(q * sorted.size()) - 1));
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
