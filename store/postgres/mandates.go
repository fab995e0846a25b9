package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"saisine/store"
	"saisine/store/internal/fold"
)

var columns = []string{"id", "campaign_id", "revoke_hash", "civility", "first_name", "last_name", "street",
	"complement", "postal_code", "city", "email", "signed_on", "signature", "source", "created_at",
	"updated_at", "revoked_at", "email_key", "sort_key", "search"}

// mandateCols are the columns a Mandate is read from: all but the derived keys.
var mandateCols = strings.Join(columns[:17], ", ")

// row is a new mandate's values in the order of columns; m's ID, CampaignID, Source and times are set.
func row(m *store.Mandate) []any {
	return []any{m.ID, m.CampaignID, nonNil(m.RevokeHash), m.Civility, m.FirstName, m.LastName, m.Street,
		m.Complement, m.PostalCode, m.City, m.Email, m.SignedOn, m.Signature, m.Source,
		m.CreatedAt, m.UpdatedAt, nil,
		fold.Email(m.Email), fold.SortKey(m.LastName, m.FirstName), fold.Search(m.FirstName, m.LastName, m.Email, m.City)}
}

func (s *Store) SignMandate(ctx context.Context, m store.Mandate, now time.Time) (store.Mandate, bool, error) {
	now = utc(now)
	if m.ID == "" {
		m.ID = store.NewID()
	}
	m.Source = store.SourceWeb
	m.CreatedAt, m.UpdatedAt, m.RevokedAt = now, now, time.Time{}
	var id string
	var createdAt time.Time
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := openCampaign(ctx, tx, m.CampaignID, now, "SHARE"); err != nil {
			return err
		}
		// ON CONFLICT settles two simultaneous signatures of one e-mail: one inserts, the other updates.
		return tx.QueryRow(ctx, `INSERT INTO mandates (`+strings.Join(columns, ", ")+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
			ON CONFLICT (campaign_id, email_key) WHERE email_key <> ''
			DO UPDATE SET revoke_hash = excluded.revoke_hash, civility = excluded.civility,
				first_name = excluded.first_name, last_name = excluded.last_name, street = excluded.street,
				complement = excluded.complement, postal_code = excluded.postal_code, city = excluded.city,
				email = excluded.email, signed_on = excluded.signed_on, signature = excluded.signature,
				source = excluded.source, updated_at = excluded.updated_at, revoked_at = NULL,
				sort_key = excluded.sort_key, search = excluded.search
			RETURNING id, created_at`, row(&m)...).Scan(&id, &createdAt)
	})
	if err != nil {
		return store.Mandate{}, false, err
	}
	// A fresh random id comes back only when the row is new.
	created := id == m.ID
	m.ID, m.CreatedAt = id, createdAt.UTC()
	m.RevokeHash = nilIfEmpty(m.RevokeHash)
	return m, created, nil
}

func (s *Store) ImportMandates(ctx context.Context, campaignID string, ms []store.Mandate, now time.Time) error {
	now = utc(now)
	dup := &store.DuplicateError{}
	given := make(map[string]string, len(ms)) // e-mail key → e-mail as first given
	repeated := map[string]bool{}
	var keys []string
	for _, m := range ms {
		k := fold.Email(m.Email)
		if k == "" {
			continue
		}
		if _, ok := given[k]; ok {
			if !repeated[k] {
				repeated[k] = true
				dup.Repeated = append(dup.Repeated, given[k])
			}
			continue
		}
		given[k] = m.Email
		keys = append(keys, k)
	}
	return s.tx(ctx, func(tx pgx.Tx) error {
		if err := openCampaign(ctx, tx, campaignID, now, "UPDATE"); err != nil {
			return err
		}
		if len(keys) > 0 {
			rows, err := tx.Query(ctx, `SELECT email_key FROM mandates WHERE campaign_id = $1 AND email_key = ANY($2)`,
				campaignID, keys)
			if err != nil {
				return err
			}
			existing, err := pgx.CollectRows(rows, pgx.RowTo[string])
			if err != nil {
				return err
			}
			found := make(map[string]bool, len(existing))
			for _, k := range existing {
				found[k] = true
			}
			for _, k := range keys { // in the import's order
				if found[k] {
					dup.Existing = append(dup.Existing, given[k])
				}
			}
		}
		if len(dup.Repeated) > 0 || len(dup.Existing) > 0 {
			return fmt.Errorf("import into campaign %s: %w", campaignID, dup)
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"mandates"}, columns, pgx.CopyFromSlice(len(ms), func(i int) ([]any, error) {
			m := ms[i]
			if m.ID == "" {
				m.ID = store.NewID()
			}
			m.CampaignID, m.Source = campaignID, store.SourcePaper
			m.CreatedAt, m.UpdatedAt = now, now
			return row(&m), nil
		}))
		return err
	})
}

func scanMandate(r pgx.Row) (store.Mandate, error) {
	var m store.Mandate
	var revokedAt *time.Time
	err := r.Scan(&m.ID, &m.CampaignID, &m.RevokeHash, &m.Civility, &m.FirstName, &m.LastName, &m.Street,
		&m.Complement, &m.PostalCode, &m.City, &m.Email, &m.SignedOn, &m.Signature, &m.Source,
		&m.CreatedAt, &m.UpdatedAt, &revokedAt)
	if err != nil {
		return store.Mandate{}, err
	}
	m.RevokeHash = nilIfEmpty(m.RevokeHash)
	m.CreatedAt, m.UpdatedAt, m.RevokedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC(), fromNull(revokedAt)
	return m, nil
}

func (s *Store) Mandate(ctx context.Context, id string) (store.Mandate, error) {
	m, err := scanMandate(s.pool.QueryRow(ctx, `SELECT `+mandateCols+` FROM mandates WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Mandate{}, fmt.Errorf("mandate %s: %w", id, store.ErrNotFound)
	}
	return m, wrap(err)
}

