package letters

import (
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a date the sender knows. A press article may say « en 2021 » or
// « depuis novembre 2022 »: the case file keeps that precision instead of inventing a day, and the
// letter prints exactly what is known.
type Precision int

// Precisions, from none (the empty date) to a full calendar day.
const (
	PrecisionNone Precision = iota
	PrecisionYear
	PrecisionMonth
	PrecisionDay
)

// PartialDate is a calendar date known to the year, the month or the day. Fields below the precision
// are zero.
type PartialDate struct {
	Year      int
	Month     time.Month
	Day       int
	Precision Precision
}

// Why a date string was refused (DateError.Reason).
const (
	DateBadFormat = "format" // not YYYY, YYYY-MM or YYYY-MM-DD
	DateBadYear   = "year"   // before 1900: almost certainly a typo
	DateBadMonth  = "month"  // month outside 01–12
	DateBadDay    = "day"    // day not in that month (2025-02-30)
)

// DateError explains why ParseDate refused a string.
type DateError struct {
	Value  string
	Reason string
}

func (e *DateError) Error() string {
	return fmt.Sprintf("letters: invalid date %q (%s)", e.Value, e.Reason)
}

// minYear: nothing in a case (not even an association declared under the 1901 law) predates it.
const minYear = 1900

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD. The empty string gives the zero PartialDate and no
// error: every date of the case file is optional unless a rule says otherwise. Only real calendar
// dates are accepted (2025-02-30 is refused).
func ParseDate(s string) (PartialDate, error) {
	if s == "" {
		return PartialDate{}, nil
	}
	bad := func(reason string) (PartialDate, error) {
		return PartialDate{}, &DateError{Value: s, Reason: reason}
	}
	var d PartialDate
	switch {
	case len(s) == 4 && digits(s):
		d.Precision = PrecisionYear
	case len(s) == 7 && digits(s[:4]) && s[4] == '-' && digits(s[5:]):
		d.Precision = PrecisionMonth
	case len(s) == 10 && digits(s[:4]) && s[4] == '-' && digits(s[5:7]) && s[7] == '-' && digits(s[8:]):
		d.Precision = PrecisionDay
	default:
		return bad(DateBadFormat)
	}
	d.Year, _ = strconv.Atoi(s[:4])
	if d.Year < minYear {
		return bad(DateBadYear)
	}
	if d.Precision >= PrecisionMonth {
		m, _ := strconv.Atoi(s[5:7])
		if m < 1 || m > 12 {
			return bad(DateBadMonth)
		}
		d.Month = time.Month(m)
	}
	if d.Precision == PrecisionDay {
		d.Day, _ = strconv.Atoi(s[8:])
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return bad(DateBadDay)
		}
	}
	return d, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is empty.
func (d PartialDate) IsZero() bool { return d.Precision == PrecisionNone }

// String is the case-file form: YYYY, YYYY-MM or YYYY-MM-DD ("" for the zero date).
func (d PartialDate) String() string {
	switch d.Precision {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// First is the first day the date covers (1 January for a year), at midnight UTC.
func (d PartialDate) First() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Last is the last day the date covers (31 December for a year), at midnight UTC.
func (d PartialDate) Last() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, d.Month, daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return d.First()
	}
	return time.Time{}
}

// DateOf is the day of t (in t's location) as a full PartialDate.
func DateOf(t time.Time) PartialDate {
	y, m, day := t.Date()
	return PartialDate{Year: y, Month: m, Day: day, Precision: PrecisionDay}
}

var monthsFR = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

var monthsEN = [...]string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// FormatDateFR writes the date as a French letter does, to its precision: « 21 novembre 2024 »,
// « 1er mars 2025 », « novembre 2022 », « 2021 »; "" for the zero date.
func FormatDateFR(d PartialDate) string {
	switch d.Precision {
	case PrecisionYear:
		return strconv.Itoa(d.Year)
	case PrecisionMonth:
		return monthsFR[d.Month-1] + " " + strconv.Itoa(d.Year)
	case PrecisionDay:
		day := strconv.Itoa(d.Day)
		if d.Day == 1 {
			day = "1er"
		}
		return day + " " + monthsFR[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	return ""
}

// formatDateEN is FormatDateFR's English counterpart, for English problem messages.
func formatDateEN(d PartialDate) string {
	switch d.Precision {
	case PrecisionYear:
		return strconv.Itoa(d.Year)
	case PrecisionMonth:
		return monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
	case PrecisionDay:
		return strconv.Itoa(d.Day) + " " + monthsEN[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	return ""
}
