package io.ftfleet.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FreqAI stand-in (contract 5.3, 7.4, 8): a small deterministic ridge regression on price features replaces
 * LightGBM & co., but everything a manager sees follows Freqtrade: config validation, sliding-window training in
 * backtesting, the files under {@code <userdir>/models/<identifier>/} (8.6, names per 8.3), live training on the
 * last {@code train_period_days}, and the prediction columns handed back to the strategy ({@code &-} targets with
 * {@code _mean}/{@code _std}, {@code do_predict}, {@code DI_values}, 8.4/8.5) which {@code /pair_candles} shows.
 * Files Freqtrade writes as pickles/joblib/feather hold JSON here (same names, simulator-readable content).
 */
public final class FreqaiSim {
    static final String IF = "freqtrade.freqai.freqai_interface";
    static final String DK = "freqtrade.freqai.data_kitchen";
    static final String DD = "freqtrade.freqai.data_drawer";
    /** Built-in model classes (contract 8.1). */
    static final Set<String> MODELS = Set.of("LightGBMRegressor", "LightGBMRegressorMultiTarget", "LightGBMClassifier",
            "LightGBMClassifierMultiTarget", "XGBoostRegressor", "XGBoostRegressorMultiTarget", "XGBoostRFRegressor",
            "XGBoostClassifier", "XGBoostRFClassifier", "CatboostRegressor", "CatboostRegressorMultiTarget",
            "CatboostClassifier", "CatboostClassifierMultiTarget", "SKLearnRandomForestClassifier", "PyTorchMLPRegressor",
            "PyTorchMLPClassifier", "PyTorchTransformerRegressor", "ReinforcementLearner", "ReinforcementLearner_multiproc");
    static final Pattern TARGET = Pattern.compile("\\[\\s*[\"'](&-[A-Za-z0-9_\\-]+)[\"']\\s*\\]\\s*=");
    /** Candles in a live bot's analysed dataframe (the exchange's OHLCV limit). */
    static final int LIVE_CANDLES = 500;
    static final DateTimeFormatter ISO_Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    static final DateTimeFormatter PY_DT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

    private FreqaiSim() {}

    // ------------------------------------------------------------------ configuration

    static Map<String, Object> section(Map<String, Object> config) { return Json.mapOrEmpty(config.get("freqai")); }

    static boolean enabled(Map<String, Object> config) { return Json.bool(section(config).get("enabled"), false); }

    /** Contract 7.4: a FreqAI strategy calls {@code self.freqai.start(} / defines {@code set_freqai_targets}. */
    static boolean strategyUsesFreqai(Strategies.Info s) {
        if (s == null) return false;
        String code = s.code();
        return code.contains("self.freqai.start(") || code.contains("def set_freqai_targets");
    }

    /** What the strategy and config say about the model; validated like config_schema.py and the resolver. */
    record Params(String identifier, String modelClass, double trainDays, double backtestDays, double liveRetrainHours,
            double expirationHours, List<Integer> periods, int labelPeriod, double diThreshold, double testSize,
            boolean writeMetrics, List<String> targets, String timeframe, String exchange) {

        List<String> features(String pair) {
            List<String> f = new ArrayList<>();
            f.add("%-pct-change_gen_" + pair + "_" + timeframe);
            for (int p : periods) {
                f.add("%-pct-change-period_" + p + "_" + pair + "_" + timeframe);
                f.add("%-dist-sma-period_" + p + "_" + pair + "_" + timeframe);
            }
            return f;
        }
    }

