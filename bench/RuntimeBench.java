import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runtime benchmark against a running FT Fleet server whose freqtrade command is the simulator:
 * (1) start request -> observed "running", per bot; (2) kill -9 -> observed "running" again with a new PID;
 * (3) server CPU and memory while supervising all bots. Prints median and p95.
 * Usage: java bench/RuntimeBench.java BASE_URL ADMIN_PASSWORD BOTS SERVER_PID [SAMPLE_SECONDS]. Loopback only.
 * Re-adoption after a server restart (bench/readopt.sh), in two calls around the restart:
 * {@code setup BASE_URL ADMIN_PASSWORD BOTS PID_FILE} creates and starts BOTS bots and writes "id pid" per running bot;
 * {@code readopt BASE_URL ADMIN_PASSWORD PID_FILE LAUNCH_EPOCH_MS} waits, from the new server's launch, until every
 * bot is observed running again with the same PID and adopted (not relaunched).
 */
public class RuntimeBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        if (args[0].equals("setup")) {
            setup(args);
            return;
        }
        if (args[0].equals("readopt")) {
            readopt(args);
            return;
        }
        base = args[0];
        if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        int bots = Integer.parseInt(args[2]);
        long serverPid = Long.parseLong(args[3]);
        int sampleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        login(args[1]);
        List<Long> ids = createBots(bots);
        long[] pids = startAll(ids);

        // (3) supervision cost: server CPU and RSS while all bots run
        double cpu0 = cpuSeconds(serverPid);
        long t0 = System.nanoTime();
        long maxRss = 0;
        for (int s = 0; s < sampleSeconds; s++) {
            maxRss = Math.max(maxRss, rssKb(serverPid));
            Thread.sleep(1000);
        }
        double cpu = (cpuSeconds(serverPid) - cpu0) / ((System.nanoTime() - t0) / 1e9);
        System.out.printf("server while supervising %d bots for %d s: CPU %.1f%% of one core, max RSS %d MiB%n",
                bots, sampleSeconds, cpu * 100, maxRss / 1024);

        // (2) kill -9 one bot at a time; time until it is observed running again
        List<Double> restartMs = new ArrayList<>();
        for (int i = 0; i < Math.min(bots, 10); i++) {
            long killed = System.nanoTime();
            ProcessHandle.of(pids[i]).ifPresent(ProcessHandle::destroyForcibly);
            awaitRunning(ids.get(i), pids[i]);
            restartMs.add((System.nanoTime() - killed) / 1e6);
        }
        report("kill -9 -> running again (restart policy, back-off 1 s)", restartMs);
        call("POST", "/api/v1/bots/stop-all", "{}");
    }

    static void login(String password) throws Exception {
        if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        token = field(call("POST", "/api/v1/auth/login/json", "{\"username\":\"admin\",\"password\":\"" + password + "\"}"),
                "access_token");
    }

    static List<Long> createBots(int bots) throws Exception {
        String code = Files.readString(Path.of("server/src/test/resources/strategies/SampleStrategy.py"));
        call("POST", "/api/v1/strategies/", "{\"code\":" + quote(code) + "}");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < bots; i++) {
            String bot = call("POST", "/api/v1/bots/", "{\"name\":\"bench-" + System.nanoTime() + "\",\"strategy_name\":"
                    + "\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
            ids.add(Long.parseLong(field(bot, "id")));
        }
        return ids;
    }

    /** (1) All bots started at once; each one's time from its start request to observed running. Returns the PIDs. */
    static long[] startAll(List<Long> ids) throws Exception {
        int bots = ids.size();
        List<Double> startMs = new ArrayList<>();
        long[] requested = new long[bots];
        for (int i = 0; i < bots; i++) {
            requested[i] = System.nanoTime();
            call("POST", "/api/v1/bots/" + ids.get(i) + "/start", "");
        }
        long[] pids = new long[bots];
        for (int i = 0; i < bots; i++) {
            pids[i] = awaitRunning(ids.get(i), -1);
            startMs.add((System.nanoTime() - requested[i]) / 1e6);
        }
        report("start request -> running (" + bots + " started at once)", startMs);
        return pids;
    }

    /** Before the restart: BOTS bots running; "id pid" of each into PID_FILE. */
    static void setup(String[] args) throws Exception {
        base = args[1];
        login(args[2]);
        List<Long> ids = createBots(Integer.parseInt(args[3]));
        long[] pids = startAll(ids);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            out.append(ids.get(i)).append(' ').append(pids[i]).append('\n');
        }
        Files.writeString(Path.of(args[4]), out);
    }

    /**
     * After the restart: from the new server's launch (wall clock, LAUNCH_EPOCH_MS) until /health answers, and until
     * every bot of PID_FILE is observed running with its old PID by the new server (an observation newer than the
     * launch). A bot found with another PID was relaunched: reported, not waited for.
     */
    static void readopt(String[] args) throws Exception {
        base = args[1];
        long launched = Long.parseLong(args[4]);
        Map<Long, Long> pidOf = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[3]))) {
            String[] f = line.trim().split(" ");
            pidOf.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
        }
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(300).toMillis();
        while (true) {
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // the server is still starting
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("no /health within 300 s");
            }
            Thread.sleep(50);
        }
        long healthy = System.currentTimeMillis();
        login(args[2]);
        Map<Long, Long> adoptedAt = new LinkedHashMap<>();
        List<String> relaunched = new ArrayList<>();
        while (adoptedAt.size() + relaunched.size() < pidOf.size() && System.currentTimeMillis() < deadline) {
            for (Map.Entry<Long, Long> bot : pidOf.entrySet()) {
                if (adoptedAt.containsKey(bot.getKey()) || relaunched.stream().anyMatch(r -> r.startsWith(bot.getKey() + " "))) {
                    continue;
                }
                String json = call("GET", "/api/v1/bots/" + bot.getKey(), null);
                String pid = field(json, "pid");
                String observedAt = field(json, "observed_at");
                boolean fresh = observedAt != null && !observedAt.equals("null")
                        && java.time.Instant.parse(observedAt).toEpochMilli() >= launched;
                if (!fresh || !"running".equals(field(json, "observed_state")) || pid == null || pid.equals("null")) {
                    continue;
                }
                // Same PID, observed running by the new server: adopted (its reason may already be a later report).
                if (Long.parseLong(pid) == bot.getValue()) {
                    adoptedAt.put(bot.getKey(), System.currentTimeMillis());
                } else {
                    relaunched.add(bot.getKey() + " pid " + bot.getValue() + " -> " + pid + " (" + field(json, "observed_reason") + ")");
                }
            }
            Thread.sleep(100);
        }
        long last = adoptedAt.values().stream().mapToLong(Long::longValue).max().orElse(healthy);
        System.out.printf("new server: launch -> /health 200 in %.1f s; launch -> all %d bots adopted with the same PID in %.1f s"
                + " (%d of %d adopted)%n", (healthy - launched) / 1e3, pidOf.size(), (last - launched) / 1e3, adoptedAt.size(),
                pidOf.size());
        System.out.println("bots relaunched instead of adopted: " + relaunched.size() + (relaunched.isEmpty() ? "" : " " + relaunched));
        String from = java.time.Instant.ofEpochMilli(launched).toString();
        for (String action : List.of("bot.restart_scheduled", "bot.observed_starting", "bot.observed_crashed")) {
            String page = call("GET", "/api/v1/audit/logs?limit=500&action=" + action + "&from=" + from, null);
            System.out.println("audit entries since the launch, " + action + ": " + count(page, "\"action\":\"" + action + "\""));
        }
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static long awaitRunning(long id, long oldPid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            String bot = call("GET", "/api/v1/bots/" + id, null);
            String pid = field(bot, "pid");
            if ("running".equals(field(bot, "observed_state")) && pid != null && !pid.equals("null")
                    && Long.parseLong(pid) != oldPid) {
                return Long.parseLong(pid);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("bot " + id + " did not run within 180 s");
    }

    static void report(String what, List<Double> ms) {
        Collections.sort(ms);
        System.out.printf("%s: n=%d median=%.0f ms p95=%.0f ms max=%.0f ms%n", what, ms.size(), ms.get(ms.size() / 2),
                ms.get((int) Math.min(ms.size() - 1, Math.ceil(ms.size() * 0.95) - 1)), ms.get(ms.size() - 1));
    }

    static double cpuSeconds(long pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // utime + stime in clock ticks
    }

    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }

    static String call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|[^,}]+)").matcher(json);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(1)) : null;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
