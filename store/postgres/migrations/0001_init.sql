-- The same schema as SQLite's. Text that is ordered or searched is COLLATE "C" (byte order): the keys
-- computed in Go carry the French order, and the database's own locale must not change it.
CREATE TABLE campaigns (
	id             text PRIMARY KEY,
	admin_hash     bytea NOT NULL,
	case_json      bytea NOT NULL,
	title          text NOT NULL,
	closes_on      timestamptz NOT NULL,
	retention_days integer NOT NULL CHECK (retention_days > 0),
	created_at     timestamptz NOT NULL,
	closed_at      timestamptz,
	-- Campaign.PurgeAt, kept up to date by every write so that Purge is one indexed DELETE.
	purge_at       timestamptz NOT NULL
);

CREATE INDEX campaigns_purge_at ON campaigns (purge_at);

CREATE TABLE mandates (
	id          text COLLATE "C" PRIMARY KEY,
	campaign_id text NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
	revoke_hash bytea NOT NULL,
	civility    text NOT NULL,
	first_name  text COLLATE "C" NOT NULL,
	last_name   text COLLATE "C" NOT NULL,
	street      text NOT NULL,
	complement  text NOT NULL,
	postal_code text NOT NULL,
	city        text NOT NULL,
	email       text NOT NULL,
	signed_on   text COLLATE "C" NOT NULL,
	signature   text NOT NULL,
	source      text NOT NULL CHECK (source IN ('web', 'paper')),
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL,
	revoked_at  timestamptz,
	-- Derived in Go (store/internal/fold) so that both implementations agree whatever the collation.
	email_key   text COLLATE "C" NOT NULL,
	sort_key    text COLLATE "C" NOT NULL,
	search      text COLLATE "C" NOT NULL
);

-- One mandate per e-mail and campaign; paper mandates without e-mail are not constrained.
CREATE UNIQUE INDEX mandates_email ON mandates (campaign_id, email_key) WHERE email_key <> '';
-- The list order; also serves ON DELETE CASCADE and every per-campaign query.
CREATE INDEX mandates_order ON mandates (campaign_id, sort_key, last_name, first_name, id);

-- Ping writes here: a health check must prove the database takes writes, not only that it answers.
CREATE TABLE health (
	id         integer PRIMARY KEY CHECK (id = 1),
	checked_at timestamptz NOT NULL
);
