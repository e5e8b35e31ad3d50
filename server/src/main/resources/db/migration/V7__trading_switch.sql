-- The fleet-wide trading switch: when disabled (emergency stop, drawdown guard), no bot may start until an admin
-- re-arms it. One row.
CREATE TABLE trading_switch (
    id         INTEGER      PRIMARY KEY,
    enabled    BOOLEAN      NOT NULL,
    reason     VARCHAR(500),
    changed_by VARCHAR(50),
    changed_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO trading_switch (id, enabled) VALUES (1, TRUE);
