package letters_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"saisine/letters"
)

// Text arrives from word processors, phones and web pages: normalisation must be safe on any string,
// and stable, since Decode, the web form and the mandants reader all apply it and a second pass (a
// case saved and loaded again) must not change a letter.
func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{
		"", "  Lille  ", "e\u0301cole", "a\r\nb\rc", "non\u2011breaking", "ligne\u2028suite",
		"\ufeffBOM", "zéro\u200blargeur", "emoji 😀\ufe0f", "\u202eevil\u202c", "\u3000espace",
		"soft\u00adhyphen", "tab\tend", "\x00nul", "\xff\xfe invalid", "«\u202fguillemets\u202f»",
		"\u0645\u0631\u062d\u0628\u0627", "Z\u0351\u0360a\u0352l\u0353g\u0354o", "\r\r\n",
		" \u0301", "e\u200b\u0301", "\u00a0\u2009\u202f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := letters.NormalizeText(s)
		if !utf8.ValidString(out) {
			t.Fatalf("NormalizeText(%q) = %q: not UTF-8", s, out)
		}
		if again := letters.NormalizeText(out); again != out {
			t.Fatalf("not idempotent: %q → %q → %q", s, out, again)
		}
		if strings.TrimSpace(out) != out {
			t.Fatalf("NormalizeText(%q) = %q: surrounding white space kept", s, out)
		}
		// What NormalizeText documents as removed or mapped never survives.
		for _, r := range out {
			switch {
			case r == '\r':
				t.Fatalf("NormalizeText(%q) = %q keeps a carriage return", s, out)
			case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
				t.Fatalf("NormalizeText(%q) = %q keeps U+%04X, which it documents as dropped", s, out, r)
			case r == '\u2011' || r == '\u2028' || r == '\u2029' || r == '\u3000':
				t.Fatalf("NormalizeText(%q) = %q keeps the variant U+%04X", s, out, r)
			}
		}
		// Text typed only with characters the fonts draw (or that normalisation removes) must come out
		// drawable: composing two drawable characters into one the fonts lack would make Check refuse
		// what the person typed correctly.
		if allDrawable(s) {
			for _, r := range out {
				if !letters.Printable(r) && r != '\n' && r != '\t' {
					t.Fatalf("NormalizeText(%q) = %q: U+%04X is not printable, though every input character was", s, out, r)
				}
			}
		}
	})
}

func allDrawable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		switch {
		case letters.Printable(r), r == '\n', r == '\r', r == '\t':
		case unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r):
		case r == '\u2011' || r == '\u2028' || r == '\u2029' || r == '\u3000':
		default:
			return false
		}
	}
	return true
}

var dateReasons = map[string]bool{
	letters.DateBadFormat: true, letters.DateBadYear: true, letters.DateBadMonth: true, letters.DateBadDay: true,
}

// FuzzParseDate: a string ParseDate accepts is its own canonical form, its French rendering reads back
// as the same date, and a refusal is a *DateError with a documented reason.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"", "2024", "2024-11", "2024-11-21", "2025-03-01", "2024-02-29", "2025-02-29",
		"1899", "1900-01-01", "9999-12-31", "2024-13", "2024-00-10", "2024-1-1", "21/11/2024", "２０２４",
		"2024-11-21T10:00", " 2024", "+024", "-001", "2024-11-\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := letters.ParseDate(s)
		if err != nil {
			var de *letters.DateError
			if !errors.As(err, &de) || de.Value != s || !dateReasons[de.Reason] {
				t.Fatalf("ParseDate(%q): %v", s, err)
			}
			if d != (letters.PartialDate{}) {
				t.Fatalf("ParseDate(%q) refused but returned %+v", s, d)
			}
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		checkDate(t, d)
	})
}

// FuzzFormatDateFR starts from the numbers, so that every valid date is reached, not only those the
// string fuzzer finds.
func FuzzFormatDateFR(f *testing.F) {
	f.Add(2024, 11, 21, 3)
	f.Add(2025, 3, 1, 3)
	f.Add(2024, 2, 29, 3)
	f.Add(2022, 11, 0, 2)
	f.Add(2021, 0, 0, 1)
	f.Add(1900, 1, 1, 3)
	f.Add(9999, 12, 31, 3)
	f.Fuzz(func(t *testing.T, year, month, day, precision int) {
		p := letters.Precision(1 + uint(precision)%3)
		d := letters.PartialDate{Year: 1900 + int(uint(year)%8100), Precision: p}
		if p >= letters.PrecisionMonth {
			d.Month = time.Month(1 + uint(month)%12)
		}
		if p == letters.PrecisionDay {
			last := time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
			d.Day = 1 + int(uint(day)%uint(last))
		}
		back, err := letters.ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%+v → %q → %+v, %v", d, d.String(), back, err)
		}
		checkDate(t, d)
	})
}

var monthsFR = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// checkDate checks the properties every valid date has.
func checkDate(t *testing.T, d letters.PartialDate) {
	t.Helper()
	if d.IsZero() {
		if letters.FormatDateFR(d) != "" || !d.First().IsZero() || !d.Last().IsZero() {
			t.Fatalf("zero date %+v prints or covers something", d)
		}
		return
	}
	fr := letters.FormatDateFR(d)
	if back, ok := readFR(fr); !ok || back != d {
		t.Fatalf("FormatDateFR(%+v) = %q, read back as %+v", d, fr, back)
	}
	first, last := d.First(), d.Last()
	if last.Before(first) || first.Location() != time.UTC || first.Hour() != 0 || last.Hour() != 0 {
		t.Fatalf("%+v covers %v … %v", d, first, last)
	}
	if letters.DateOf(first).String()[:len(d.String())] != d.String() ||
		letters.DateOf(last).String()[:len(d.String())] != d.String() {
		t.Fatalf("%+v covers days outside itself: %v … %v", d, first, last)
	}
	if d.Precision == letters.PrecisionDay && letters.DateOf(first) != d {
		t.Fatalf("DateOf(%v) = %+v, want %+v", first, letters.DateOf(first), d)
	}
}

// readFR reads « 21 novembre 2024 », « 1er mars 2025 », « novembre 2022 » or « 2021 ».
func readFR(s string) (letters.PartialDate, bool) {
	words := strings.Split(s, " ")
	var d letters.PartialDate
	year, err := strconv.Atoi(words[len(words)-1])
	if err != nil {
		return d, false
	}
	d.Year, d.Precision = year, letters.PrecisionYear
	if len(words) == 1 {
		return d, true
	}
	m := -1
	for i, name := range monthsFR {
		if words[len(words)-2] == name {
			m = i
		}
	}
	if m < 0 {
		return d, false
	}
	d.Month, d.Precision = time.Month(m+1), letters.PrecisionMonth
	switch len(words) {
	case 2:
		return d, true
	case 3:
		if words[0] == "1er" {
			d.Day = 1
		} else if d.Day, err = strconv.Atoi(words[0]); err != nil || d.Day == 1 {
			return d, false // « 1 mars » is not how a French letter writes it
		}
		d.Precision = letters.PrecisionDay
		return d, true
	}
	return d, false
}
