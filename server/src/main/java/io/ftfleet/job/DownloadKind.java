package io.ftfleet.job;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ftfleet.bot.config.BotConfigInput;
import io.ftfleet.bot.config.FreqtradeConfigGenerator;
import io.ftfleet.bot.config.MarginMode;
import io.ftfleet.bot.config.StakeAmount;
import io.ftfleet.bot.config.TradingMode;
import io.ftfleet.user.CurrentUser;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code freqtrade download-data} into the shared market data (contract 4.4): pairs × timeframes, {@code --days}
 * or {@code --timerange}, exchange, trading mode; candles as JSON. Safe to run again after a restart: downloads
 * extend existing files.
 */
@Component
class DownloadKind implements JobKind {

    static final String NAME = "download";
    private static final Pattern DONE = Pattern.compile("Downloading\\b.*?\\s(\\d+)/(\\d+)");
    private static final Pattern STARTED = Pattern.compile("Download history data for \"([^\"]+)\", (\\S+),");

    private final JsonMapper json;
    private final FreqtradeConfigGenerator generator = new FreqtradeConfigGenerator();

    DownloadKind(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean safeToRerun() {
        return true;
    }

    @Override
    public ObjectNode validate(JsonNode request, CurrentUser user) {
        StrategyRun.Fields f = new StrategyRun.Fields(request);
        String exchange = f.matching("exchange", StrategyRun.EXCHANGE, "binance");
        List<String> pairs = f.pairs("pairs", null);
        if (pairs == null || pairs.isEmpty()) {
            if (!request.hasNonNull("pairs") || pairs != null) {
                f.violation("pairs", "at least one pair is required (e.g. [\"BTC/USDT\"])");
            }
        }
        List<String> timeframes = f.list("timeframes", null);
        if (timeframes == null && !request.hasNonNull("timeframes")) {
            String single = f.matching("timeframe", StrategyRun.TIMEFRAME, "5m");
            timeframes = single == null ? null : List.of(single);
        }
        if (timeframes != null) {
            if (timeframes.isEmpty() || timeframes.size() > 20
                    || !timeframes.stream().allMatch(t -> StrategyRun.TIMEFRAME.matcher(t).matches())) {
                f.violation("timeframes", "1 to 20 timeframes such as 5m, 1h, 1d");
            }
        }
        String timerange = f.matching("timerange", StrategyRun.TIMERANGE, null);
        Integer days = f.intValue("days", 1, 3650, null);
        if (timerange != null && days != null) {
            f.violation("days", "give days or timerange, not both (Freqtrade refuses both)");
        }
        String mode = f.string("trading_mode", "spot");
        if (TradingMode.fromValue(mode).isEmpty()) {
            f.violation("trading_mode", "must be spot, margin or futures");
        }
        String stakeCurrency = f.matching("stake_currency", StrategyRun.CURRENCY, "USDT");
        f.throwIfInvalid();
        ObjectNode out = json.createObjectNode();
        out.put("exchange", exchange);
        out.set("pairs", json.valueToTree(pairs));
        out.set("timeframes", json.valueToTree(timeframes.stream().distinct().toList()));
        if (timerange != null) {
            out.put("timerange", timerange);
        } else {
            out.put("days", days == null ? 30 : days);
        }
        out.put("trading_mode", mode);
        out.put("stake_currency", stakeCurrency);
        return out;
    }

    @Override
    public String label(JsonNode params) {
        return params.path("exchange").asString() + " " + params.path("pairs").size() + " pairs";
    }

    @Override
    public List<String> prepare(Run run) throws IOException {
        JsonNode p = run.params();
        Files.createDirectories(run.userData().resolve("data"));
        TradingMode mode = TradingMode.fromValue(p.path("trading_mode").asString()).orElse(TradingMode.SPOT);
        writeConfig(run.config(), run.jobId(), p.path("exchange").asString(), mode, StrategyRun.strings(p.path("pairs")),
                p.path("stake_currency").asString("USDT"));
        Path datadir = run.marketData().resolve(p.path("exchange").asString());
        Files.createDirectories(datadir);
        List<String> args = new ArrayList<>(List.of("download-data", "--config", run.config().toString(), "--userdir",
                run.userData().toString(), "--datadir", datadir.toString(), "--trading-mode",
                mode.value(), "--data-format-ohlcv", "json", "--pairs"));
        p.path("pairs").forEach(x -> args.add(x.asString()));
        args.add("--timeframes");
        p.path("timeframes").forEach(x -> args.add(x.asString()));
        if (p.hasNonNull("timerange")) {
            args.addAll(List.of("--timerange", p.path("timerange").asString()));
        } else {
            args.addAll(List.of("--days", Integer.toString(p.path("days").asInt(30))));
        }
        return args;
    }

    /** A download's config: the bots' generator, no API server, JSON candles (what every job reads). */
    void writeConfig(Path file, long jobId, String exchange, TradingMode mode, List<String> pairs,
            String stakeCurrency) throws IOException {
        ObjectNode config = generator.generate(BotConfigInput.builder().name("job-" + jobId).exchange(exchange)
                .tradingMode(mode).marginMode(mode == TradingMode.SPOT ? MarginMode.NONE : MarginMode.ISOLATED)
                .dryRun(true).dryRunWallet(new BigDecimal("1000")).pairWhitelist(pairs).stakeCurrency(stakeCurrency)
                .stakeAmount(StakeAmount.unlimited()).build());
        config.remove("api_server");
        config.remove("initial_state");
        config.put("dataformat_ohlcv", "json");
        Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    /** What a download writes: the same candle files other jobs read, so it holds their locks while it runs. */
    @Override
    public Optional<Candles.Need> candlesWritten(JsonNode params) {
        return Optional.of(new Candles.Need(params.path("exchange").asString(), params.path("trading_mode")
                .asString("spot"), StrategyRun.strings(params.path("pairs")), StrategyRun.strings(params.path(
                        "timeframes")), null));
    }

    @Override
    public Optional<Progress> progress(String line, Run run) {
        Matcher done = DONE.matcher(line);
        if (done.find()) {
            return Optional.of(new Progress(Integer.parseInt(done.group(1)), Integer.parseInt(done.group(2)),
                    "downloading"));
        }
        Matcher started = STARTED.matcher(line);
        if (started.find()) {
            int total = run.params().path("pairs").size() * run.params().path("timeframes").size();
            return Optional.of(new Progress(null, total, "downloading " + started.group(1) + " " + started.group(2)));
        }
        return Optional.empty();
    }

    @Override
    public Result collect(Run run) throws IOException {
        JsonNode p = run.params();
        String exchange = p.path("exchange").asString();
        List<String> pairs = StrategyRun.strings(p.path("pairs"));
        List<String> timeframes = StrategyRun.strings(p.path("timeframes"));
        List<MarketData.Entry> files = MarketData.list(run.marketData(), json).stream()
                .filter(e -> e.exchange().equals(exchange) && pairs.contains(e.pair())
                        && timeframes.contains(e.timeframe()))
                .toList();
        ObjectNode summary = json.createObjectNode();
        summary.put("exchange", exchange);
        summary.put("files", files.size());
        summary.put("candles", files.stream().mapToLong(e -> e.candles() == null ? 0 : e.candles()).sum());
        summary.set("data", json.valueToTree(files));
        return new Result(summary, json.writeValueAsString(summary), null);
    }
}
