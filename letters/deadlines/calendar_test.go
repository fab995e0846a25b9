package deadlines

import (
	"testing"
	"time"

	"saisine/letters"
	_ "time/tzdata" // the zone test must run on machines without a zoneinfo database
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Easter dates checked by hand against published calendars.
func TestEaster(t *testing.T) {
	for year, want := range map[int]string{
		2008: "2008-03-23", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2028: "2028-04-16", 2029: "2029-04-01", 2030: "2030-04-21",
		2038: "2038-04-25", 2285: "2285-03-22",
	} {
		if got := iso(Easter(year)); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from    string
		n       int
		want    string
		clamped bool
	}{
		{"2025-01-13", 1, "2025-02-13", false},
		{"2025-01-31", 1, "2025-02-28", true},
		{"2028-01-31", 1, "2028-02-29", true}, // leap year
		{"2028-02-29", 1, "2028-03-29", false},
		{"2028-02-29", 12, "2029-02-28", true},
		{"2025-03-31", 1, "2025-04-30", true},
		{"2025-08-31", 1, "2025-09-30", true},
		{"2025-10-31", 1, "2025-11-30", true},
		{"2025-12-15", 2, "2026-02-15", false},
		{"2027-12-31", 2, "2028-02-29", true},
		{"2026-11-30", 3, "2027-02-28", true},
		{"2026-01-31", 3, "2026-04-30", true},
		{"2025-02-28", 1, "2025-03-28", false},
	}
	for _, tt := range tests {
		got, clamped := AddMonths(d(tt.from), tt.n)
		if iso(got) != tt.want || clamped != tt.clamped {
			t.Errorf("AddMonths(%s, %d) = %s, %v; want %s, %v", tt.from, tt.n, iso(got), clamped, tt.want, tt.clamped)
		}
	}
}

func TestIsHoliday(t *testing.T) {
	tests := []struct {
		day, dept string
		want      bool
		name      string
	}{
		{"2026-01-01", "", true, NewYear},
		{"2026-05-01", "59", true, LabourDay},
		{"2026-05-08", "59", true, VictoryDay},
		{"2026-07-14", "75", true, BastilleDay},
		{"2026-08-15", "", true, Assumption},
		{"2026-11-01", "", true, AllSaints},
		{"2026-11-11", "", true, Armistice},
		{"2026-12-25", "", true, Christmas},
		// Movable holidays, 2026–2030 (Easter 5 Apr 2026, 28 Mar 2027, 16 Apr 2028, 1 Apr 2029, 21 Apr 2030).
		{"2026-04-06", "", true, EasterMonday},
		{"2026-05-14", "", true, Ascension},
		{"2026-05-25", "", true, WhitMonday},
		{"2027-03-29", "", true, EasterMonday},
		{"2027-05-06", "", true, Ascension},
		{"2027-05-17", "", true, WhitMonday},
		{"2028-04-17", "", true, EasterMonday},
		{"2028-05-25", "", true, Ascension},
		{"2028-06-05", "", true, WhitMonday},
		{"2029-04-02", "", true, EasterMonday},
		{"2029-05-10", "", true, Ascension},
		{"2029-05-21", "", true, WhitMonday},
		{"2030-04-22", "", true, EasterMonday},
		{"2030-05-30", "", true, Ascension},
		{"2030-06-10", "", true, WhitMonday},
		// Alsace-Moselle.
		{"2026-12-26", "57", false, SaintStephen}, // local holiday: warn, never extend (gaps.md §7)
		{"2026-12-26", "67", false, SaintStephen}, // local holiday: warn, never extend (gaps.md §7)
		{"2026-12-26", "68", false, SaintStephen}, // local holiday: warn, never extend (gaps.md §7)
		{"2026-12-26", "59", false, ""},
		{"2026-12-26", "", false, ""},
		{"2026-12-26", "2A", false, ""},
		{"2026-04-03", "57", false, GoodFriday}, // named, but not a holiday for deadlines
		{"2026-04-03", "75", false, ""},
		// Ordinary days.
		{"2026-04-05", "", false, ""}, // Easter Sunday is a Sunday, not a listed holiday
		{"2026-04-02", "57", false, ""},
		{"2026-01-02", "", false, ""},
		{"2026-05-15", "", false, ""}, // the day after Ascension
	}
	for _, tt := range tests {
		got, name := IsHoliday(d(tt.day), tt.dept)
		if got != tt.want || name != tt.name {
			t.Errorf("IsHoliday(%s, %q) = %v, %q; want %v, %q", tt.day, tt.dept, got, name, tt.want, tt.name)
		}
	}
}

func TestIsHolidayIgnoresClockAndZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := IsHoliday(time.Date(2026, 7, 14, 23, 30, 0, 0, paris), ""); !h {
		t.Error("14 July 23:30 in Paris is 14 July")
	}
}

func TestNextWorkingDay(t *testing.T) {
	tests := []struct{ from, dept, want string }{
		{"2026-10-16", "", "2026-10-16"}, // Friday
		{"2026-10-17", "", "2026-10-19"}, // Saturday
		{"2026-10-18", "", "2026-10-19"}, // Sunday
		{"2025-12-25", "", "2025-12-26"},
		{"2025-12-25", "57", "2025-12-26"}, // 26 December is not used to extend
		{"2026-12-31", "", "2026-12-31"},
		{"2027-01-01", "", "2027-01-04"},
		{"2026-04-03", "68", "2026-04-03"}, // Good Friday: not moved
	}
	for _, tt := range tests {
		if got, _ := nextWorkingDay(d(tt.from), tt.dept); iso(got) != tt.want {
			t.Errorf("nextWorkingDay(%s, %q) = %s, want %s", tt.from, tt.dept, iso(got), tt.want)
		}
	}
}

func TestDepartment(t *testing.T) {
	tests := []struct {
		insee, postal, want string
	}{
		{"57463", "57000", "57"},
		{"67482", "", "67"},
		{"", "68100", "68"},
		{"59350", "67000", "59"}, // INSEE preferred
		{"2A004", "20000", "2A"},
		{"", "20000", "20"},
		{"97411", "97400", "974"},
		{"", "97400", "974"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := Department(letters.Commune{InseeCode: tt.insee, PostalCode: tt.postal}); got != tt.want {
			t.Errorf("Department(%q, %q) = %q, want %q", tt.insee, tt.postal, got, tt.want)
		}
	}
}
