package postgres_test

import (
	"context"
	"os"
	"testing"

	"saisine/store"
	"saisine/store/postgres"
	"saisine/store/storetest"
)

const envCrashURL = "SAISINE_TEST_POSTGRES_CRASH_URL"

func TestMain(m *testing.M) {
	storetest.CrashChild(func(ctx context.Context) (store.Store, error) {
		return postgres.Open(ctx, os.Getenv(envCrashURL))
	})
	os.Exit(m.Run())
}
