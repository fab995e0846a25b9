package sqlite

import "context"

// OpenReadOnly opens the database with SQLite's mode=ro, as a read-only file system would leave it.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) { return open(ctx, path, true) }
