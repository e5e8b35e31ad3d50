-- Bots FT Fleet did not start: reached by URL and credentials, controlled through their API, never spawned or killed.
ALTER TABLE bots ADD COLUMN runtime VARCHAR(16) DEFAULT 'local' NOT NULL;
ALTER TABLE bots ADD COLUMN external_url VARCHAR(500);
ALTER TABLE bots ADD COLUMN external_username VARCHAR(100);
ALTER TABLE bots ADD COLUMN external_password_enc VARCHAR(2000);