    static Params params(Map<String, Object> config, Strategies.Info strategy) {
        Map<String, Object> f = section(config);
        for (String k : List.of("enabled", "train_period_days", "backtest_period_days", "identifier", "feature_parameters",
                "data_split_parameters")) {
            if (!f.containsKey(k)) ConfigLoader.fail("'" + k + "' is a required property");
        }
        Map<String, Object> fp = Json.mapOrEmpty(f.get("feature_parameters"));
        for (String k : List.of("include_timeframes", "include_corr_pairlist")) {
            if (!fp.containsKey(k)) ConfigLoader.fail("'" + k + "' is a required property");
        }
        String model = Json.str(config.get("freqaimodel"), null);
        if (model == null) {
            throw FtException.operational("No freqaimodel set. Please use `--freqaimodel` to specify the FreqaiModel class to use.\n");
        }
        Path custom = Path.of(Json.str(config.get("user_data_dir"), "user_data")).resolve("freqaimodels").resolve(model + ".py");
        if (!MODELS.contains(model) && !Files.isRegularFile(custom)) {
            throw FtException.operational("Impossible to load FreqaiModel '" + model + "'. This class does not exist or contains Python code errors.");
        }
        if (!fp.containsKey("indicator_periods_candles")) {
            // data_kitchen.populate_features indexes it directly (contract 5.3)
            throw FtException.fatal("'indicator_periods_candles'", "KeyError");
        }
        List<Integer> periods = new ArrayList<>();
        for (Object o : Json.listOf(fp.get("indicator_periods_candles"))) {
            int p = (int) Json.num(o, 0);
            if (p > 0) periods.add(p);
        }
        Map<String, Object> split = Json.mapOrEmpty(f.get("data_split_parameters"));
        List<String> targets = new ArrayList<>();
        if (strategy != null) {
            Matcher m = TARGET.matcher(strategy.code());
            Set<String> seen = new LinkedHashSet<>();
            while (m.find()) seen.add(m.group(1));
            targets.addAll(seen);
        }
        if (targets.isEmpty()) targets.add("&-s_close");
        return new Params(Json.str(f.get("identifier"), "example"), model, Json.num(f.get("train_period_days"), 0),
                Json.num(f.get("backtest_period_days"), 7), Json.num(f.get("live_retrain_hours"), 0),
                Json.num(f.get("expiration_hours"), 0), periods, (int) Json.num(fp.get("label_period_candles"), 24),
                Json.num(fp.get("DI_threshold"), 0), Json.num(split.get("test_size"), 0.25),
                Json.bool(f.get("write_metrics_to_disk"), false), targets, Json.str(config.get("timeframe"), "5m"),
                Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), "binance"));
    }

    static Path root(Map<String, Object> config, Params p) {
        return Path.of(Json.str(config.get("user_data_dir"), "user_data")).resolve("models").resolve(p.identifier());
    }

    // ------------------------------------------------------------------ features, labels, model

    /** Candles as columns: open time (ms), open, high, low, close, volume. */
    record Candles(long[] t, double[] o, double[] h, double[] l, double[] c, double[] v) {
        int size() { return t.length; }

        static Candles of(List<Object> rows) {
            int n = rows.size();
            Candles k = new Candles(new long[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
            for (int i = 0; i < n; i++) {
                List<Object> r = Json.listOf(rows.get(i));
                k.t[i] = ((Number) r.get(0)).longValue();
                k.o[i] = Json.num(r.get(1), 0);
                k.h[i] = Json.num(r.get(2), 0);
                k.l[i] = Json.num(r.get(3), 0);
                k.c[i] = Json.num(r.get(4), 0);
                k.v[i] = Json.num(r.get(5), 0);
            }
            return k;
        }
    }

    static Candles load(Params p, String pair, long fromMs, long toMs) {
        long tf = tfMs(p.timeframe());
        return Candles.of(DataCommands.candles(p.exchange(), pair, p.timeframe(), (fromMs / tf) * tf, toMs));
    }

    static long tfMs(String tf) { return Math.max(1, Bot.timeframeMinutes(tf)) * 60000L; }

    /** Feature row i (NaN while the longest period has not enough history), same order as {@link Params#features}. */
    static double[] features(Params p, Candles k, int i) {
        double[] x = new double[1 + 2 * p.periods().size()];
        x[0] = i >= 1 ? k.c[i] / k.c[i - 1] - 1 : Double.NaN;
        int j = 1;
        for (int per : p.periods()) {
            if (i < per) {
                x[j++] = Double.NaN;
                x[j++] = Double.NaN;
                continue;
            }
            x[j++] = k.c[i] / k.c[i - per] - 1;
            double sum = 0;
            for (int q = i - per + 1; q <= i; q++) sum += k.c[q];
            x[j++] = k.c[i] / (sum / per) - 1;
        }
        return x;
    }

    /** Labels per target (set_freqai_targets): "close" targets = mean future close / close − 1, others = future range. */
    static double label(Params p, String target, Candles k, int i) {
        int n = p.labelPeriod();
        if (i + n >= k.size()) return Double.NaN;
        if (target.contains("close")) {
            double sum = 0;
            for (int q = i + 1; q <= i + n; q++) sum += k.c[q];
            return (sum / n) / k.c[i] - 1;
        }
        double hi = Double.NEGATIVE_INFINITY;
        double lo = Double.POSITIVE_INFINITY;
        for (int q = i + 1; q <= i + n; q++) {
            hi = Math.max(hi, k.h[q]);
            lo = Math.min(lo, k.l[q]);
        }
        return (hi - lo) / k.c[i];
    }

    static boolean finite(double[] x) {
        for (double d : x) if (!Double.isFinite(d)) return false;
        return true;
    }

    /** One trained model for one pair: MinMax(-1,1) feature scaling, ridge weights per target, DI reference set. */
    record Model(String pair, long trainedTs, List<String> featureNames, List<String> targets, double[] min, double[] max,
            double[][] weights, double[] labelMean, double[] labelStd, double[][] diPoints, double diMean,
            Map<String, Object> metrics) {

        double[] scale(double[] x) {
            double[] s = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                double range = max[j] - min[j];
                double v = Double.isFinite(x[j]) ? x[j] : 0;
                s[j] = range == 0 ? 0 : 2 * (v - min[j]) / range - 1;
            }
            return s;
        }

        double predict(int target, double[] scaled) {
            double[] w = weights[target];
            double y = w[w.length - 1];
            for (int j = 0; j < scaled.length; j++) y += w[j] * scaled[j];
            return y;
        }

        /** Contract 8.5: distance to the nearest training point over the mean pairwise distance. */
        double di(double[] scaled) {
            if (diPoints.length == 0 || diMean == 0) return 0;
            double best = Double.POSITIVE_INFINITY;
            for (double[] q : diPoints) best = Math.min(best, dist(q, scaled));
            return best / diMean;
        }

        Map<String, Object> toJson() {
            return Json.obj("pair", pair, "trained_timestamp", trainedTs, "features", featureNames, "targets", targets,
                    "min", arr(min), "max", arr(max), "weights", mat(weights), "labels_mean", arr(labelMean),
                    "labels_std", arr(labelStd), "di_points", mat(diPoints), "di_mean", diMean, "metrics", metrics);
        }

        static Model fromJson(Map<String, Object> m) {
            List<String> f = new ArrayList<>();
            for (Object o : Json.listOf(m.get("features"))) f.add(o.toString());
            List<String> t = new ArrayList<>();
            for (Object o : Json.listOf(m.get("targets"))) t.add(o.toString());
            return new Model(Json.str(m.get("pair"), ""), (long) Json.num(m.get("trained_timestamp"), 0), f, t,
                    darr(m.get("min")), darr(m.get("max")), dmat(m.get("weights")), darr(m.get("labels_mean")),
                    darr(m.get("labels_std")), dmat(m.get("di_points")), Json.num(m.get("di_mean"), 0),
                    Json.mapOrEmpty(m.get("metrics")));
        }
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.sqrt(s);
    }

    /** Trains on candles [from, to) of {@code k} (indices), test split at the end (shuffle false, contract 8.2). */
    static Model train(Params p, String pair, Candles k, int from, int to, long trainedTs) {
        List<double[]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (int i = from; i < to; i++) {
            double[] x = features(p, k, i);
            double[] y = new double[p.targets().size()];
            for (int t = 0; t < y.length; t++) y[t] = label(p, p.targets().get(t), k, i);
            if (finite(x) && finite(y) && i + p.labelPeriod() < to) {
                xs.add(x);
                ys.add(y);
            }
        }
        if (xs.size() < 10) {
            throw FtException.operational("FreqAI: not enough training data for " + pair + " (" + xs.size()
                    + " rows after dropping NaNs); check train_period_days and the timerange.");
        }
        int nTrain = p.testSize() > 0 ? (int) Math.max(2, Math.round(xs.size() * (1 - p.testSize()))) : xs.size();
        int d = xs.get(0).length;
        double[] min = new double[d];
        double[] max = new double[d];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < nTrain; i++) {
            for (int j = 0; j < d; j++) {
                min[j] = Math.min(min[j], xs.get(i)[j]);
                max[j] = Math.max(max[j], xs.get(i)[j]);
            }
        }
        Model proto = new Model(pair, trainedTs, p.features(pair), p.targets(), min, max, new double[0][], new double[0],
                new double[0], new double[0][], 0, Map.of());
        double[][] scaled = new double[xs.size()][];
        for (int i = 0; i < xs.size(); i++) scaled[i] = proto.scale(xs.get(i));
        int nt = p.targets().size();
        double[][] weights = new double[nt][];
        double[] mean = new double[nt];
        double[] std = new double[nt];
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (int t = 0; t < nt; t++) {
            double[] y = new double[xs.size()];
            for (int i = 0; i < y.length; i++) y[i] = ys.get(i)[t];
            weights[t] = ridge(scaled, y, nTrain, 1e-3);
            double s = 0;
            for (int i = 0; i < nTrain; i++) s += y[i];
            mean[t] = s / nTrain;
            double v = 0;
            for (int i = 0; i < nTrain; i++) v += (y[i] - mean[t]) * (y[i] - mean[t]);
            std[t] = Math.sqrt(v / Math.max(1, nTrain - 1));
            Model tmp = new Model(pair, trainedTs, proto.featureNames(), p.targets(), min, max, weights, mean, std,
                    new double[0][], 0, Map.of());
            String name = p.targets().get(t);
            metrics.put(name + "_train_rmse", Bot.round(rmse(tmp, t, scaled, y, 0, nTrain), 8));
            if (nTrain < y.length) metrics.put(name + "_test_rmse", Bot.round(rmse(tmp, t, scaled, y, nTrain, y.length), 8));
        }
        metrics.put("train_rows", nTrain);
        metrics.put("test_rows", xs.size() - nTrain);
        double[][] di = new double[0][];
        double diMean = 0;
        if (p.diThreshold() > 0) {
            int m = Math.min(256, nTrain);
            di = new double[m][];
            for (int i = 0; i < m; i++) di[i] = scaled[(int) ((long) i * nTrain / m)];
            double sum = 0;
            for (int a = 0; a < m; a++) {
                double s = 0;
                for (int b = 0; b < m; b++) if (a != b) s += dist(di[a], di[b]);
                sum += m > 1 ? s / (m - 1) : 0;
            }
            diMean = sum / m;
        }
        return new Model(pair, trainedTs, proto.featureNames(), p.targets(), min, max, weights, mean, std, di, diMean, metrics);
    }

    static double rmse(Model m, int t, double[][] x, double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            double e = m.predict(t, x[i]) - y[i];
            s += e * e;
        }
        return Math.sqrt(s / Math.max(1, to - from));
    }

    /** Ridge regression with intercept on rows [0, n) by the normal equations (Gauss-Jordan). */
    static double[] ridge(double[][] x, double[] y, int n, double lambda) {
        int d = x[0].length + 1;
        double[][] a = new double[d][d + 1];
        for (int i = 0; i < n; i++) {
            double[] row = new double[d];
            System.arraycopy(x[i], 0, row, 0, d - 1);
            row[d - 1] = 1;
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) a[r][c] += row[r] * row[c];
                a[r][d] += row[r] * y[i];
            }
        }
        for (int r = 0; r < d - 1; r++) a[r][r] += lambda * n;
        for (int col = 0; col < d; col++) {
            int piv = col;
            for (int r = col + 1; r < d; r++) if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) piv = r;
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            double div = a[col][col];
            if (Math.abs(div) < 1e-15) continue;
            for (int c = col; c <= d; c++) a[col][c] /= div;
            for (int r = 0; r < d; r++) {
                if (r == col) continue;
                double f = a[r][col];
                if (f == 0) continue;
                for (int c = col; c <= d; c++) a[r][c] -= f * a[col][c];
            }
        }
        double[] w = new double[d];
        for (int r = 0; r < d; r++) w[r] = a[r][d];
        return w;
    }

    /** Prediction output columns for row i (contract 8.4): per target pred/_mean/_std, do_predict, DI_values. */
    static Map<String, Object> outputs(Params p, Model m, Candles k, int i, long nowMs) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (m == null) {
            // data_drawer.return_null_values_to_strategy: zeros until a model exists
            for (String t : p.targets()) {
                out.put(t, 0.0);
                out.put(t + "_mean", 0.0);
                out.put(t + "_std", 0.0);
            }
            out.put("do_predict", 0);
            if (p.diThreshold() > 0) out.put("DI_values", 0.0);
            return out;
        }
        double[] x = features(p, k, i);
        double[] s = m.scale(x);
        for (int t = 0; t < p.targets().size(); t++) {
            out.put(p.targets().get(t), Bot.round(m.predict(t, s), 8));
            out.put(p.targets().get(t) + "_mean", Bot.round(m.labelMean()[t], 8));
            out.put(p.targets().get(t) + "_std", Bot.round(m.labelStd()[t], 8));
        }
        int doPredict = finite(x) ? 1 : 0;
        Double di = null;
        if (p.diThreshold() > 0) {
            di = Bot.round(m.di(s), 6);
            if (di > p.diThreshold()) doPredict = 0;
        }
        if (p.expirationHours() > 0 && nowMs - m.trainedTs() * 1000 > p.expirationHours() * 3600000) doPredict = 2;
        out.put("do_predict", doPredict);
        if (di != null) out.put("DI_values", di);
        return out;
    }

    // ------------------------------------------------------------------ files on disk (contract 8.6)

    static String base(String pair) { return pair.split("/")[0]; }

    static String modelFilename(String pair, long ts) { return "cb_" + base(pair).toLowerCase(Locale.ROOT) + "_" + ts; }

    static Path subTrain(Path root, String pair, long ts) { return root.resolve("sub-train-" + base(pair) + "_" + ts); }

    /** Writes one training's folder and updates pair_dictionary.json. */
    static void save(Path root, Params p, Model m, Candles k, int from, int to, SimLog log) {
        String fn = modelFilename(m.pair(), m.trainedTs());
        Path dir = subTrain(root, m.pair(), m.trainedTs());
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fn + "_model.joblib"), Json.write(m.toJson()));
            Files.writeString(dir.resolve(fn + "_metadata.json"), Json.pretty(Json.obj("data_path", dir.toAbsolutePath().toString(),
                    "model_filename", fn, "training_features_list", m.featureNames(), "label_list", m.targets(),
                    "labels_mean", labelMap(m, m.labelMean()), "labels_std", labelMap(m, m.labelStd()),
                    "freqaimodel", p.modelClass(), "pair", m.pair(), "trained_timestamp", m.trainedTs(), "metrics", m.metrics())));
            Files.writeString(dir.resolve(fn + "_feature_pipeline.pkl"), Json.write(Json.obj("steps",
                    p.diThreshold() > 0 ? List.of("const", "scaler", "di") : List.of("const", "scaler"), "min", arr(m.min()),
                    "max", arr(m.max()), "di_threshold", p.diThreshold())));
            Files.writeString(dir.resolve(fn + "_label_pipeline.pkl"), Json.write(Json.obj("steps", List.of("scaler"))));
            List<Object> dates = new ArrayList<>();
            for (int i = from; i < to; i++) dates.add(k.t[i]);
            Files.writeString(dir.resolve(fn + "_trained_dates_df.pkl"), Json.write(Json.obj("date", dates)));
            Files.writeString(dir.resolve(fn + "_trained_df.pkl"), Json.write(Json.obj("columns", m.featureNames(), "rows", to - from)));
            Path dictFile = root.resolve("pair_dictionary.json");
            Map<String, Object> dict = Files.isRegularFile(dictFile) ? Json.readMap(Files.readString(dictFile)) : new LinkedHashMap<>();
            dict.put(m.pair(), Json.obj("model_filename", fn, "trained_timestamp", m.trainedTs(), "data_path",
                    dir.toAbsolutePath().toString(), "extras", Json.obj()));
            Files.writeString(dictFile, Json.pretty(dict));
            if (p.writeMetrics()) {
                Path mt = root.resolve("metric_tracker.json");
                Map<String, Object> tracker = Files.isRegularFile(mt) ? Json.readMap(Files.readString(mt)) : new LinkedHashMap<>();
                Map<String, Object> forPair = Json.mapOrEmpty(tracker.get(m.pair()));
                List<Object> times = new ArrayList<>(Json.listOf(forPair.get("train_time")));
                times.add(m.trainedTs());
                forPair.put("train_time", times);
                tracker.put(m.pair(), forPair);
                Files.writeString(mt, Json.pretty(tracker));
            }
        } catch (IOException e) {
            throw FtException.operational("Could not save FreqAI model to " + dir + ": " + e.getMessage());
        }
        log.info(DD, "Saving metadata to disk.");
    }

    static Map<String, Object> labelMap(Model m, double[] v) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int t = 0; t < m.targets().size(); t++) out.put(m.targets().get(t), v[t]);
        return out;
    }

    /** The model a pair_dictionary.json entry points to, or null. */
    static Model loadFromDisk(Path root, String pair) {
        try {
            Path dictFile = root.resolve("pair_dictionary.json");
            if (!Files.isRegularFile(dictFile)) return null;
            Map<String, Object> e = Json.mapOrEmpty(Json.readMap(Files.readString(dictFile)).get(pair));
            if (e.isEmpty()) return null;
            long ts = (long) Json.num(e.get("trained_timestamp"), 0);
            String fn = Json.str(e.get("model_filename"), modelFilename(pair, ts));
            Path file = subTrain(root, pair, ts).resolve(fn + "_model.joblib");
            return Files.isRegularFile(file) ? Model.fromJson(Json.readMap(Files.readString(file))) : null;
        } catch (IOException | RuntimeException ex) {
            return null;
        }
    }

    /** Contract 8.6: reusing an identifier with a different feature set fails. */
    static void checkFeatures(Path root, Params p, String pair) {
        Model existing = loadFromDisk(root, pair);
        if (existing != null && !existing.featureNames().equals(p.features(pair))) {
            throw FtException.operational("Trying to access pretrained model with `identifier` but found different features "
                    + "furnished by current strategy. Change `identifier` to train from scratch, or ensure the strategy is "
                    + "furnishing the same features as the pretrained model. In case of --strategy-list, please be aware that "
                    + "FreqAI requires all strategies to maintain identical feature_engineering_* functions");
        }
    }

    // ------------------------------------------------------------------ backtesting

    /**
     * {@code backtesting} with an enabled freqai section: sliding windows (train {@code train_period_days}, predict
     * the next {@code backtest_period_days}), models and predictions written per window. Returns the number of trainings.
     */
    static int backtest(Map<String, Object> config, Strategies.Info strategy, List<String> pairs, long start, long stop,
            String timerangeArg, List<String> configFiles, SimLog log) {
        if (!enabled(config)) {
            if (strategyUsesFreqai(strategy)) {
                throw FtException.operational("freqAI is not enabled. Please enable it in your config to use this strategy.");
            }
            return 0;
        }
        if (timerangeArg == null) {
            throw FtException.operational("No timerange was specified. FreqAI requires a timerange for backtesting.");
        }
        Params p = params(config, strategy);
        if (!strategyUsesFreqai(strategy)) return 0; // the model is loaded, but only freqai.start() trains
        Path root = root(config, p);
        try {
            Files.createDirectories(root.resolve("backtesting_predictions"));
            if (!configFiles.isEmpty() && !configFiles.get(0).equals("-")) {
                Path first = Path.of(configFiles.get(0));
                Files.copy(first, root.resolve(first.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw FtException.operational("Could not create FreqAI model folder " + root + ": " + e.getMessage());
        }
        log.info(IF, "Training " + pairs.size() + " pairs with model " + p.modelClass() + " (identifier " + p.identifier() + ")");
        long tf = tfMs(p.timeframe());
        long trainMs = (long) (p.trainDays() * 86400000L);
        long stepMs = Math.max(tf, (long) (p.backtestDays() * 86400000L));
        int trainings = 0;
        for (String pair : pairs) {
            checkFeatures(root, p, pair);
            int maxPeriod = p.periods().stream().mapToInt(Integer::intValue).max().orElse(1);
            Candles k = load(p, pair, start - trainMs - maxPeriod * tf, stop + p.labelPeriod() * tf);
            for (long w = start; w < stop; w += stepMs) {
                long trainEnd = w;
                int from = indexAtOrAfter(k, trainEnd - trainMs);
                int to = indexAtOrAfter(k, trainEnd);
                long ts = trainEnd / 1000;
                String fn = modelFilename(pair, ts);
                Path modelFile = subTrain(root, pair, ts).resolve(fn + "_model.joblib");
                Model m;
                if (Files.isRegularFile(modelFile)) {
                    log.info(IF, "Found model at " + subTrain(root, pair, ts) + ", loading it instead of training.");
                    m = loadFromDisk(root, pair);
                    if (m == null || m.trainedTs() != ts) m = readModel(modelFile);
                } else {
                    log.info(IF, "Training " + pair + ", " + (trainings + 1) + " trainings, " + Bot.dt(trainEnd - trainMs) + " to " + Bot.dt(trainEnd));
                    long t0 = System.nanoTime();
                    m = train(p, pair, k, from, to, ts);
                    log.info(IF, "-------------------- Done training " + pair + " (" + String.format(Locale.ROOT, "%.2f", (System.nanoTime() - t0) / 1e9) + " secs) --------------------");
                    save(root, p, m, k, from, to, log);
                }
                trainings++;
                int predEnd = indexAtOrAfter(k, Math.min(stop, w + stepMs));
                List<Object> rows = new ArrayList<>();
                for (int i = to; i < predEnd; i++) {
                    Map<String, Object> out = outputs(p, m, k, i, trainEnd);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("date", k.t[i]);
                    row.putAll(out);
                    rows.add(row);
                }
                try {
                    Files.writeString(root.resolve("backtesting_predictions").resolve(fn + "_prediction.feather"), Json.write(rows));
                } catch (IOException e) {
                    throw FtException.operational("Could not write backtesting predictions: " + e.getMessage());
                }
            }
        }
        return trainings;
    }

    static Model readModel(Path file) {
        try {
            return Model.fromJson(Json.readMap(Files.readString(file)));
        } catch (IOException e) {
            throw FtException.operational("Could not read FreqAI model " + file + ": " + e.getMessage());
        }
    }

    static int indexAtOrAfter(Candles k, long t) {
        int lo = 0;
        int hi = k.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (k.t[mid] < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    // ------------------------------------------------------------------ live (trade)

    /** A running bot's FreqAI: loads models from disk, retrains in the background, analyses dataframes. */
    static final class Live {
        private final Map<String, Object> config;
        private final Strategies.Info strategy;
        private final SimLog log;
        private final boolean freqai;
        private final Params params;
        private final Path root;
        private final Map<String, Model> models = new ConcurrentHashMap<>();
        private volatile Thread trainer;
        private volatile long lastAnalyzedMs;

        Live(Map<String, Object> config, Strategies.Info strategy, SimLog log) {
            this.config = config;
            this.strategy = strategy;
            this.log = log;
            this.params = enabled(config) ? params(config, strategy) : null;
            this.freqai = params != null && strategyUsesFreqai(strategy);
            this.root = freqai ? root(config, params) : null;
            if (freqai) {
                for (String pair : whitelist()) {
                    Model m = loadFromDisk(root, pair);
                    if (m != null) {
                        if (!m.featureNames().equals(params.features(pair))) checkFeatures(root, params, pair);
                        models.put(pair, m);
                        log.info(IF, "Loaded existing model for " + pair + " trained at " + Bot.dt(m.trainedTs() * 1000));
                    }
                }
            }
        }

        boolean freqai() { return freqai; }

        List<String> whitelist() {
            List<String> out = new ArrayList<>();
            for (Object o : Json.listOf(Json.mapOrEmpty(config.get("exchange")).get("pair_whitelist"))) out.add(o.toString());
            return out;
        }

        /** start_scanning: one background thread retrains pairs whose model is older than live_retrain_hours. */
        synchronized void startScanning() {
            if (!freqai || trainer != null) return;
            trainer = new Thread(() -> {
                try {
                    Files.createDirectories(root);
                    Path gm = root.resolve("global_metadata.json");
                    if (!Files.exists(gm)) Files.writeString(gm, Json.pretty(Json.obj("start_dry_live_date", System.currentTimeMillis() / 1000)));
                } catch (IOException e) {
                    log.error(IF, "Could not create " + root + ": " + e.getMessage());
                }
                while (!Thread.currentThread().isInterrupted()) {
                    for (String pair : whitelist()) {
                        try {
                            retrainIfDue(pair);
                        } catch (RuntimeException e) {
                            log.error(IF, "Training " + pair + " failed: " + e.getMessage());
                        }
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "freqai-scanning");
            trainer.setDaemon(true);
            trainer.start();
        }

        void retrainIfDue(String pair) {
            long tf = tfMs(params.timeframe());
            long lastClosedEnd = (System.currentTimeMillis() / tf) * tf;
            Model current = models.get(pair);
            if (current != null) {
                long age = lastClosedEnd - current.trainedTs() * 1000;
                if (age < params.liveRetrainHours() * 3600000 || age < tf) return;
            }
            long trainMs = (long) (Math.max(params.trainDays(), 1.0 / 24) * 86400000L);
            int maxPeriod = params.periods().stream().mapToInt(Integer::intValue).max().orElse(1);
            Candles k = load(params, pair, lastClosedEnd - trainMs - maxPeriod * tf, lastClosedEnd - tf);
            log.info(IF, "Training " + pair + " on " + Bot.dt(lastClosedEnd - trainMs) + " to " + Bot.dt(lastClosedEnd));
            Model m = train(params, pair, k, indexAtOrAfter(k, lastClosedEnd - trainMs), k.size(), lastClosedEnd / 1000);
            save(root, params, m, k, indexAtOrAfter(k, lastClosedEnd - trainMs), k.size(), log);
            models.put(pair, m);
            purge(pair);
            log.info(IF, "-------------------- Done training " + pair + " --------------------");
        }

        /** Old sub-train folders are purged down to purge_old_models (default 2). */
        void purge(String pair) {
            int keep = (int) Json.num(section(config).get("purge_old_models"), 2);
            String prefix = "sub-train-" + base(pair) + "_";
            try (var s = Files.list(root)) {
                List<Path> dirs = new ArrayList<>(s.filter(d -> d.getFileName().toString().startsWith(prefix)).toList());
                dirs.sort((a, b) -> Long.compare(stamp(a, prefix), stamp(b, prefix)));
                for (int i = 0; i < dirs.size() - Math.max(1, keep); i++) deleteTree(dirs.get(i));
            } catch (IOException e) {
                log.warning(DD, "Could not purge old models: " + e.getMessage());
            }
        }

        /** The bot loop analysed its pairs (process() while running): freqai.start() runs, scanning begins. */
        void analyzed() {
            lastAnalyzedMs = System.currentTimeMillis();
            startScanning();
        }

        void stop() {
            Thread t = trainer;
            if (t != null) t.interrupt();
        }

        /** GET/POST /pair_candles: the analysed dataframe (rpc._convert_dataframe_to_dict). */
        Map<String, Object> pairCandles(Bot bot, String pair, String timeframe, Integer limit, List<String> selected) {
            boolean running = bot.state() == Bot.State.RUNNING || bot.state() == Bot.State.PAUSED;
            if (running) {
                lastAnalyzedMs = System.currentTimeMillis();
                startScanning();
            }
            String tfConfig = Json.str(config.get("timeframe"), "5m");
            long asOf = lastAnalyzedMs;
            boolean has = asOf > 0 && whitelist().contains(pair) && tfConfig.equals(timeframe);
            if (has && !freqai && strategyUsesFreqai(strategy)) {
                log.error("freqtrade.strategy.interface", "Unable to analyze candle (OHLCV) data for pair " + pair
                        + ": freqAI is not enabled. Please enable it in your config to use this strategy.");
                has = false;
            }
            List<String> cols = new ArrayList<>(List.of("date", "open", "high", "low", "close", "volume"));
            List<Object[]> rows = new ArrayList<>();
            if (has) {
                long tf = tfMs(tfConfig);
                long lastOpen = (asOf / tf) * tf - tf;
                int warm = freqai ? params.periods().stream().mapToInt(Integer::intValue).max().orElse(1) : 0;
                Candles k = Candles.of(DataCommands.candles(Json.str(Json.mapOrEmpty(config.get("exchange")).get("name"), "binance"),
                        pair, tfConfig, lastOpen - (LIVE_CANDLES - 1L + warm) * tf, lastOpen));
                Model m = freqai ? models.get(pair) : null;
                List<String> extra = new ArrayList<>();
                for (int i = warm; i < k.size(); i++) {
                    Map<String, Object> out = freqai ? outputs(params, m, k, i, asOf) : Map.of();
                    if (extra.isEmpty()) extra.addAll(out.keySet());
                    boolean enterLong;
                    boolean enterShort;
                    if (freqai) {
                        // FreqaiExampleStrategy: enter when do_predict == 1 and the prediction clears the label mean ± std
                        String t = params.targets().get(0);
                        double pred = Json.num(out.get(t), 0);
                        double mean = Json.num(out.get(t + "_mean"), 0);
                        double std = Json.num(out.get(t + "_std"), 0);
                        boolean ok = Json.num(out.get("do_predict"), 0) == 1;
                        enterLong = ok && pred > mean + std;
                        enterShort = ok && pred < mean - std;
                    } else {
                        enterLong = k.c[i] > k.o[i] * 1.002;
                        enterShort = false;
                    }
                    boolean exitLong = enterShort || (!freqai && k.c[i] < k.o[i] * 0.998);
                    Object[] r = new Object[6 + extra.size() + 6];
                    r[0] = k.t[i];
                    r[1] = k.o[i];
                    r[2] = k.h[i];
                    r[3] = k.l[i];
                    r[4] = k.c[i];
                    r[5] = k.v[i];
                    int j = 6;
                    for (String e : extra) r[j++] = out.get(e);
                    r[j++] = enterLong ? 1 : 0;
                    r[j++] = enterLong ? (freqai ? "long" : null) : null;
                    r[j++] = exitLong ? 1 : 0;
                    r[j++] = null;
                    r[j++] = enterShort ? 1 : 0;
                    r[j] = enterShort ? 1 : 0;
                    rows.add(r);
                }
                cols.addAll(extra);
                cols.addAll(List.of("enter_long", "enter_tag", "exit_long", "exit_tag", "enter_short", "exit_short"));
            }
            if (limit != null && limit > 0 && rows.size() > limit) rows = rows.subList(rows.size() - limit, rows.size());
            return convert(Json.str(config.get("strategy"), ""), pair, timeframe, cols, rows, asOf, selected);
        }
    }

    static long stamp(Path dir, String prefix) {
        try {
            return Long.parseLong(dir.getFileName().toString().substring(prefix.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static final List<String> SIGNALS = List.of("enter_long", "exit_long", "enter_short", "exit_short");

    /** rpc._convert_dataframe_to_dict: column filter, __date_ts and _<signal>_signal_close, ISO dates, NaN → null. */
    static Map<String, Object> convert(String strategy, String pair, String timeframe, List<String> allCols, List<Object[]> rows,
            long lastAnalyzedMs, List<String> selected) {
        List<String> keep = new ArrayList<>();
        for (String c : allCols) {
            boolean always = List.of("date", "open", "high", "low", "close", "volume").contains(c) || SIGNALS.contains(c)
                    || c.equals("enter_tag") || c.equals("exit_tag");
            if (selected == null || selected.isEmpty() || always || selected.contains(c)) keep.add(c);
        }
        List<String> columns = new ArrayList<>(keep);
        Map<String, Integer> signalCounts = new LinkedHashMap<>();
        for (String s : SIGNALS) signalCounts.put(s, 0);
        List<Object> data = new ArrayList<>();
        if (!rows.isEmpty()) {
            columns.add("__date_ts");
            for (String s : SIGNALS) if (keep.contains(s)) columns.add("_" + s + "_signal_close");
            for (Object[] r : rows) {
                List<Object> out = new ArrayList<>();
                for (String c : keep) {
                    Object v = r[allCols.indexOf(c)];
                    if (c.equals("date")) v = ISO_Z.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli((Long) v), ZoneOffset.UTC));
                    if (v instanceof Double d && !Double.isFinite(d)) v = null;
                    out.add(v);
                }
                out.add(r[0]);
                for (String s : SIGNALS) {
                    if (!keep.contains(s)) continue;
                    boolean on = Integer.valueOf(1).equals(r[allCols.indexOf(s)]);
                    if (on) signalCounts.merge(s, 1, Integer::sum);
                    out.add(on ? r[4] : null);
                }
                data.add(out);
            }
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("strategy", strategy);
        res.put("pair", pair);
        res.put("timeframe", timeframe);
        res.put("timeframe_ms", tfMs(timeframe));
        res.put("columns", columns);
        res.put("all_columns", allCols);
        res.put("data", data);
        res.put("length", data.size());
        res.put("buy_signals", signalCounts.get("enter_long"));
        res.put("sell_signals", signalCounts.get("exit_long"));
        res.put("enter_long_signals", signalCounts.get("enter_long"));
        res.put("exit_long_signals", signalCounts.get("exit_long"));
        res.put("enter_short_signals", signalCounts.get("enter_short"));
        res.put("exit_short_signals", signalCounts.get("exit_short"));
        res.put("last_analyzed", ISO_Z.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(lastAnalyzedMs), ZoneOffset.UTC)));
        res.put("last_analyzed_ts", lastAnalyzedMs / 1000);
        long first = rows.isEmpty() ? 0 : (Long) rows.get(0)[0];
        long last = rows.isEmpty() ? 0 : (Long) rows.get(rows.size() - 1)[0];
        res.put("data_start_ts", first);
        res.put("data_start", rows.isEmpty() ? "" : PY_DT.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(first), ZoneOffset.UTC)));
        res.put("data_stop", rows.isEmpty() ? "" : PY_DT.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(last), ZoneOffset.UTC)));
        res.put("data_stop_ts", last);
        return res;
    }

    // ------------------------------------------------------------------ json helpers

    static List<Object> arr(double[] a) {
        List<Object> out = new ArrayList<>(a.length);
        for (double d : a) out.add(d);
        return out;
    }

    static List<Object> mat(double[][] m) {
        List<Object> out = new ArrayList<>(m.length);
        for (double[] r : m) out.add(arr(r));
        return out;
    }

    static double[] darr(Object o) {
        List<Object> l = Json.listOf(o);
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = Json.num(l.get(i), 0);
        return a;
    }

    static double[][] dmat(Object o) {
        List<Object> l = Json.listOf(o);
        double[][] m = new double[l.size()][];
        for (int i = 0; i < m.length; i++) m[i] = darr(l.get(i));
        return m;
    }

    static String utf8(byte[] b) { return new String(b, StandardCharsets.UTF_8); }
}
