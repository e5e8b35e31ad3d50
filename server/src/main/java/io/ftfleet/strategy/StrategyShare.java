package io.ftfleet.strategy;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One user's access to another user's strategy: {@code viewer} reads its code, {@code editor} also publishes. */
@Entity
@Table(name = "strategy_shares")
class StrategyShare {

    static final String VIEWER = "viewer";
    static final String EDITOR = "editor";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    long strategyId;
    long userId;
    String access;
    Long grantedBy;
    Instant grantedAt;

    protected StrategyShare() {
    }

    StrategyShare(long strategyId, long userId, String access, Long grantedBy, Instant grantedAt) {
        this.strategyId = strategyId;
        this.userId = userId;
        this.access = access;
        this.grantedBy = grantedBy;
        this.grantedAt = grantedAt;
    }
}
