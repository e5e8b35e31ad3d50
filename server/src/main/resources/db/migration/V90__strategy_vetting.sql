-- The gate before live money: jobs name the strategy version they ran (so "has this version been backtested?" is
-- one indexed lookup), and an admin may let one bot trade live with one version that is not vetted, with a reason.
ALTER TABLE jobs ADD COLUMN strategy_version_id BIGINT;
CREATE INDEX jobs_version_kind_status ON jobs (strategy_version_id, kind, status, id);

ALTER TABLE bots ADD COLUMN live_override_version_id BIGINT;
ALTER TABLE bots ADD COLUMN live_override_reason VARCHAR(500);
ALTER TABLE bots ADD COLUMN live_override_by VARCHAR(100);
ALTER TABLE bots ADD COLUMN live_override_at TIMESTAMP WITH TIME ZONE;
