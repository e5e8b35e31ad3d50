-- Backtest vs live: a job may be about one bot (its latest comparison is looked up by bot), and the ledger is read
-- per bot by open time (the live trades of a window).
ALTER TABLE jobs ADD COLUMN bot_id BIGINT;
CREATE INDEX jobs_bot_kind_status ON jobs (bot_id, kind, status, id);
CREATE INDEX analytics_closed_trades_bot_open ON analytics_closed_trades (bot_id, open_ms);
