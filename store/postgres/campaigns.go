package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"saisine/store"
)

// CreateCampaign stores a new campaign; a zero CreatedAt is taken as now.
func (s *Store) CreateCampaign(ctx context.Context, c store.Campaign) error {
	if err := c.Settle(); err != nil {
		return err
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now()
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO campaigns
		(id, admin_hash, case_json, title, closes_on, retention_days, created_at, closed_at, purge_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.ID, nonNil(c.AdminHash), nonNil(c.Case), c.Title, utc(c.ClosesOn), c.RetentionDays,
		utc(c.CreatedAt), nullTime(c.ClosedAt), utc(c.PurgeAt()))
	return wrap(err)
}

func (s *Store) Campaign(ctx context.Context, id string) (store.Campaign, error) {
	var c store.Campaign
	var closedAt *time.Time
	err := s.pool.QueryRow(ctx, `SELECT id, admin_hash, case_json, title, closes_on, retention_days,
		created_at, closed_at FROM campaigns WHERE id = $1`, id).Scan(
		&c.ID, &c.AdminHash, &c.Case, &c.Title, &c.ClosesOn, &c.RetentionDays, &c.CreatedAt, &closedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Campaign{}, fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Campaign{}, wrap(err)
	}
	c.AdminHash, c.Case = nilIfEmpty(c.AdminHash), nilIfEmpty(c.Case)
	c.ClosesOn, c.CreatedAt, c.ClosedAt = c.ClosesOn.UTC(), c.CreatedAt.UTC(), fromNull(closedAt)
	return c, nil
}

func (s *Store) UpdateCampaign(ctx context.Context, c store.Campaign) error {
	if err := c.Settle(); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE campaigns SET case_json = $1, title = $2, closes_on = $3,
		retention_days = $4, closed_at = $5, purge_at = $6 WHERE id = $7`,
		nonNil(c.Case), c.Title, utc(c.ClosesOn), c.RetentionDays, nullTime(c.ClosedAt), utc(c.PurgeAt()), c.ID)
	return oneRow(tag, err, "campaign", c.ID)
}

func (s *Store) DeleteCampaign(ctx context.Context, id string) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM campaigns WHERE id = $1`, id)
	return oneRow(tag, err, "campaign", id)
}

// oneRow turns an UPDATE or DELETE that touched nothing into ErrNotFound.
func oneRow(tag pgconn.CommandTag, err error, what, id string) error {
	if err != nil {
		return wrap(err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s %s: %w", what, id, store.ErrNotFound)
	}
	return nil
}

func (s *Store) Purge(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM campaigns WHERE purge_at <= $1`, utc(now))
	if err != nil {
		return 0, wrap(err)
	}
	return int(tag.RowsAffected()), nil
}

// Ping writes, so that it fails on a read-only or full database as a signature would.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO health (id, checked_at) VALUES (1, now())
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`)
	return wrap(err)
}

// openCampaign checks, inside a transaction, that the campaign exists and takes mandates at now. The
// row lock (share for a signature, exclusive for an import) keeps a concurrent close or import from
// slipping between the check and the insert.
func openCampaign(ctx context.Context, tx pgx.Tx, id string, now time.Time, lock string) error {
	var c store.Campaign
	var closedAt *time.Time
	err := tx.QueryRow(ctx, `SELECT closes_on, closed_at FROM campaigns WHERE id = $1 FOR `+lock, id).Scan(&c.ClosesOn, &closedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return err
	}
	c.ClosesOn, c.ClosedAt = c.ClosesOn.UTC(), fromNull(closedAt)
	if !c.Open(now) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrClosed)
	}
	return nil
}

// campaignExists tells an empty answer from an unknown campaign.
func (s *Store) campaignExists(ctx context.Context, id string) error {
	var one int
	err := s.pool.QueryRow(ctx, `SELECT 1 FROM campaigns WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	return wrap(err)
}
