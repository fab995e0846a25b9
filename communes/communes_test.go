package communes

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	communesdata "saisine/assets/communes"
	"saisine/letters"
)

func names(cs []Commune) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestByPostalCode(t *testing.T) {
	tests := []struct {
		code string
		want []Commune // nil: none
	}{
		{"59000", []Commune{{"59350", "Lille", "59000", "59"}}},
		{"59800", []Commune{{"59350", "Lille", "59800", "59"}}},
		{"59491", []Commune{{"59009", "Villeneuve-d'Ascq", "59491", "59"}}},
		{"75001", []Commune{{"75056", "Paris", "75001", "75"}}},
		{"75116", []Commune{{"75056", "Paris", "75116", "75"}}},
		{"75020", []Commune{{"75056", "Paris", "75020", "75"}}},
		{"69001", []Commune{{"69123", "Lyon", "69001", "69"}}},
		{"69009", []Commune{{"69123", "Lyon", "69009", "69"}}},
		{"13001", []Commune{{"13055", "Marseille", "13001", "13"}}},
		{"13016", []Commune{{"13055", "Marseille", "13016", "13"}}},
		{"20000", []Commune{{"2A004", "Ajaccio", "20000", "2A"}}},
		{"20200", []Commune{ // Haute-Corse
			{"2B033", "Bastia", "20200", "2B"},
			{"2B305", "San-Martino-di-Lota", "20200", "2B"},
			{"2B309", "Santa-Maria-di-Lota", "20200", "2B"},
			{"2B353", "Ville-di-Pietrabugno", "20200", "2B"},
		}},
		{"59350", []Commune{{"59527", "Saint-André-lez-Lille", "59350", "59"}}}, // Lille's INSEE code is another commune's postal code
		{"97400", []Commune{{"97411", "Saint-Denis", "97400", "974"}}},
		{"97600", []Commune{{"97610", "Koungou", "97600", "976"}, {"97611", "Mamoudzou", "97600", "976"}}},
		{"97500", []Commune{{"97501", "Miquelon-Langlade", "97500", "975"}, {"97502", "Saint-Pierre", "97500", "975"}}},
		// Several communes, by name with accents ignored: « Épieds » between B and N, not after N.
		{"27730", []Commune{{"27119", "Bueil", "27730", "27"}, {"27220", "Épieds", "27730", "27"}, {"27429", "Neuilly", "27730", "27"}}},
		// Unknown, malformed, or collectivities left out (see the package doc).
		{"00000", nil}, {"abc", nil}, {"", nil}, {"5900", nil}, {"590000", nil}, {" 59000", nil},
		{"97133", nil}, {"98800", nil}, {"98000", nil},
	}
	for _, tt := range tests {
		got := ByPostalCode(tt.code)
		if !slices.Equal(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("ByPostalCode(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestByPostalCodeShared(t *testing.T) {
	want := []string{"Chanoz-Châtenay", "Châtillon-sur-Chalaronne", "Condeissiat", "Dompierre-sur-Chalaronne",
		"L'Abergement-Clémenciat", "Neuville-les-Dames", "Romans", "Saint-Georges-sur-Renon", "Sandrans", "Sulignat"}
	if got := names(ByPostalCode("01400")); !slices.Equal(got, want) {
		t.Errorf("01400: %q\nwant %q", got, want)
	}
	// The result is the caller's: changing it does not change the table.
	got := ByPostalCode("01400")
	got[0].Name = "x"
	if ByPostalCode("01400")[0].Name != want[0] {
		t.Error("ByPostalCode returned shared storage")
	}
}

func TestByINSEE(t *testing.T) {
	tests := []struct {
		code string
		want Commune
		ok   bool
	}{
		{"59350", Commune{"59350", "Lille", "59000", "59"}, true},
		{"75056", Commune{"75056", "Paris", "75001", "75"}, true},
		{"2A004", Commune{"2A004", "Ajaccio", "20000", "2A"}, true},
		{"2B033", Commune{"2B033", "Bastia", "20200", "2B"}, true},
		{"97411", Commune{"97411", "Saint-Denis", "97400", "974"}, true},
		{"42218", Commune{"42218", "Saint-Étienne", "42000", "42"}, true},
		{"75101", Commune{}, false}, // Paris 1er arrondissement: the commune is 75056
		{"69381", Commune{}, false}, // Lyon 1er
		{"13201", Commune{}, false}, // Marseille 1er
		{"01039", Commune{}, false}, // Béon, commune déléguée of Culoz-Béon (01138)
		{"01138", Commune{"01138", "Culoz-Béon", "01350", "01"}, true},
		{"20004", Commune{}, false}, // Ajaccio's pre-1976 code
		{"2a004", Commune{}, false},
		{"97701", Commune{}, false}, // Saint-Barthélemy, refused by letters.ValidINSEE
		{"", Commune{}, false},
		{"abc", Commune{}, false},
	}
	for _, tt := range tests {
		got, ok := ByINSEE(tt.code)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ByINSEE(%q) = %v, %v; want %v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	if c, _ := ByINSEE("59350"); c.Name != "Lille" {
		t.Errorf("ByINSEE(59350).Name = %q", c.Name)
	}
}

func TestPostalCodes(t *testing.T) {
	if got, want := PostalCodes("59350"), []string{"59000", "59160", "59260", "59777", "59800"}; !slices.Equal(got, want) {
		t.Errorf("PostalCodes(59350) = %q, want %q", got, want)
	}
	if got := PostalCodes("75056"); len(got) != 21 || !slices.Contains(got, "75116") {
		t.Errorf("PostalCodes(75056) = %q", got)
	}
	if got := PostalCodes("00000"); got != nil {
		t.Errorf("PostalCodes(00000) = %q", got)
	}
}

// TestDataset walks the whole embedded table: every code passes the letters validators that a case
// file is checked with, names are NFC, lines are sorted and unique, and the counts are those that
// assets/communes/PROVENANCE.md records (update both when regenerating).
func TestDataset(t *testing.T) {
	const wantRows, wantCommunes, wantPostal = 35361, 34877, 6188
	data := string(communesdata.TSV)
	lines := strings.Split(strings.TrimSuffix(data, "\n"), "\n")
	if lines[0] != header || !strings.HasSuffix(data, "\n") {
		t.Fatalf("header %q or missing final newline", lines[0])
	}
	lines = lines[1:]
	if !slices.IsSorted(lines) || len(slices.Compact(slices.Clone(lines))) != len(lines) {
		t.Error("lines are not sorted and unique")
	}
	deps := map[string]bool{}
	for i, line := range lines {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("line %d: %q", i+2, line)
		}
		cp, insee, name, dep := f[0], f[1], f[2], f[3]
		if !letters.ValidPostalCode(cp) {
			t.Errorf("line %d: postal code %q refused by letters.ValidPostalCode", i+2, cp)
		}
		if !letters.ValidINSEE(insee) {
			t.Errorf("line %d: INSEE code %q refused by letters.ValidINSEE", i+2, insee)
		}
		if !strings.HasPrefix(insee, dep) || (len(dep) != 2 && len(dep) != 3) {
			t.Errorf("line %d: département %q of %q", i+2, dep, insee)
		}
		deps[dep] = true
		if name == "" || strings.TrimSpace(name) != name || strings.ContainsRune(name, '’') {
			t.Errorf("line %d: name %q", i+2, name)
		}
		for _, r := range name {
			if unicode.Is(unicode.Mn, r) || r == unicode.ReplacementChar || unicode.IsControl(r) {
				t.Errorf("line %d: name %q holds %U (not NFC or not text)", i+2, name, r)
			}
		}
		// Corsica: postal codes 20xxx, INSEE 2A/2B, and no other département uses 20.
		if strings.HasPrefix(cp, "20") != (dep == "2A" || dep == "2B") {
			t.Errorf("line %d: %s %s", i+2, cp, insee)
		}
	}
	// 96 metropolitan départements (01–19, 2A, 2B, 21–95) and 971–976.
	if len(deps) != 102 {
		t.Errorf("%d départements", len(deps))
	}
	tb := load()
	if tb.rows != wantRows || len(tb.byINSEE) != wantCommunes || len(tb.byPostal) != wantPostal {
		t.Errorf("rows %d communes %d postal codes %d; want %d %d %d",
			tb.rows, len(tb.byINSEE), len(tb.byPostal), wantRows, wantCommunes, wantPostal)
	}
	for cp, list := range tb.byPostal {
		if !slices.IsSortedFunc(list, compare) {
			t.Errorf("%s not sorted: %q", cp, names(list))
		}
	}
}

func TestCompare(t *testing.T) {
	sorted := []string{"Abbeville", "Eaucourt", "Écouen", "Oeuilly", "Œuilly", "Oeuvres", "Saint-Denis", "Sainte-Anne", "Saints"}
	for i := 0; i+1 < len(sorted); i++ {
		a, b := Commune{Name: sorted[i]}, Commune{Name: sorted[i+1]}
		if compare(a, b) >= 0 || compare(b, a) <= 0 {
			t.Errorf("want %q < %q", sorted[i], sorted[i+1])
		}
	}
	if compare(Commune{Name: "Ayen", INSEE: "1"}, Commune{Name: "Ayen", INSEE: "2"}) >= 0 {
		t.Error("INSEE tie-break")
	}
}

func TestConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for _, code := range []string{"59000", "75001", "20000", "97400", "01400"} {
				if len(ByPostalCode(code)) == 0 {
					t.Errorf("goroutine %d: %s empty", i, code)
				}
				if _, ok := ByINSEE("59350"); !ok {
					t.Errorf("goroutine %d: 59350", i)
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkByPostalCode(b *testing.B) {
	codes := []string{"59000", "75001", "01400", "20200", "97400", "51300", "00000"}
	load()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ByPostalCode(codes[i%len(codes)])
	}
}

func BenchmarkParse(b *testing.B) {
	data := string(communesdata.TSV)
	b.ReportAllocs()
	for b.Loop() {
		parse(data)
	}
}

func TestParseMalformed(t *testing.T) {
	for _, data := range []string{"", "postal_code\tinsee\n", header + "\n59000\t59350\tLille\n", header + "\n59000\t59350\tLille\t59\tx\n"} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("parse(%q) did not panic", data)
				}
			}()
			parse(data)
		}()
	}
	if tb := parse(header + "\n59000\t59350\tLille\t59\n59800\t59350\tLille\t59"); tb.rows != 2 || tb.byINSEE["59350"].c.PostalCode != "59000" {
		t.Errorf("parse without final newline: %+v", tb)
	}
}
