-- Times are TEXT in one fixed-width UTC form (2006-01-02T15:04:05.000000Z), so that text order is
-- time order and the file reads well in the sqlite3 shell. NULL stands for Go's zero time.
CREATE TABLE campaigns (
	id             TEXT PRIMARY KEY,
	admin_hash     BLOB NOT NULL,
	case_json      BLOB NOT NULL,
	title          TEXT NOT NULL,
	closes_on      TEXT NOT NULL,
	retention_days INTEGER NOT NULL CHECK (retention_days > 0),
	created_at     TEXT NOT NULL,
	closed_at      TEXT,
	-- Campaign.PurgeAt, kept up to date by every write so that Purge is one indexed DELETE.
	purge_at       TEXT NOT NULL
) STRICT;

CREATE INDEX campaigns_purge_at ON campaigns (purge_at);

CREATE TABLE mandates (
	id          TEXT PRIMARY KEY,
	campaign_id TEXT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	revoke_hash BLOB NOT NULL,
	civility    TEXT NOT NULL,
	first_name  TEXT NOT NULL,
	last_name   TEXT NOT NULL,
	street      TEXT NOT NULL,
	complement  TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	city        TEXT NOT NULL,
	email       TEXT NOT NULL,
	signed_on   TEXT NOT NULL,
	signature   TEXT NOT NULL,
	source      TEXT NOT NULL CHECK (source IN ('web', 'paper')),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	revoked_at  TEXT,
	-- Derived in Go (store/internal/fold) so that both implementations agree whatever the collation.
	email_key   TEXT NOT NULL,
	sort_key    TEXT NOT NULL,
	search      TEXT NOT NULL
) STRICT;

-- One mandate per e-mail and campaign; paper mandates without e-mail are not constrained.
CREATE UNIQUE INDEX mandates_email ON mandates (campaign_id, email_key) WHERE email_key <> '';
-- The list order; also serves ON DELETE CASCADE and every per-campaign query.
CREATE INDEX mandates_order ON mandates (campaign_id, sort_key, last_name, first_name, id);

-- Ping writes here: a health check must prove the database takes writes, not only that it answers.
CREATE TABLE health (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	checked_at TEXT NOT NULL
) STRICT;
