package io.ftfleet.bot;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.ftfleet.runtime.DesiredState;
import io.ftfleet.runtime.ObservedState;

/**
 * The Bot aggregate root. JSON-valued fields (lists, config overrides) are kept as text and (de)serialized by
 * {@link Bots}; secrets are held only encrypted ({@code *Enc}).
 */
@Entity
@Table(name = "bots")
@EntityListeners(BotWrites.class)
class Bot {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    String name;
    String description;
    long ownerId;
    String strategyName;
    Long strategyVersionId;
    Long freqaiModelId;
    String exchange;
    String tradingMode;
    String marginMode;
    boolean dryRun;
    BigDecimal dryRunWallet;
    String timeframe;
    String pairWhitelist;
    String pairBlacklist;
    String stakeCurrency;
    String stakeAmount;
    int maxOpenTrades;
    String tags;
    String configOverrides;
    String exchangeKeyEnc;
    String exchangeSecretEnc;
    String exchangePasswordEnc;
    /** Secret-only subtree of the config (telegram token, ccxt credentials, ...), encrypted; see ConfigPolicy. */
    String configSecretsEnc;
    String restartPolicy;
    /** {@code local} (spawned and supervised here) or {@code external} (reached by URL, never spawned). */
    String runtime = "local";
    String externalUrl;
    String externalUsername;
    String externalPasswordEnc;

    @Enumerated(EnumType.STRING)
    DesiredState desiredState = DesiredState.STOPPED;

    @Enumerated(EnumType.STRING)
    ObservedState observedState = ObservedState.STOPPED;

    Instant observedAt;
    String observedReason;

    @Column(name = "is_active")
    boolean active = true;

    boolean restartRequired;
    /** An admin's override of the live-trading gate, valid only for this strategy version (see LiveGate). */
    Long liveOverrideVersionId;
    String liveOverrideReason;
    String liveOverrideBy;
    Instant liveOverrideAt;
    Integer pid;
    Integer port;
    Instant createdAt;
    Instant updatedAt;

    @Version
    long version;

    protected Bot() {
    }

    Bot(String name, long ownerId, Instant now) {
        this.name = name;
        this.ownerId = ownerId;
        this.createdAt = now;
        this.observedAt = now;
        this.observedReason = "registered";
    }
}
