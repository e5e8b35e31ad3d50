package io.ftfleet.freqai;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.ftfleet.core.ApiException;
import io.ftfleet.core.FieldViolation;
import io.ftfleet.user.CurrentUser;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.multipart.MultipartFile;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The FreqAI model registry: owner-scoped, artefacts by content hash, metadata and lineage per model. */
@Service
public class FreqaiModels implements FreqaiCatalog {

    /** Freqtrade's built-in model classes (contract 8.1); custom classes are any Python class name. */
    static final Set<String> BUILT_IN = Set.of("LightGBMRegressor", "LightGBMRegressorMultiTarget",
            "LightGBMClassifier", "LightGBMClassifierMultiTarget", "XGBoostRegressor", "XGBoostRegressorMultiTarget",
            "XGBoostRFRegressor", "XGBoostClassifier", "XGBoostRFClassifier", "CatboostRegressor",
            "CatboostRegressorMultiTarget", "CatboostClassifier", "CatboostClassifierMultiTarget",
            "SKLearnRandomForestClassifier", "PyTorchMLPRegressor", "PyTorchMLPClassifier",
            "PyTorchTransformerRegressor", "ReinforcementLearner", "ReinforcementLearner_multiproc");
    /** Model files Freqtrade writes: joblib (most), zip (PyTorch, stable-baselines), h5 (keras). */
    static final Set<String> EXTENSIONS = Set.of("joblib", "zip", "h5");
    /** A trained model's folder: at most this many entries (files and folders), bytes in all, pair dictionary. */
    static final int MAX_TRAINED_FILES = 10_000;
    static final long MAX_TRAINED_BYTES = 4L * 1024 * 1024 * 1024;
    static final int MAX_PAIR_DICTIONARY_BYTES = 4 * 1024 * 1024;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FreqaiModels.class);
    private static final Pattern PYTHON_CLASS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern TIMEFRAME = Pattern.compile("[1-9][0-9]{0,2}[smhdwM]");
    private static final Pattern TIMERANGE = Pattern.compile("\\d{8}?-\\d{8}?");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> MANIFEST = new TypeReference<>() {
    };

    private final FreqaiModelRepository models;
    private final ArtefactStore artefacts;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<FreqaiAttachments> attachments;
    private final ObjectProvider<FreqaiTrainingStatus> trainings;

    FreqaiModels(FreqaiModelRepository models, ArtefactStore artefacts, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, ObjectProvider<FreqaiAttachments> attachments,
            ObjectProvider<FreqaiTrainingStatus> trainings) {
        this.trainings = trainings;
        this.models = models;
        this.artefacts = artefacts;
        this.json = json;
        this.events = events;
        this.clock = clock;
        this.attachments = attachments;
    }

    /** What an upload carries besides the file. */
    record Upload(String name, String description, String modelClass, String identifier, List<String> includeTimeframes,
            List<String> includeCorrPairs, String metrics, Long strategyVersionId, String timerange,
            String freqaiParams) {
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelRef> find(long modelId) {
        return models.findById(modelId).map(this::ref);
    }

    private ModelRef ref(FreqaiModel m) {
        Map<String, java.nio.file.Path> files = new LinkedHashMap<>();
        manifest(m).forEach((rel, stored) -> files.put(rel, artefacts.resolve(stored)));
        return new ModelRef(m.id, m.ownerId, m.name, m.identifier, m.modelClass, read(m.includeTimeframes),
                read(m.includeCorrPairs), m.freqaiParams, m.timerange, files);
    }

    private Map<String, String> manifest(FreqaiModel m) {
        return m.artefactManifest == null ? Map.of() : json.readValue(m.artefactManifest, MANIFEST);
    }

    @Override
    @Transactional
    public long registerTrained(Trained t) {
        if (models.existsByName(t.name())) {
            throw new IllegalArgumentException("a model named '" + t.name() + "' already exists");
        }
        java.nio.file.Path dir = t.modelsDir();
        List<java.nio.file.Path> files = trainedFiles(t);
        java.nio.file.Path pairDictionary = dir.resolve("pair_dictionary.json");
        if (!files.contains(pairDictionary)) {
            throw new IllegalArgumentException("models/" + t.identifier() + "/pair_dictionary.json is missing: "
                    + "the run trained no model (does the strategy call self.freqai.start()?)");
        }
        Map<String, String> manifest = new java.util.TreeMap<>();
        long bytes = 0;
        for (java.nio.file.Path f : files) {
            String rel = "models/" + t.identifier() + "/" + dir.relativize(f).toString().replace('\\', '/');
            String name = f.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "bin" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
            if (!ext.matches("[a-z0-9]{1,10}")) {
                ext = "bin";
            }
            // NOFOLLOW_LINKS: a link put in the file's place since the walk is not followed either
            try (var in = atMost(java.nio.file.Files.newInputStream(f, java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    MAX_TRAINED_BYTES - bytes, t.identifier())) {
                ArtefactStore.Stored stored = artefacts.store(in, ext);
                manifest.put(rel, stored.relativePath());
                bytes += stored.size();
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalArgumentException(rel + " could not be stored: " + (e instanceof UncheckedIOException u
                        && u.getCause() instanceof TooLarge large ? large.getMessage() : "it could not be read"), e);
            }
        }
        String manifestText = json.writeValueAsString(manifest);
        ArtefactStore.Stored index = artefacts.store(new java.io.ByteArrayInputStream(
                manifestText.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "json");
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (t.metrics() != null) {
            metrics.putAll(json.readValue(t.metrics(), new TypeReference<Map<String, Object>>() {
            }));
        }
        JsonNode pairs = json.readTree(readBounded(pairDictionary, MAX_PAIR_DICTIONARY_BYTES));
        List<String> trainedPairs = new ArrayList<>();
        pairs.propertyNames().forEach(trainedPairs::add);
        metrics.put("trained_pairs", trainedPairs);
        metrics.put("trainings", files.stream().map(f -> dir.relativize(f).getName(0).toString())
                .filter(n -> n.startsWith("sub-train-")).distinct().count());
        metrics.put("artefact_files", files.size());
        metrics.put("artefact_bytes", bytes);
        FreqaiModel model = new FreqaiModel(t.name(), t.ownerId(), clock.instant());
        model.description = "Trained by job " + t.jobId();
        model.identifier = t.identifier();
        model.modelClass = t.modelClass();
        model.filePath = index.relativePath();
        model.originalFilename = "models/" + t.identifier() + "/";
        model.sha256 = index.sha256();
        model.sizeBytes = bytes;
        model.includeTimeframes = json.writeValueAsString(t.includeTimeframes() == null ? List.of() : t.includeTimeframes());
        model.includeCorrPairs = json.writeValueAsString(t.includeCorrPairs() == null ? List.of() : t.includeCorrPairs());
        model.metrics = json.writeValueAsString(metrics);
        model.freqaiParams = t.freqaiParams();
        model.strategyVersionId = t.strategyVersionId();
        model.timerange = t.timerange();
        model.artefactManifest = manifestText;
        model.trainingJobId = t.jobId();
        models.saveAndFlush(model);
        events.publishEvent(new FreqaiEvents.ModelTrained(model.id, t.jobId(), snapshot(model)));
        return model.id;
    }

    /**
     * The regular files of a trained model's folder, which strategy code wrote: the walk follows no link (a link
     * to a file or folder outside, e.g. the server's secrets, is left out), keeps only regular files whose real path
     * lies inside the folder, and refuses a folder with more than {@link #MAX_TRAINED_FILES} entries. The caller
     * has checked that the folder itself lies inside the job.
     */
    private static List<java.nio.file.Path> trainedFiles(Trained t) {
        java.nio.file.Path dir = t.modelsDir();
        List<java.nio.file.Path> files = new ArrayList<>();
        int entries = 0;
        int links = 0;
        try (var walk = java.nio.file.Files.walk(dir)) {
            java.nio.file.Path realDir = dir.toRealPath();
            for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk::iterator) {
                if (++entries > MAX_TRAINED_FILES) {
                    throw new IllegalArgumentException("models/" + t.identifier() + " holds more than "
                            + MAX_TRAINED_FILES + " entries");
                }
                if (java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && p.toRealPath().startsWith(realDir)) {
                    files.add(p);
                } else if (java.nio.file.Files.isSymbolicLink(p)) {
                    links++;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("no model folder at models/" + t.identifier() + " (it could not be read)");
        }
        if (links > 0) {
            log.warn("Training job {}: {} symbolic link(s) in models/{} not followed and not stored", t.jobId(), links,
                    t.identifier());
        }
        files.sort(null);
        return files;
    }

    /** A file of the model folder as text, at most {@code max} bytes, not through a link. */
    private static String readBounded(java.nio.file.Path file, int max) {
        try (var in = java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IllegalArgumentException(file.getFileName() + " is larger than " + max / 1024 + " KiB");
            }
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file.getFileName() + " could not be read", e);
        }
    }

    /** Thrown (inside an UncheckedIOException from the store) when a trained model outgrows its bound. */
    private static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** {@code in}, failing once more than {@code max} bytes were read from it. */
    private static java.io.InputStream atMost(java.io.InputStream in, long max, String identifier) {
        return new java.io.FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            private void count(int n) throws TooLarge {
                read += n;
                if (read > max) {
                    throw new TooLarge("the files of models/" + identifier + " are larger than "
                            + MAX_TRAINED_BYTES / (1024 * 1024) + " MiB in all");
                }
            }
        };
    }

    /** F3: by id when numeric, else by name; with the training job behind it (also before it is registered). */
    @Transactional(readOnly = true)
    Map<String, Object> status(String modelName, CurrentUser user) {
        Optional<FreqaiModel> model = models.findByName(modelName).filter(m -> user.isAdmin() || m.ownerId == user.id());
        Optional<FreqaiTrainingStatus.Training> training = trainings.stream().findFirst().flatMap(tr -> model
                .map(m -> m.trainingJobId == null ? Optional.<FreqaiTrainingStatus.Training>empty() : tr.job(m.trainingJobId))
                .orElseGet(() -> tr.latestFor(modelName)))
                .filter(j -> user.isAdmin() || j.ownerId() == user.id());
        if (model.isEmpty() && training.isEmpty()) {
            throw ApiException.notFound("model_not_found", "Model " + modelName + " not found");
        }
        Map<String, Object> info = new LinkedHashMap<>();
        // orElseGet: an uploaded model has no training job, and orElse would evaluate training.get() anyway
        info.put("status", model.map(m -> m.status).orElseGet(() -> training.get().status().equals("completed")
                ? "deleted" : training.get().status()));
        info.put("model", model.map(this::response).orElse(null));
        info.put("training_job", training.orElse(null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "success");
        out.put("model_name", modelName);
        out.put("model_info", info);
        return out;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelRef> findByName(String name) {
        return name == null ? Optional.empty() : models.findByName(name).flatMap(m -> find(m.id));
    }

    @Transactional(readOnly = true)
    long count() {
        return models.count();
    }

    @Transactional(readOnly = true)
    List<FreqaiModelResponse> list(CurrentUser user) {
        List<FreqaiModel> found = user.isAdmin() ? models.findAllByOrderByIdAsc() : models.findByOwnerIdOrderByIdAsc(user.id());
        return found.stream().map(this::response).toList();
    }

    @Transactional(readOnly = true)
    FreqaiModelResponse get(long id, CurrentUser user) {
        return response(load(id, user));
    }

    @Transactional
    FreqaiModelResponse upload(Upload upload, MultipartFile file, CurrentUser user) {
        List<FieldViolation> errors = new ArrayList<>();
        if (upload.name() == null || upload.name().isBlank() || upload.name().length() > 100) {
            errors.add(new FieldViolation("name", "must be 1 to 100 characters"));
        }
        if (upload.description() != null && upload.description().length() > 2000) {
            errors.add(new FieldViolation("description", "must be at most 2000 characters"));
        }
        if (upload.modelClass() != null && !PYTHON_CLASS.matcher(upload.modelClass()).matches()) {
            errors.add(new FieldViolation("model_class", "must be one of Freqtrade's models or a Python class name"));
        }
        String identifier = upload.identifier() != null ? upload.identifier()
                : "freqai_" + (upload.name() == null ? "" : upload.name().replaceAll("[^A-Za-z0-9_-]", "_"));
        if (!IDENTIFIER.matcher(identifier).matches()) {
            errors.add(new FieldViolation("identifier", "must be 1 to 100 letters, digits, _ or -"));
        }
        List<String> timeframes = upload.includeTimeframes() == null ? List.of() : upload.includeTimeframes();
        if (timeframes.stream().anyMatch(t -> !TIMEFRAME.matcher(t).matches())) {
            errors.add(new FieldViolation("include_timeframes", "must be timeframes such as 5m, 1h"));
        }
        List<String> corrPairs = upload.includeCorrPairs() == null ? List.of() : upload.includeCorrPairs();
        if (corrPairs.stream().anyMatch(p -> p.isBlank() || p.length() > 40 || !p.contains("/"))) {
            errors.add(new FieldViolation("include_corr_pairs", "must be pairs such as BTC/USDT"));
        }
        if (upload.timerange() != null && !TIMERANGE.matcher(upload.timerange()).matches()) {
            errors.add(new FieldViolation("timerange", "must look like 20240101-20241201"));
        }
        String metrics = jsonObject(upload.metrics(), "metrics", errors);
        String freqaiParams = jsonObject(upload.freqaiParams(), "freqai_params", errors);
        String extension = extension(file == null ? null : file.getOriginalFilename());
        if (file == null || file.isEmpty()) {
            errors.add(new FieldViolation("file", "is required and must not be empty"));
        } else if (!EXTENSIONS.contains(extension)) {
            throw ApiException.badRequest("invalid_file_type",
                    "Invalid file type. Only .joblib, .zip and .h5 model files are accepted.");
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Invalid model upload", errors);
        }
        if (models.existsByName(upload.name())) {
            throw ApiException.conflict("model_name_taken", "A model named '" + upload.name() + "' already exists");
        }
        ArtefactStore.Stored stored;
        try {
            stored = artefacts.store(file.getInputStream(), extension);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FreqaiModel model = new FreqaiModel(upload.name(), user.id(), clock.instant());
        model.description = upload.description();
        model.identifier = identifier;
        model.modelClass = upload.modelClass();
        model.filePath = stored.relativePath();
        model.originalFilename = file.getOriginalFilename();
        model.sha256 = stored.sha256();
        model.sizeBytes = stored.size();
        model.includeTimeframes = json.writeValueAsString(timeframes);
        model.includeCorrPairs = json.writeValueAsString(corrPairs);
        model.metrics = metrics;
        model.freqaiParams = freqaiParams;
        model.strategyVersionId = upload.strategyVersionId();
        model.timerange = upload.timerange();
        models.saveAndFlush(model);
        events.publishEvent(new FreqaiEvents.ModelUploaded(model.id, snapshot(model)));
        return response(model);
    }

    @Transactional
    void delete(long id, CurrentUser user) {
        FreqaiModel model = load(id, user);
        List<String> bots = attachments.stream().flatMap(a -> a.botsUsing(id).stream()).toList();
        if (!bots.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "model_in_use",
                    "Model is attached to bots: " + String.join(", ", bots) + "; detach it first");
        }
        Map<String, Object> before = snapshot(model);
        models.delete(model);
        models.flush();
        if (!models.existsBySha256(model.sha256)) {
            String path = model.filePath;
            // Remove the file only once the row is gone for good.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    artefacts.delete(path);
                }
            });
        }
        if (model.artefactManifest != null) {
            // a trained model's files are shared by content with other models: remove only the unreferenced ones
            Set<String> unused = new java.util.HashSet<>(manifest(model).values());
            for (FreqaiModel other : models.findAll()) {
                unused.remove(other.filePath);
                unused.removeAll(manifest(other).values());
            }
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    unused.forEach(artefacts::delete);
                }
            });
        }
        events.publishEvent(new FreqaiEvents.ModelDeleted(id, before));
    }

    private FreqaiModel load(long id, CurrentUser user) {
        return models.findById(id).filter(m -> user.isAdmin() || m.ownerId == user.id())
                .orElseThrow(() -> ApiException.notFound("model_not_found", "Model not found"));
    }

    private FreqaiModelResponse response(FreqaiModel m) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model_class", m.modelClass);
        metadata.put("built_in", m.modelClass != null && BUILT_IN.contains(m.modelClass));
        metadata.put("identifier", m.identifier);
        metadata.put("include_timeframes", read(m.includeTimeframes));
        metadata.put("include_corr_pairs", read(m.includeCorrPairs));
        metadata.put("sha256", m.sha256);
        metadata.put("size_bytes", m.sizeBytes);
        metadata.put("original_filename", m.originalFilename);
        metadata.put("strategy_version_id", m.strategyVersionId);
        metadata.put("timerange", m.timerange);
        metadata.put("metrics", m.metrics == null ? null : json.readTree(m.metrics));
        metadata.put("freqai_params", m.freqaiParams == null ? null : json.readTree(m.freqaiParams));
        metadata.put("training_job_id", m.trainingJobId);
        metadata.put("artefact_files", List.copyOf(manifest(m).keySet()));
        return new FreqaiModelResponse(m.id, m.name, m.description, metadata, m.celeryTaskId, m.filePath, m.status,
                m.backtestResults == null ? null : json.readTree(m.backtestResults), m.createdAt, m.ownerId,
                m.identifier, m.modelClass, m.sha256, m.sizeBytes);
    }

    private Map<String, Object> snapshot(FreqaiModel m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", m.name);
        map.put("identifier", m.identifier);
        map.put("model_class", m.modelClass);
        map.put("sha256", m.sha256);
        map.put("size_bytes", m.sizeBytes);
        return map;
    }

    /** Optional JSON-object text, normalised; a violation when it is anything else. */
    private String jsonObject(String text, String field, List<FieldViolation> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            if (node.isObject()) {
                return json.writeValueAsString(node);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        errors.add(new FieldViolation(field, "must be a JSON object"));
        return null;
    }

    private List<String> read(String text) {
        return text == null ? List.of() : json.readValue(text, STRINGS);
    }

    private static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
