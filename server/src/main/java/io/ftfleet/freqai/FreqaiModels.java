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
    private static final Pattern PYTHON_CLASS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern TIMEFRAME = Pattern.compile("[1-9][0-9]{0,2}[smhdwM]");
    private static final Pattern TIMERANGE = Pattern.compile("\\d{8}?-\\d{8}?");
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final FreqaiModelRepository models;
    private final ArtefactStore artefacts;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ObjectProvider<FreqaiAttachments> attachments;

    FreqaiModels(FreqaiModelRepository models, ArtefactStore artefacts, JsonMapper json,
            ApplicationEventPublisher events, Clock clock, ObjectProvider<FreqaiAttachments> attachments) {
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
        return models.findById(modelId).map(m -> new ModelRef(m.id, m.ownerId, m.name, m.identifier, m.modelClass,
                read(m.includeTimeframes), read(m.includeCorrPairs), m.freqaiParams));
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
