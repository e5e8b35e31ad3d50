-- External bots (comma-separated ids) an admin allows to count in a guard that also covers other users' bots.
ALTER TABLE drawdown_guards ADD COLUMN allowed_external_bot_ids VARCHAR(2000);
