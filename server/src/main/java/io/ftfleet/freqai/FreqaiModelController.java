package io.ftfleet.freqai;

import java.util.List;

import io.ftfleet.user.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The original's FreqAI model routes. {@code GET /api/v1/freqai/models} (no slash) lists models too: the original
 * answered FreqAI-server device info there, but its web UI expects the model list.
 */
@RestController
@RequestMapping("/api/v1/freqai/models")
@Tag(name = "freqai models")
class FreqaiModelController {

    private final FreqaiModels models;

    FreqaiModelController(FreqaiModels models) {
        this.models = models;
    }

    @Operation(summary = "Upload a model artefact (.joblib, .zip or .h5) with its metadata")
    @PostMapping(path = { "", "/" }, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('OPERATOR')")
    FreqaiModelResponse upload(@RequestParam String name, @RequestParam(required = false) String description,
            @RequestParam(name = "model_class", required = false) String modelClass,
            @RequestParam(required = false) String identifier,
            @RequestParam(name = "include_timeframes", required = false) List<String> includeTimeframes,
            @RequestParam(name = "include_corr_pairs", required = false) List<String> includeCorrPairs,
            @RequestParam(required = false) String metrics,
            @RequestParam(name = "strategy_version_id", required = false) Long strategyVersionId,
            @RequestParam(required = false) String timerange,
            @RequestParam(name = "freqai_params", required = false) String freqaiParams,
            @RequestPart("file") MultipartFile file,
            @AuthenticationPrincipal CurrentUser user) {
        return models.upload(new FreqaiModels.Upload(name, description, modelClass, identifier, includeTimeframes,
                includeCorrPairs, metrics, strategyVersionId, timerange, freqaiParams), file, user);
    }

    @Operation(summary = "List models (yours; all for admins)")
    @GetMapping({ "", "/" })
    List<FreqaiModelResponse> list(@AuthenticationPrincipal CurrentUser user) {
        return models.list(user);
    }

    @Operation(summary = "A model by id (the registry entry), or by name (F3: status including its training job, "
            + "also while the training is queued or running)")
    @GetMapping("/{modelIdOrName}")
    Object get(@PathVariable String modelIdOrName, @AuthenticationPrincipal CurrentUser user) {
        if (modelIdOrName.matches("\\d{1,18}")) {
            return models.get(Long.parseLong(modelIdOrName), user);
        }
        return models.status(modelIdOrName, user);
    }

    @Operation(summary = "Delete a model that no bot uses")
    @DeleteMapping("/{modelId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('OPERATOR')")
    void delete(@PathVariable long modelId, @AuthenticationPrincipal CurrentUser user) {
        models.delete(modelId, user);
    }
}
