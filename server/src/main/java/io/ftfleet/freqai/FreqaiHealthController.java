package io.ftfleet.freqai;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * F7. The original forwarded a separate FreqAI server's /health; here FreqAI runs inside the bots, so health is
 * the registry itself: how many models it holds and whether the artefact store can be read and written (503 if not).
 */
@RestController
@Tag(name = "freqai models")
class FreqaiHealthController {

    private final FreqaiModels models;
    private final ArtefactStore artefacts;

    FreqaiHealthController(FreqaiModels models, ArtefactStore artefacts) {
        this.models = models;
        this.artefacts = artefacts;
    }

    @Operation(summary = "FreqAI registry health: model count, artefact store writable, files and bytes stored")
    @GetMapping("/api/v1/freqai/health")
    ResponseEntity<Map<String, Object>> health() {
        ArtefactStore.Usage usage = artefacts.usage();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("path", ArtefactStore.RELATIVE_DIR);
        store.put("writable", usage.writable());
        store.put("files", usage.files());
        store.put("bytes", usage.bytes());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", usage.writable() ? "success" : "error");
        body.put("models", models.count());
        body.put("artefact_store", store);
        return ResponseEntity.status(usage.writable() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
}
