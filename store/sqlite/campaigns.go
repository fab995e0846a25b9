package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

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
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO campaigns
			(id, admin_hash, case_json, title, closes_on, retention_days, created_at, closed_at, purge_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, nonNil(c.AdminHash), nonNil(c.Case), c.Title, fmtTime(c.ClosesOn), c.RetentionDays,
			fmtTime(c.CreatedAt), nullTime(c.ClosedAt), fmtTime(c.PurgeAt()))
		return err
	})
}

func (s *Store) Campaign(ctx context.Context, id string) (store.Campaign, error) {
	var (
		c                            store.Campaign
		closesOn, createdAt, purgeAt string
		closedAt                     sql.NullString
	)
	err := s.r.QueryRowContext(ctx, `SELECT id, admin_hash, case_json, title, closes_on, retention_days,
		created_at, closed_at, purge_at FROM campaigns WHERE id = ?`, id).Scan(
		&c.ID, &c.AdminHash, &c.Case, &c.Title, &closesOn, &c.RetentionDays, &createdAt, &closedAt, &purgeAt)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Campaign{}, fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Campaign{}, wrap(err)
	}
	c.AdminHash, c.Case = nilIfEmpty(c.AdminHash), nilIfEmpty(c.Case)
	if c.ClosesOn, err = parseTime(closesOn); err != nil {
		return store.Campaign{}, err
	}
	if c.CreatedAt, err = parseTime(createdAt); err != nil {
		return store.Campaign{}, err
	}
	if c.ClosedAt, err = parseNullTime(closedAt); err != nil {
		return store.Campaign{}, err
	}
	return c, nil
}

func (s *Store) UpdateCampaign(ctx context.Context, c store.Campaign) error {
	if err := c.Settle(); err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET case_json = ?, title = ?, closes_on = ?,
			retention_days = ?, closed_at = ?, purge_at = ? WHERE id = ?`,
			nonNil(c.Case), c.Title, fmtTime(c.ClosesOn), c.RetentionDays, nullTime(c.ClosedAt),
			fmtTime(c.PurgeAt()), c.ID)
		return oneRow(res, err, "campaign", c.ID)
	})
}

func (s *Store) DeleteCampaign(ctx context.Context, id string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM campaigns WHERE id = ?`, id)
		return oneRow(res, err, "campaign", id)
	})
}

// oneRow turns an UPDATE or DELETE that touched nothing into ErrNotFound.
func oneRow(res sql.Result, err error, what, id string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%s %s: %w", what, id, store.ErrNotFound)
	}
	return nil
}

func (s *Store) Purge(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM campaigns WHERE purge_at <= ?`, fmtTime(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// Ping reads through the reader pool and writes through the writer, so that it fails on a read-only
// or full disk as a signature would.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return wrap(err)
	}
	// writeTx, not write: the probe's success must not hide a signature that just failed.
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO health (id, checked_at) VALUES (1, ?)
			ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, fmtTime(time.Now()))
		return err
	}); err != nil {
		return err
	}
	return s.lastWriteFailed()
}

// openCampaign checks, inside a write transaction, that the campaign exists and takes mandates at now.
func openCampaign(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	var closesOn string
	var closedAt sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT closes_on, closed_at FROM campaigns WHERE id = ?`, id).Scan(&closesOn, &closedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return err
	}
	var c store.Campaign
	if c.ClosesOn, err = parseTime(closesOn); err != nil {
		return err
	}
	if c.ClosedAt, err = parseNullTime(closedAt); err != nil {
		return err
	}
	if !c.Open(now) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrClosed)
	}
	return nil
}

// campaignExists tells an empty answer from an unknown campaign.
func (s *Store) campaignExists(ctx context.Context, id string) error {
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM campaigns WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("campaign %s: %w", id, store.ErrNotFound)
	}
	return wrap(err)
}
