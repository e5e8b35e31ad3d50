-- The closed-trades ledger: every bot's closed trades copied from its own /trades in the background, so analytics
-- reads never call bots. Times are epoch milliseconds (UTC), amounts are in the bot's stake currency.
CREATE TABLE analytics_closed_trades (
    bot_id          BIGINT           NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
    trade_id        INTEGER          NOT NULL,
    pair            VARCHAR(64)      NOT NULL,
    stake_currency  VARCHAR(16)      NOT NULL,
    dry_run         BOOLEAN          NOT NULL,
    stake_amount    DOUBLE PRECISION NOT NULL,
    profit_abs      DOUBLE PRECISION NOT NULL,
    profit_ratio    DOUBLE PRECISION NOT NULL,
    open_ms         BIGINT           NOT NULL,
    close_ms        BIGINT           NOT NULL,
    exit_reason     VARCHAR(64),
    PRIMARY KEY (bot_id, trade_id)
);
CREATE INDEX analytics_closed_trades_close ON analytics_closed_trades (close_ms);

-- Per bot: how far the ledger is known to be complete (closed trades below the lowest open trade id never change),
-- the bot's starting balance (for relative drawdown) and the last sync's outcome.
CREATE TABLE analytics_sync_state (
    bot_id            BIGINT           PRIMARY KEY REFERENCES bots (id) ON DELETE CASCADE,
    stable_count      INTEGER          NOT NULL,
    starting_balance  DOUBLE PRECISION,
    synced_ms         BIGINT           NOT NULL,
    last_error        VARCHAR(300)
);
