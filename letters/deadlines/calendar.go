package deadlines

import (
	"strings"
	"time"

	"saisine/letters"
)

// day returns midnight UTC of the calendar day of t (in t's location). Every date of this package is
// such a day, so that days can be compared and subtracted without time-zone surprises.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// AddMonths adds n calendar months to the day d: the delay runs to the day of the target month with
// the same number, or to the last day of that month when it has no such day (31 January + 1 month =
// 28 or 29 February; 31 March + 1 month = 30 April). The day of d itself is not counted, which is what
// « same number » means: 13 January + 1 month = 13 February. clamped reports that the month was too
// short.
func AddMonths(d time.Time, n int) (end time.Time, clamped bool) {
	y, m, dd := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := daysIn(first.Year(), first.Month())
	if dd > last {
		return time.Date(first.Year(), first.Month(), last, 0, 0, 0, 0, time.UTC), true
	}
	return time.Date(first.Year(), first.Month(), dd, 0, 0, 0, 0, time.UTC), false
}

// Easter returns Easter Sunday of the given Gregorian year (anonymous Gregorian algorithm, also known
// as Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), dd, 0, 0, 0, 0, time.UTC)
}

// Names of the public holidays, as IsHoliday returns them.
const (
	NewYear       = "jour de l’An"
	EasterMonday  = "lundi de Pâques"
	LabourDay     = "fête du Travail"
	VictoryDay    = "Victoire 1945"
	Ascension     = "Ascension"
	WhitMonday    = "lundi de Pentecôte"
	BastilleDay   = "fête nationale"
	Assumption    = "Assomption"
	AllSaints     = "Toussaint"
	Armistice     = "Armistice 1918"
	Christmas     = "Noël"
	SaintStephen  = "Saint-Étienne (Alsace-Moselle)"
	GoodFriday    = "Vendredi saint (Alsace-Moselle, certaines communes seulement)"
	alsaceMoselle = "57 67 68"
)

// AlsaceMoselle reports whether dept is Moselle (57), Bas-Rhin (67) or Haut-Rhin (68), where the local
// law of article L. 3134-13 of the code du travail adds holidays.
func AlsaceMoselle(dept string) bool {
	return len(dept) == 2 && strings.Contains(alsaceMoselle, dept)
}

// IsHoliday reports whether the day d is a public holiday (jour férié) in the département dept
// ("57", "2A", "974"…; "" for the national list only), and its name.
//
// The national list is the eleven fêtes légales of article L. 3133-1 of the code du travail. In
// Moselle, Bas-Rhin and Haut-Rhin, 26 December and, in communes having a Protestant temple or a mixed
// church, Good Friday are also holidays (article L. 3134-13). Whether such local holidays prorogate a
// deadline is not established (../shared/legal/gaps.md §7: never use them to extend, only to warn), so
// for both IsHoliday returns false with their name: callers warn without moving a deadline. Weekends
// are not holidays here.
func IsHoliday(d time.Time, dept string) (bool, string) {
	d = day(d)
	y, m, dd := d.Date()
	switch {
	case m == time.January && dd == 1:
		return true, NewYear
	case m == time.May && dd == 1:
		return true, LabourDay
	case m == time.May && dd == 8:
		return true, VictoryDay
	case m == time.July && dd == 14:
		return true, BastilleDay
	case m == time.August && dd == 15:
		return true, Assumption
	case m == time.November && dd == 1:
		return true, AllSaints
	case m == time.November && dd == 11:
		return true, Armistice
	case m == time.December && dd == 25:
		return true, Christmas
	case m == time.December && dd == 26 && AlsaceMoselle(dept):
		return false, SaintStephen
	}
	easter := Easter(y)
	switch {
	case d.Equal(easter.AddDate(0, 0, 1)):
		return true, EasterMonday
	case d.Equal(easter.AddDate(0, 0, 39)):
		return true, Ascension
	case d.Equal(easter.AddDate(0, 0, 50)):
		return true, WhitMonday
	case d.Equal(easter.AddDate(0, 0, -2)) && AlsaceMoselle(dept):
		return false, GoodFriday
	}
	return false, ""
}

// isWorkingDay reports whether d is neither a Saturday, a Sunday nor a public holiday in dept.
func isWorkingDay(d time.Time, dept string) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	h, _ := IsHoliday(d, dept)
	return !h
}

// skipped is a day a deadline was moved past, with why.
type skipped struct {
	day    time.Time
	reason string // « un samedi », « un jour férié (Noël) »
}

// nextWorkingDay returns d itself when it is a working day, else the first working day after it, with
// the days skipped (CPC 641-642).
func nextWorkingDay(d time.Time, dept string) (time.Time, []skipped) {
	var skips []skipped
	for !isWorkingDay(d, dept) {
		skips = append(skips, skipped{d, dayKind(d, dept)})
		d = d.AddDate(0, 0, 1)
	}
	return d, skips
}

// dayKind says what kind of non-working day d is, in French: « un samedi », « un dimanche »,
// « un jour férié (Noël) » (a holiday on a weekend is named as a holiday).
func dayKind(d time.Time, dept string) string {
	if h, name := IsHoliday(d, dept); h {
		return "un jour férié (" + name + ")"
	}
	switch d.Weekday() {
	case time.Saturday:
		return "un samedi"
	case time.Sunday:
		return "un dimanche"
	}
	return "un jour ouvrable"
}

// Department returns the département of the commune: from its INSEE code when present (« 57463 » →
// "57", « 2A004 » → "2A", « 97411 » → "974"), else from its postal code (« 67000 » → "67"; Corsican
// postal codes give "20", overseas ones their three digits). "" when neither is known.
func Department(c letters.Commune) string {
	if code := strings.TrimSpace(c.InseeCode); len(code) >= 3 {
		if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
			return code[:3]
		}
		return strings.ToUpper(code[:2])
	}
	if code := strings.TrimSpace(c.PostalCode); len(code) >= 3 {
		if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
			return code[:3]
		}
		return code[:2]
	}
	return ""
}

var weekdaysFR = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// dateFR prints « 13 février 2025 ».
func dateFR(d time.Time) string { return letters.FormatDateFR(letters.DateOf(d)) }

// longDateFR prints « jeudi 13 février 2025 ».
func longDateFR(d time.Time) string { return weekdaysFR[d.Weekday()] + " " + dateFR(d) }

// iso prints YYYY-MM-DD.
func iso(d time.Time) string { return d.Format("2006-01-02") }
