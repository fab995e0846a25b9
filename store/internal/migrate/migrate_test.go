package migrate_test

import (
	"testing"
	"testing/fstest"

	"saisine/store/internal/migrate"
)

func TestLoad(t *testing.T) {
	sql := &fstest.MapFile{Data: []byte("SELECT 1;")}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  []int
		fails bool
	}{
		{"ordered", fstest.MapFS{"m/0002_b.sql": sql, "m/0001_a.sql": sql, "m/README": sql}, []int{1, 2}, false},
		{"gap", fstest.MapFS{"m/0001_a.sql": sql, "m/0003_c.sql": sql}, nil, true},
		{"duplicate", fstest.MapFS{"m/0001_a.sql": sql, "m/0001_b.sql": sql}, nil, true},
		{"unnumbered", fstest.MapFS{"m/init.sql": sql}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := migrate.Load(tc.files, "m")
			if tc.fails {
				if err == nil {
					t.Fatal("no error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != len(tc.want) {
				t.Fatalf("got %d migrations, want %d", len(ms), len(tc.want))
			}
			for i, v := range tc.want {
				if ms[i].Version != v || ms[i].SQL != "SELECT 1;" {
					t.Errorf("migration %d = %+v", i, ms[i])
				}
			}
		})
	}
}
