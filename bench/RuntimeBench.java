import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runtime benchmark against a running FT Fleet server whose freqtrade command is the simulator:
 * (1) start request -> observed "running", per bot; (2) kill -9 -> observed "running" again with a new PID;
 * (3) server CPU and memory while supervising all bots. Prints median and p95.
 * Usage: java bench/RuntimeBench.java BASE_URL ADMIN_PASSWORD BOTS SERVER_PID [SAMPLE_SECONDS]. Loopback only.
 */
public class RuntimeBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        int bots = Integer.parseInt(args[2]);
        long serverPid = Long.parseLong(args[3]);
        int sampleSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        token = field(call("POST", "/api/v1/auth/login/json", "{\"username\":\"admin\",\"password\":\"" + args[1] + "\"}"),
                "access_token");
        String code = Files.readString(Path.of("server/src/test/resources/strategies/SampleStrategy.py"));
        call("POST", "/api/v1/strategies/", "{\"code\":" + quote(code) + "}");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < bots; i++) {
            String bot = call("POST", "/api/v1/bots/", "{\"name\":\"bench-" + System.nanoTime() + "\",\"strategy_name\":"
                    + "\"SampleStrategy\",\"exchange\":\"binance\",\"stake_currency\":\"USDT\",\"stake_amount\":10}");
            ids.add(Long.parseLong(field(bot, "id")));
        }
        // (1) all bots started at once; each one's time from its start request to observed running
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
