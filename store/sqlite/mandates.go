package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"saisine/store"
	"saisine/store/internal/fold"
)

const mandateCols = `id, campaign_id, revoke_hash, civility, first_name, last_name, street, complement,
	postal_code, city, email, signed_on, signature, source, created_at, updated_at, revoked_at`

const insertMandate = `INSERT INTO mandates (` + mandateCols + `, email_key, sort_key, search)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`

// insertArgs are the arguments of insertMandate; m's ID, CampaignID, Source and times are set.
func insertArgs(m *store.Mandate) []any {
	return []any{m.ID, m.CampaignID, nonNil(m.RevokeHash), m.Civility, m.FirstName, m.LastName, m.Street,
		m.Complement, m.PostalCode, m.City, m.Email, m.SignedOn, m.Signature, m.Source,
		fmtTime(m.CreatedAt), fmtTime(m.UpdatedAt),
		fold.Email(m.Email), fold.SortKey(m.LastName, m.FirstName), fold.Search(m.FirstName, m.LastName, m.Email, m.City)}
}

func (s *Store) SignMandate(ctx context.Context, m store.Mandate, now time.Time) (store.Mandate, bool, error) {
	now = now.UTC().Truncate(time.Microsecond)
	if m.ID == "" {
		m.ID = store.NewID()
	}
	m.Source = store.SourceWeb
	m.CreatedAt, m.UpdatedAt, m.RevokedAt = now, now, time.Time{}
	var id, createdAt string
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := openCampaign(ctx, tx, m.CampaignID, now); err != nil {
			return err
		}
		// The upsert finds an earlier mandate of the same e-mail through the partial unique index;
		// one with no e-mail never conflicts and is simply inserted.
		return tx.QueryRowContext(ctx, insertMandate+` ON CONFLICT (campaign_id, email_key) WHERE email_key <> ''
			DO UPDATE SET revoke_hash = excluded.revoke_hash, civility = excluded.civility,
				first_name = excluded.first_name, last_name = excluded.last_name, street = excluded.street,
				complement = excluded.complement, postal_code = excluded.postal_code, city = excluded.city,
				email = excluded.email, signed_on = excluded.signed_on, signature = excluded.signature,
				source = excluded.source, updated_at = excluded.updated_at, revoked_at = NULL,
				sort_key = excluded.sort_key, search = excluded.search
			RETURNING id, created_at`, insertArgs(&m)...).Scan(&id, &createdAt)
	})
	if err != nil {
		return store.Mandate{}, false, err
	}
	// A fresh random id comes back only when the row is new.
	created := id == m.ID
	m.ID = id
	if m.CreatedAt, err = parseTime(createdAt); err != nil {
		return store.Mandate{}, false, err
	}
	m.RevokeHash = nilIfEmpty(m.RevokeHash)
	return m, created, nil
}

