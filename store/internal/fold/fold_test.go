package fold_test

import (
	"strings"
	"testing"

	"saisine/store/internal/fold"
)

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"Léa":           "lea",
		"HÉLÈNE":        "helene",
		"Lœuillet":      "loeuillet",
		"d’Arc":         "d'arc",
		"Noël\x01x":     "noel x",
		"Ça ne fait ri": "ca ne fait ri",
	} {
		if got := fold.Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSortKeyOrder(t *testing.T) {
	// Each name must sort strictly before the next.
	names := [][2]string{{"de Gaulle", "Charles"}, {"Dupont", "Zoé"}, {"Dupontel", "Albert"}, {"Émile", "Paul"}, {"Zola", "Émile"}}
	for i := 1; i < len(names); i++ {
		a := fold.SortKey(names[i-1][0], names[i-1][1])
		b := fold.SortKey(names[i][0], names[i][1])
		if strings.Compare(a, b) >= 0 {
			t.Errorf("%v should sort before %v", names[i-1], names[i])
		}
	}
}

func TestSearchDoesNotSpanFields(t *testing.T) {
	s := fold.Search("Léa", "Martin", "lea@exemple.fr", "Lyon")
	if strings.Contains(s, fold.Query("lea martin")) {
		t.Error("a query matched across two fields")
	}
	if !strings.Contains(s, fold.Query(" LÉA ")) {
		t.Error("« LÉA » not found in the first name")
	}
}
