package frtext

import (
	"testing"
	"time"
)

func TestTypo(t *testing.T) {
	for in, want := range map[string]string{
		"J'habite ici":                    "J’habite ici",
		"Objet : test ; fin !":            "Objet\u202f: test\u202f; fin\u202f!",
		"Pourquoi?":                       "Pourquoi\u202f?",
		"« a »":                           "«\u202fa\u202f»",
		"«a»":                             "«\u202fa\u202f»",
		`il dit "bonjour" puis`:           "il dit «\u202fbonjour\u202f» puis",
		"loi n° 78-17 et n°12":            "loi n°\u00a078-17 et n°\u00a012",
		"voir https://a.fr/b?c=d:e ; fin": "voir https://a.fr/b?c=d:e\u202f; fin",
		"à 10:30":                         "à 10:30",
		"deux  espaces\net ligne":         "deux espaces et ligne",
		"«\u202fdéjà\u202f»\u202f: idem":  "«\u202fdéjà\u202f»\u202f: idem",
		"Vraiment ?!":                     "Vraiment\u202f?!",
	} {
		if got := Typo(in); got != want {
			t.Errorf("Typo(%q) = %q, want %q", in, got, want)
		}
		if got := Typo(Typo(in)); got != want {
			t.Errorf("Typo not idempotent on %q: %q", in, got)
		}
	}
}

func TestDates(t *testing.T) {
	for in, want := range map[string][2]string{
		"2021":       {"2021", "en 2021"},
		"2022-11":    {"novembre 2022", "en novembre 2022"},
		"2024-11-21": {"21 novembre 2024", "le 21 novembre 2024"},
		"2025-03-01": {"1er mars 2025", "le 1er mars 2025"},
	} {
		d, ok := ParseDate(in)
		if !ok || d.String() != want[0] || d.On() != want[1] {
			t.Errorf("%s: %q %q", in, d.String(), d.On())
		}
	}
	for _, bad := range []string{"", "21/11/2024", "2024-13", "2025-02-30", "24-11-21"} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	d, _ := ParseDate("2023-04")
	if d.From() != "d’avril 2023" {
		t.Errorf("From = %q", d.From())
	}
	if got := AddMonths(time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC), 1); got.Day() != 28 || got.Month() != 2 {
		t.Errorf("AddMonths = %v", got)
	}
}

func TestDe(t *testing.T) {
	for in, want := range map[string]string{
		"Lille": "de Lille", "Arras": "d’Arras", "Le Havre": "du Havre", "Les Mureaux": "des Mureaux",
		"La Rochelle": "de La Rochelle", "Évry": "d’Évry",
	} {
		if got := De(in); got != want {
			t.Errorf("De(%q) = %q", in, got)
		}
	}
}

func TestTypographyError(t *testing.T) {
	tests := map[string]string{
		"L’article 35\u202f: ok, «\u202fcité\u202f», pièce n°\u00a01.": "",
		"l'article":     "typewriter apostrophe",
		"un \"mot\"":    "straight double quote",
		"ceci : cela":   "no narrow no-break space before :",
		"«\u202fa »":    "no narrow no-break space before »",
		"« a\u202f»":    "no narrow no-break space after «",
		"pièce n° 1":    "no no-break space after n°",
		"deux  espaces": "double space",
	}
	for in, want := range tests {
		if got := TypographyError(in); got != want {
			t.Errorf("TypographyError(%q) = %q, want %q", in, got, want)
		}
	}
}