func (s *Store) ImportMandates(ctx context.Context, campaignID string, ms []store.Mandate, now time.Time) error {
	now = now.UTC().Truncate(time.Microsecond)
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
	return s.write(ctx, func(tx *sql.Tx) error {
		if err := openCampaign(ctx, tx, campaignID, now); err != nil {
			return err
		}
		if len(keys) > 0 {
			list, err := json.Marshal(keys)
			if err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, `SELECT email_key FROM mandates WHERE campaign_id = ?
				AND email_key IN (SELECT value FROM json_each(?))`, campaignID, string(list))
			if err != nil {
				return err
			}
			existing := map[string]bool{}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				existing[k] = true
			}
			if err := errors.Join(rows.Err(), rows.Close()); err != nil {
				return err
			}
			for _, k := range keys { // in the import's order
				if existing[k] {
					dup.Existing = append(dup.Existing, given[k])
				}
			}
		}
		if len(dup.Repeated) > 0 || len(dup.Existing) > 0 {
			return fmt.Errorf("import into campaign %s: %w", campaignID, dup)
		}
		// Several rows per statement: each statement costs a trip through database/sql and the
		// driver, which dominated a 10,000-row import when made row by row.
		var full *sql.Stmt
		args := make([]any, 0, importBatch*19)
		for start := 0; start < len(ms); start += importBatch {
			batch := ms[start:min(start+importBatch, len(ms))]
			args = args[:0]
			for _, m := range batch {
				if m.ID == "" {
					m.ID = store.NewID()
				}
				m.CampaignID, m.Source = campaignID, store.SourcePaper
				m.CreatedAt, m.UpdatedAt = now, now
				args = append(args, insertArgs(&m)...)
			}
			var err error
			if len(batch) == importBatch {
				if full == nil {
					if full, err = tx.PrepareContext(ctx, insertMandates(importBatch)); err != nil {
						return err
					}
					defer full.Close()
				}
				_, err = full.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, insertMandates(len(batch)), args...)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// importBatch rows of 19 parameters stay well below SQLite's 32,766 parameters per statement.
const importBatch = 100

// insertMandates inserts n rows of insertArgs.
func insertMandates(n int) string {
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)"
	return `INSERT INTO mandates (` + mandateCols + `, email_key, sort_key, search) VALUES ` +
		strings.Repeat(row+", ", n-1) + row
}

type scanner interface{ Scan(dest ...any) error }

func scanMandate(row scanner) (store.Mandate, error) {
	var (
		m                    store.Mandate
		createdAt, updatedAt string
		revokedAt            sql.NullString
	)
	err := row.Scan(&m.ID, &m.CampaignID, &m.RevokeHash, &m.Civility, &m.FirstName, &m.LastName, &m.Street,
		&m.Complement, &m.PostalCode, &m.City, &m.Email, &m.SignedOn, &m.Signature, &m.Source,
		&createdAt, &updatedAt, &revokedAt)
	if err != nil {
		return store.Mandate{}, err
	}
	m.RevokeHash = nilIfEmpty(m.RevokeHash)
	if m.CreatedAt, err = parseTime(createdAt); err != nil {
		return store.Mandate{}, err
	}
	if m.UpdatedAt, err = parseTime(updatedAt); err != nil {
		return store.Mandate{}, err
	}
	if m.RevokedAt, err = parseNullTime(revokedAt); err != nil {
		return store.Mandate{}, err
	}
	return m, nil
}

func (s *Store) Mandate(ctx context.Context, id string) (store.Mandate, error) {
	m, err := scanMandate(s.r.QueryRowContext(ctx, `SELECT `+mandateCols+` FROM mandates WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Mandate{}, fmt.Errorf("mandate %s: %w", id, store.ErrNotFound)
	}
	return m, wrap(err)
}

func (s *Store) RevokeMandate(ctx context.Context, id string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var revoked sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM mandates WHERE id = ?`, id).Scan(&revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("mandate %s: %w", id, store.ErrNotFound)
		}
		if err != nil || revoked.Valid {
			return err
		}
		t := fmtTime(now)
		_, err = tx.ExecContext(ctx, `UPDATE mandates SET revoked_at = ?, updated_at = ? WHERE id = ?`, t, t, id)
		return err
	})
}

const orderBy = ` ORDER BY sort_key, last_name, first_name, id`

func (s *Store) ListMandates(ctx context.Context, campaignID string, o store.ListOptions) ([]store.Mandate, error) {
	var q strings.Builder
	args := []any{campaignID}
	q.WriteString(`SELECT ` + mandateCols + ` FROM mandates WHERE campaign_id = ?`)
	if o.Revoked {
		q.WriteString(` AND revoked_at IS NOT NULL`)
	} else {
		q.WriteString(` AND revoked_at IS NULL`)
	}
	if query := fold.Query(o.Query); query != "" {
		q.WriteString(` AND instr(search, ?) > 0`)
		args = append(args, query)
	}
	if o.Limit <= 0 {
		o.Limit = 100
	}
	q.WriteString(orderBy + ` LIMIT ? OFFSET ?`)
	args = append(args, o.Limit, max(o.Offset, 0))
	rows, err := s.r.QueryContext(ctx, q.String(), args...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var ms []store.Mandate
	for rows.Next() {
		m, err := scanMandate(rows)
		if err != nil {
			return nil, wrap(err)
		}
		ms = append(ms, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	if len(ms) == 0 {
		return nil, s.campaignExists(ctx, campaignID)
	}
	return ms, nil
}

func (s *Store) EachMandate(ctx context.Context, campaignID string, fn func(store.Mandate) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+mandateCols+` FROM mandates
		WHERE campaign_id = ? AND revoked_at IS NULL`+orderBy, campaignID)
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
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE revoked_at IS NULL),
		count(*) FILTER (WHERE revoked_at IS NOT NULL) FROM mandates WHERE campaign_id = ?`, campaignID).
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
	rows, err := s.r.QueryContext(ctx, `SELECT signed_on, count(*) FROM mandates
		WHERE campaign_id = ? AND revoked_at IS NULL GROUP BY signed_on ORDER BY signed_on`, campaignID)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	var days []store.DayCount
	for rows.Next() {
		var d store.DayCount
		if err := rows.Scan(&d.Day, &d.Count); err != nil {
			return nil, wrap(err)
		}
		days = append(days, d)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	if len(days) == 0 {
		return nil, s.campaignExists(ctx, campaignID)
	}
	return days, nil
}
