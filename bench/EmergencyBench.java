import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emergency stop at fleet scale (bench/emergency-1000.sh): POST /api/v1/emergency/stop-all on a server whose BOTS
 * external bots are served by one simulator JVM on ports SIM_BASE..SIM_BASE+BOTS-1 (user/password fbN/fbN-pass), and
 * meanwhile poll every bot's OWN API (show_config) until it reports entries stopped: max_open_trades 0 (2.40's
 * stopentry, state stays running) or state stopped/paused. Prints the time from the request to each bot's first
 * such answer (p50/p95/max, i.e. all) and the route's own response time and per-bot results.
 * Usage: java bench/EmergencyBench.java BASE_URL ADMIN_PASSWORD BOTS SIM_BASE_PORT [POLL_CONCURRENCY]. Loopback only.
 */
public class EmergencyBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern MAX_OPEN = Pattern.compile("\"max_open_trades\":(-?[0-9.]+)");
    static final Pattern STATE = Pattern.compile("\"state\":\"([a-z_]*)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        if (!URI.create(base).getHost().equals("127.0.0.1")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        int bots = Integer.parseInt(args[2]);
        int simBase = Integer.parseInt(args[3]);
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        String login = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login/json"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + args[1] + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher t = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(login);
        if (!t.find()) {
            throw new IllegalStateException("login failed: " + login);
        }
        String token = t.group(1);

        // Every bot trading before: entries on.
        int before = 0;
        for (int i = 1; i <= bots; i++) {
            if (!entriesStopped(showConfig(simBase, i))) {
                before++;
            }
        }
        System.out.printf("bots with entries on before the request: %d of %d%n", before, bots);

        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> emergency = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/emergency/stop-all"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(10))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        long[] answeredAt = new long[1];
        emergency.thenRun(() -> answeredAt[0] = System.nanoTime());

        ConcurrentHashMap<Integer, Long> stoppedAt = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(concurrency);
        long deadline = t0 + Duration.ofMinutes(10).toNanos();
        while (stoppedAt.size() < bots && System.nanoTime() < deadline) {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (int i = 1; i <= bots; i++) {
                if (stoppedAt.containsKey(i)) {
                    continue;
                }
                int bot = i;
                slots.acquire();
                round.add(HTTP.sendAsync(showConfigRequest(simBase, bot), HttpResponse.BodyHandlers.ofString())
                        .handle((r, e) -> {
                            long now = System.nanoTime();
                            slots.release();
                            if (e == null && r.statusCode() == 200 && entriesStopped(r.body())) {
                                stoppedAt.putIfAbsent(bot, now);
                            }
                            return null;
                        }));
            }
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).join();
        }
        HttpResponse<String> response = emergency.join();
        List<Double> ms = new ArrayList<>();
        stoppedAt.values().forEach(at -> ms.add((at - t0) / 1e6));
        Collections.sort(ms);
        System.out.printf("emergency stop of %d bots: entries stopped on %d; request -> entries stopped per bot: "
                + "p50=%.0f ms p95=%.0f ms all (max)=%.0f ms%n", bots, ms.size(), pct(ms, 0.5), pct(ms, 0.95),
                ms.isEmpty() ? Double.NaN : ms.get(ms.size() - 1));
        String body = response.body();
        System.out.printf("route answered %d after %.0f ms (stopentry then stop on every bot); results ok=%d, not ok=%d%n",
                response.statusCode(), (answeredAt[0] - t0) / 1e6, count(body, "\"ok\":true"), count(body, "\"ok\":false"));
        int stoppedState = 0;
        for (int i = 1; i <= bots; i++) {
            Matcher s = STATE.matcher(showConfig(simBase, i));
            if (s.find() && s.group(1).equals("stopped")) {
                stoppedState++;
            }
        }
        System.out.printf("bots whose own state is stopped after the route answered: %d of %d%n", stoppedState, bots);
    }

    static HttpRequest showConfigRequest(int simBase, int bot) {
        String name = "fb" + bot;
        String basic = Base64.getEncoder().encodeToString((name + ":" + name + "-pass").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (simBase + bot - 1) + "/api/v1/show_config"))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(30)).build();
    }

    static String showConfig(int simBase, int bot) throws Exception {
        return HTTP.send(showConfigRequest(simBase, bot), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** 2.40: stopentry sets max_open_trades 0 and the state stays running; a stopped or paused bot enters nothing. */
    static boolean entriesStopped(String showConfig) {
        Matcher m = MAX_OPEN.matcher(showConfig);
        Matcher s = STATE.matcher(showConfig);
        String state = s.find() ? s.group(1) : "";
        return state.equals("stopped") || state.equals("paused") || (m.find() && Double.parseDouble(m.group(1)) == 0);
    }

    static double pct(List<Double> sorted, double p) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * p) - 1));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
