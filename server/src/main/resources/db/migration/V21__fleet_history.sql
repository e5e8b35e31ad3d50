-- Bot snapshots as a time series: raw rows every ftfleet.fleet.history.interval, downsampled into hourly rows
-- (averages, last value of counters) before the raw rows expire. No foreign key to bots: history outlives a bot
-- until its retention ends, and deleting a bot must not wait on a large delete.
CREATE TABLE fleet_history_raw (
    bot_id            BIGINT           NOT NULL,
    sampled_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    owner_id          BIGINT           NOT NULL,
    status            VARCHAR(16)      NOT NULL,
    bot_state         VARCHAR(32),
    open_trades       INTEGER,
    closed_trades     INTEGER,
    profit_closed_abs DOUBLE PRECISION,
    profit_all_ratio  DOUBLE PRECISION,
    balance_total     DOUBLE PRECISION,
    stake_currency    VARCHAR(16),
    dry_run           BOOLEAN          NOT NULL,
    PRIMARY KEY (bot_id, sampled_at)
);
CREATE INDEX fleet_history_raw_at ON fleet_history_raw (sampled_at);

CREATE TABLE fleet_history_hourly (
    bot_id            BIGINT           NOT NULL,
    hour_start            TIMESTAMP WITH TIME ZONE NOT NULL,
    owner_id          BIGINT           NOT NULL,
    samples           INTEGER          NOT NULL,
    online_samples    INTEGER          NOT NULL,
    open_trades_avg   DOUBLE PRECISION,
    closed_trades     INTEGER,
    profit_closed_abs DOUBLE PRECISION,
    profit_all_ratio  DOUBLE PRECISION,
    balance_avg       DOUBLE PRECISION,
    balance_min       DOUBLE PRECISION,
    balance_max       DOUBLE PRECISION,
    balance_last      DOUBLE PRECISION,
    stake_currency    VARCHAR(16),
    dry_run           BOOLEAN          NOT NULL,
    PRIMARY KEY (bot_id, hour_start)
);
CREATE INDEX fleet_history_hourly_hour ON fleet_history_hourly (hour_start);
