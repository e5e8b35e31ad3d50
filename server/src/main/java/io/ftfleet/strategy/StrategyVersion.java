package io.ftfleet.strategy;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** One saved version of a strategy: never changed after it is written. */
@Entity
@Immutable
@Table(name = "strategy_versions")
class StrategyVersion {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    long strategyId;
    int versionNumber;
    String content;
    String contentSha256;
    Long authorId;
    String authorUsername;
    String note;
    boolean valid;
    String report;
    Instant createdAt;

    protected StrategyVersion() {
    }

    StrategyVersion(long strategyId, int versionNumber, String content, String contentSha256, Long authorId,
            String authorUsername, String note, boolean valid, String report, Instant createdAt) {
        this.strategyId = strategyId;
        this.versionNumber = versionNumber;
        this.content = content;
        this.contentSha256 = contentSha256;
        this.authorId = authorId;
        this.authorUsername = authorUsername;
        this.note = note;
        this.valid = valid;
        this.report = report;
        this.createdAt = createdAt;
    }
}