func (s *Store) RevokeMandate(ctx context.Context, id string, now time.Time) error {
	now = utc(now)
	// COALESCE keeps the first revocation's date: revoking again is a no-op, not an error.
	tag, err := s.pool.Exec(ctx, `UPDATE mandates SET revoked_at = coalesce(revoked_at, $1),
		updated_at = CASE WHEN revoked_at IS NULL THEN $1 ELSE updated_at END WHERE id = $2`, now, id)
	return oneRow(tag, err, "mandate", id)
}

const orderBy = ` ORDER BY sort_key, last_name, first_name, id`

func (s *Store) ListMandates(ctx context.Context, campaignID string, o store.ListOptions) ([]store.Mandate, error) {
	var q strings.Builder
	args := []any{campaignID}
	q.WriteString(`SELECT ` + mandateCols + ` FROM mandates WHERE campaign_id = $1`)
	if o.Revoked {
		q.WriteString(` AND revoked_at IS NOT NULL`)
	} else {
		q.WriteString(` AND revoked_at IS NULL`)
	}
	if query := fold.Query(o.Query); query != "" {
		args = append(args, query)
		fmt.Fprintf(&q, ` AND strpos(search, $%d) > 0`, len(args))
	}
	if o.Limit <= 0 {
		o.Limit = 100
	}
	args = append(args, o.Limit, max(o.Offset, 0))
	fmt.Fprintf(&q, orderBy+` LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := s.pool.Query(ctx, q.String(), args...)
	if err != nil {
		return nil, wrap(err)
	}
	ms, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Mandate, error) { return scanMandate(r) })
	if err != nil {
		return nil, wrap(err)
	}
	if len(ms) == 0 {
		return nil, s.campaignExists(ctx, campaignID)
	}
	return ms, nil
}

func (s *Store) EachMandate(ctx context.Context, campaignID string, fn func(store.Mandate) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+mandateCols+` FROM mandates
		WHERE campaign_id = $1 AND revoked_at IS NULL`+orderBy, campaignID)
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		m, err := scanMandate(rows)
		if err != nil {
			return wrap(err)
		}
		n++
		if err := fn(m); err != nil {
			return err // fn's own error, as it gave it
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	if n == 0 {
		return s.campaignExists(ctx, campaignID)
	}
	return nil
}

func (s *Store) Counts(ctx context.Context, campaignID string) (store.Counts, error) {
	var c store.Counts
	err := s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE revoked_at IS NULL),
		count(*) FILTER (WHERE revoked_at IS NOT NULL) FROM mandates WHERE campaign_id = $1`, campaignID).
		Scan(&c.Standing, &c.Revoked)
	if err != nil {
		return store.Counts{}, wrap(err)
	}
	if c == (store.Counts{}) {
		return c, s.campaignExists(ctx, campaignID)
	}
	return c, nil
}

func (s *Store) PerDay(ctx context.Context, campaignID string) ([]store.DayCount, error) {
	rows, err := s.pool.Query(ctx, `SELECT signed_on, count(*) FROM mandates
		WHERE campaign_id = $1 AND revoked_at IS NULL GROUP BY signed_on ORDER BY signed_on`, campaignID)
	if err != nil {
		return nil, wrap(err)
	}
	days, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.DayCount, error) {
		var d store.DayCount
		err := r.Scan(&d.Day, &d.Count)
		return d, err
	})
	if err != nil {
		return nil, wrap(err)
	}
	if len(days) == 0 {
		return nil, s.campaignExists(ctx, campaignID)
	}
	return days, nil
}
