// Package postgres implements store.Store on PostgreSQL (pgx), for several instances sharing one
// database.
package postgres

import (
	"context"
	"errors"

	"saisine/store"
)

// Store is the PostgreSQL store.
type Store struct{ store.Store }

// Open connects to the database at url.
func Open(ctx context.Context, url string) (*Store, error) {
	return nil, errors.New("PostgreSQL: not yet implemented")
}
