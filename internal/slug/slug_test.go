package slug

import "testing"

func TestMake(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"plainte-cnil", "Villeneuve-d’Ascq"}, "plainte-cnil-villeneuve-d-ascq"},
		{[]string{"VILLENEUVE D'ASCQ"}, "villeneuve-d-ascq"},
		{[]string{"Dubœuf", "Benoît"}, "duboeuf-benoit"},
		{[]string{"  ", "’"}, "saisine"},
	} {
		if got := Make(tc.in...); got != tc.want {
			t.Errorf("Make(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
