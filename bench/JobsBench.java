import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Job queue benchmark against a running FT Fleet server whose freqtrade command is the simulator. Downloads a few
 * days of candles, then queues JOBS tiny backtests at once and waits for all of them. From each job's own
 * timestamps (as the API reports them) it computes the queue's overhead, not the backtest's run time:
 * <ul>
 * <li>dispatch = process start − the moment the job could start: max(submitted, the previous job's end), since with
 * concurrency 1 a job can only start once the one before it has been stored;</li>
 * <li>collect = result stored (finished_at) − process exit;</li>
 * <li>first job: submit → process start on an idle queue.</li>
 * </ul>
 * Usage: java bench/JobsBench.java BASE_URL ADMIN_PASSWORD JOBS. Loopback only.
 */
public class JobsBench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        if (!URI.create(base).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        int jobs = Integer.parseInt(args[2]);
        token = field(call("POST", "/api/v1/auth/login/json", "{\"username\":\"admin\",\"password\":\"" + args[1] + "\"}"),
                "access_token");
        String code = """
                from pandas import DataFrame
                from freqtrade.strategy import IStrategy


                class BenchStrat(IStrategy):
                    INTERFACE_VERSION = 3
                    timeframe = "5m"
                    minimal_roi = {"0": 0.04}
                    stoploss = -0.10

                    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe

                    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe

                    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                        return dataframe
                """;
        call("POST", "/api/v1/strategies/", "{\"code\":" + quote(code) + "}");
        String dl = call("POST", "/api/v1/data/download", "{\"exchanges\":[\"binance\"],\"pairs\":[\"BTC/USDT\"],"
                + "\"days\":5,\"timeframes\":[\"5m\"]}");
        long dlId = Long.parseLong(first(dl, "\"job_ids\":\\[(\\d+)"));
        String dlJob = awaitEnd(dlId);
        if (!"completed".equals(field(dlJob, "status"))) {
            throw new IllegalStateException("download failed: " + dlJob);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String timerange = DateTimeFormatter.BASIC_ISO_DATE.format(today.minusDays(3)) + "-"
                + DateTimeFormatter.BASIC_ISO_DATE.format(today.minusDays(2));
        String body = "{\"strategy_name\":\"BenchStrat\",\"pairs\":[\"BTC/USDT\"],\"timeframe\":\"5m\",\"timerange\":\""
                + timerange + "\"}";
        List<Long> ids = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            ids.add(Long.parseLong(field(call("POST", "/api/v1/backtests", body), "id")));
        }
        double submitSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> done = new ArrayList<>();
        for (long id : ids) {
            done.add(awaitEnd(id));
        }
        double totalSeconds = (System.nanoTime() - t0) / 1e9;
        List<Double> dispatch = new ArrayList<>();
        List<Double> collect = new ArrayList<>();
        List<Double> run = new ArrayList<>();
        Instant previousEnd = null;
        int completed = 0;
        for (String job : done) {
            if ("completed".equals(field(job, "status"))) {
                completed++;
            }
            Instant created = Instant.parse(field(job, "created_at"));
            Instant started = Instant.parse(field(job, "process_started_at"));
            Instant exited = Instant.parse(field(job, "process_exited_at"));
            Instant finished = Instant.parse(field(job, "finished_at"));
            Instant ready = previousEnd == null || created.isAfter(previousEnd) ? created : previousEnd;
            dispatch.add(Duration.between(ready, started).toNanos() / 1e6);
            collect.add(Duration.between(exited, finished).toNanos() / 1e6);
            run.add(Duration.between(started, exited).toNanos() / 1e6);
            previousEnd = finished;
        }
        String firstJob = done.get(0);
        double firstSubmitToStart = Duration.between(Instant.parse(field(firstJob, "created_at")),
                Instant.parse(field(firstJob, "process_started_at"))).toNanos() / 1e6;
        System.out.printf("jobs: %d queued in %.2f s, %d completed, all done after %.1f s%n", jobs, submitSeconds,
                completed, totalSeconds);
        System.out.printf("first job, idle queue: submit -> process start %.1f ms%n", firstSubmitToStart);
        report("dispatch (ready -> process start)", dispatch);
        report("collect (process exit -> result stored)", collect);
        report("process run time (simulator backtest, for scale)", run);
    }

    static void report(String name, List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        System.out.printf("%s: p50 %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)%n", name, pct(v, 50), pct(v, 95),
                v.get(v.size() - 1), v.size());
    }

    static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static String awaitEnd(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            String job = call("GET", "/api/v1/jobs/" + id, null);
            String status = field(job, "status");
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("job " + id + " did not end");
    }

    static String call(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** The first top-level-ish string or number value of a field (the job JSON has no nested field of these names). */
    static String field(String json, String name) {
        return first(json, "\"" + name + "\":\\s*\"?([^\",}]*)");
    }

    static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in " + text);
        }
        return m.group(1);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
