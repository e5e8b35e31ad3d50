package io.ftfleet.freqai;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "freqai_models")
class FreqaiModel {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;
    String description;
    long ownerId;
    String identifier;
    String modelClass;
    String status;
    String filePath;
    String originalFilename;
    String sha256;
    long sizeBytes;
    String includeTimeframes;
    String includeCorrPairs;
    String metrics;
    String freqaiParams;
    Long strategyVersionId;
    String timerange;
    String celeryTaskId;
    String backtestResults;
    /** JSON {relative path under models/<identifier>/: stored artefact path}; null for uploaded single files. */
    String artefactManifest;
    Long trainingJobId;
    Instant createdAt;
    Instant updatedAt;

    protected FreqaiModel() {
    }

    FreqaiModel(String name, long ownerId, Instant now) {
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = now;
        this.status = "completed";
    }
}
