package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"saisine/store"
)

func TestDuplicateError(t *testing.T) {
	err := fmt.Errorf("import: %w", &store.DuplicateError{
		Repeated: []string{"a@exemple.fr"},
		Existing: []string{"b1@x.fr", "b2@x.fr", "b3@x.fr", "b4@x.fr", "b5@x.fr", "b6@x.fr", "b7@x.fr"},
	})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Error("not ErrDuplicate")
	}
	var d *store.DuplicateError
	if !errors.As(err, &d) || len(d.Existing) != 7 {
		t.Fatal("errors.As lost the e-mails")
	}
	msg := err.Error()
	for _, want := range []string{"a@exemple.fr", "b5@x.fr", "and 2 more"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "b6@x.fr") {
		t.Errorf("%q lists more than five e-mails", msg)
	}
}
