import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load driver: N connections each send GET {path} with a bearer token back to back for D seconds,
 * then prints requests/s, p50, p99 and errors. Single-file program: java bench/AuthMeLoad.java URL TOKEN [conns]
 * [seconds]. Loopback only: it refuses any host other than 127.0.0.1 or localhost.
 */
public class AuthMeLoad {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String token = args[1];
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        URI uri = URI.create(url);
        if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("loopback targets only");
        }
        // One HTTP/1.1 client per connection, so there really are N keep-alive connections.
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        long warmupEnd = System.nanoTime() + Duration.ofSeconds(Math.min(5, seconds / 3)).toNanos();
        long end = warmupEnd + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[connections];
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            long[] latencies = new long[2_000_000];
            perThread.add(latencies);
            int index = i;
            Thread t = new Thread(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                int n = 0;
                try {
                    while (true) {
                        long start = System.nanoTime();
                        if (start > end) {
                            break;
                        }
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            long took = System.nanoTime() - start;
                            if (start >= warmupEnd) {
                                if (r.statusCode() != 200) {
                                    errors.incrementAndGet();
                                } else if (n < latencies.length) {
                                    latencies[n++] = took;
                                }
                            }
                        } catch (Exception e) {
                            if (start >= warmupEnd) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    counts[index] = n;
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int i = 0; i < connections; i++) {
            System.arraycopy(perThread.get(i), 0, all, offset, counts[i]);
            offset += counts[i];
        }
        Arrays.sort(all);
        System.out.printf("connections=%d duration=%ds ok=%d errors=%d%n", connections, seconds, total, errors.get());
        System.out.printf("requests/s=%.0f%n", total / (double) seconds);
        System.out.printf("p50=%.2fms p99=%.2fms max=%.2fms%n", pct(all, 0.50), pct(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
