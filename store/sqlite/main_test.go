package sqlite_test

import (
	"context"
	"os"
	"testing"

	"saisine/store"
	"saisine/store/sqlite"
	"saisine/store/storetest"
)

const envCrashPath = "SAISINE_TEST_SQLITE_CRASH_PATH"

func TestMain(m *testing.M) {
	storetest.CrashChild(func(ctx context.Context) (store.Store, error) {
		return sqlite.Open(ctx, os.Getenv(envCrashPath))
	})
	os.Exit(m.Run())
}
