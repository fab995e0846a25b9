// Package frtext holds the small French-text helpers shared by the claim modules and the procedures:
// typography (narrow no-break spaces, guillemets, apostrophes), dates printed to their precision, and
// the elisions and contractions of « de » before a commune's name.
package frtext

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"saisine/letters"
)

// Typographic spaces.
const (
	NNBSP = "\u202f" // espace fine insécable: before ; : ! ? and inside « »
	NBSP  = "\u00a0" // espace insécable: after « n° »
)

// Quote puts s between French guillemets with narrow no-break spaces: « s ».
func Quote(s string) string { return "«" + NNBSP + s + NNBSP + "»" }

// Int writes n with a narrow no-break space between thousands: « 15 248 ».
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(NNBSP)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Number prints « n° N » with a no-break space.
func Number(n int) string { return "n°" + NBSP + strconv.Itoa(n) }

// Typo applies French typography to a text: typewriter apostrophes become ’, straight double quotes
// become « », spaces before ; : ! ? and inside « » become narrow no-break spaces (and are added where
// missing), « n° » is followed by a no-break space, and runs of white space (including line breaks)
// collapse to one space. Web addresses inside the text are copied untouched. Leading and trailing
// spaces are kept (collapsed), so that Typo can be applied to each run of a paragraph; use Sentence or
// Fragment for a whole value typed by the sender.
func Typo(s string) string {
	if plainCheck(s) {
		return s
	}
	// The text is read rune by rune from s and written as UTF-8 into out; an invalid byte becomes
	// U+FFFD, as a conversion to runes would make it.
	out := make([]byte, 0, len(s)+16)
	last := func() rune {
		if len(out) == 0 {
			return 0
		}
		r, _ := utf8.DecodeLastRune(out)
		return r
	}
	trimSpaces := func() {
		for len(out) > 0 {
			r, n := utf8.DecodeLastRune(out)
			if !isSpace(r) {
				return
			}
			out = out[:len(out)-n]
		}
	}
	// skipSpaces returns the offset of the first character after i that is not a space.
	skipSpaces := func(i int) int {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isSpace(r) {
				break
			}
			i += n
		}
		return i
	}
	openDouble := true
	var prevIn rune // the character before r in s
	for i := 0; i < len(s); {
		// A run of ASCII that Typo copies as it is goes in at once ('h' and 'w' may start an address).
		if j := i; s[j] < utf8.RuneSelf && asciiInert[s[j]] && s[j] != 'h' && s[j] != 'w' {
			for j < len(s) && s[j] < utf8.RuneSelf && asciiInert[s[j]] && s[j] != 'h' && s[j] != 'w' {
				j++
			}
			out = append(out, s[i:j]...)
			prevIn = rune(s[j-1])
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == 'h' || r == 'w') && startsURL(s[i:], prevIn, i == 0) {
			for i < len(s) {
				r, size = utf8.DecodeRuneInString(s[i:])
				if unicode.IsSpace(r) {
					break
				}
				out = utf8.AppendRune(out, r)
				prevIn = r
				i += size
			}
			continue
		}
		next := i + size // where the next character starts
		switch {
		case r == '\'':
			out = append(out, "’"...)
		case r == '"':
			if openDouble {
				out = append(out, "«\u202f"...)
				next = skipSpaces(next)
			} else {
				trimSpaces()
				out = append(out, "\u202f»"...)
			}
			openDouble = !openDouble
		case r == '«':
			out = append(out, "«\u202f"...)
			next = skipSpaces(next)
		case r == '»':
			trimSpaces()
			out = append(out, "\u202f»"...)
		case r == ';' || r == ':' || r == '!' || r == '?':
			prev := last()
			after, _ := utf8.DecodeRuneInString(s[next:])
			if next >= len(s) {
				after = 0
			}
			switch {
			case r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(after):
				// a time or a ratio: 10:30
			case prev == 0 || prev == '\u202f' || prev == '(' || prev == '[':
			case prev == '!' || prev == '?':
				// ?! and !! keep a single space before the group
			case isSpace(prev):
				trimSpaces()
				out = append(out, "\u202f"...)
			default:
				out = append(out, "\u202f"...)
			}
			out = append(out, byte(r))
		case r == '\u00a0' || r == '\u202f':
			// typed on purpose: kept, unless it doubles another space
			if p := last(); len(out) > 0 && isSpace(p) {
				out = out[:len(out)-utf8.RuneLen(p)]
			}
			out = utf8.AppendRune(out, r)
		case unicode.IsSpace(r):
			if len(out) > 0 && isSpace(last()) {
				break
			}
			out = append(out, ' ')
		default:
			out = utf8.AppendRune(out, r)
		}
		// The characters skipped after « were spaces: the one before the next character is a space.
		if next > i+size {
			prevIn = ' '
		} else {
			prevIn = r
		}
		i = next
	}
	return numeroSpace(string(out))
}

// numeroSpace puts a no-break space after « n° » and « N° », whatever the author typed there (a space,
// a narrow one, or none before a digit).
func numeroSpace(res string) string {
	if !strings.Contains(res, "°") {
		return res
	}
	for _, p := range []string{"n°", "N°"} {
		var b strings.Builder
		rest := res
		for {
			k := strings.Index(rest, p)
			if k < 0 {
				b.WriteString(rest)
				break
			}
			b.WriteString(rest[:k+len(p)])
			rest = rest[k+len(p):]
			r, size := utf8.DecodeRuneInString(rest)
			switch {
			case r == ' ' || r == '\u00a0' || r == '\u202f':
				b.WriteString(NBSP)
				rest = rest[size:]
			case unicode.IsDigit(r):
				b.WriteString(NBSP)
			}
		}
		res = b.String()
	}
	return res
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t' || r == '\n'
}

// startsURL reports whether s starts a web address: « http:// », « https:// » or « www. » at the
// start of the text (first) or after a space, « ( » or « « » (prev).
func startsURL(s string, prev rune, first bool) bool {
	if !first && !unicode.IsSpace(prev) && prev != '(' && prev != '«' {
		return false
	}
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}

// plainCheck is plain, replaceable by the fast path's test.
var plainCheck = plain

// asciiInert marks the ASCII characters plain passes over without a look around them: letters, digits
// and the punctuation Typo never touches.
var asciiInert = func() (t [utf8.RuneSelf]bool) {
	for c := byte(0x21); c < 0x7f; c++ {
		t[c] = !strings.ContainsRune("'\";:!?", rune(c))
	}
	return t
}()

// plain reports whether Typo would return s unchanged, in one pass without allocating: most runs of a
// letter either have nothing Typo rewrites or were written already typeset (the claim modules' own
// sentences, with their narrow no-break spaces). It is conservative — a web address, whose colons Typo
// leaves alone, makes it answer false and Typo do the full rewrite — and FuzzTypoFastPath holds it to
// the rewrite.
func plain(s string) bool {
	var prev, prev2 rune // the two characters before r (0 at the start)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf && asciiInert[c] {
			prev2, prev = prev, rune(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return false // an invalid byte: the rewrite turns it into U+FFFD
		}
		next, nextSize := utf8.DecodeRuneInString(s[i+size:])
		switch r {
		case '\'', '"':
			return false
		case ';', ':', '!', '?':
			// Typo adds U+202F before them unless one is there (or the text starts, or a bracket or
			// another ! ? precedes); a colon between digits (10:30) stays as it is.
			ok := prev == 0 || prev == '\u202f' || prev == '(' || prev == '[' || prev == '!' || prev == '?' ||
				(r == ':' && unicode.IsDigit(prev) && unicode.IsDigit(next))
			if !ok {
				return false
			}
		case '«':
			// « then exactly one space, U+202F
			after, _ := utf8.DecodeRuneInString(s[i+len("«")+nextSize:])
			if next != '\u202f' || (i+len("«")+nextSize < len(s) && isSpace(after)) {
				return false
			}
		case '»':
			if prev != '\u202f' || isSpace(prev2) {
				return false
			}
		case '\u00a0', '\u202f':
			if isSpace(prev) {
				return false
			}
		case '°':
			if (prev == 'n' || prev == 'N') && (next == ' ' || next == '\u202f' || unicode.IsDigit(next)) {
				return false
			}
		case ' ':
			if isSpace(prev) {
				return false
			}
		default:
			if unicode.IsSpace(r) {
				return false // tabs, line breaks and other spaces collapse to one ASCII space
			}
		}
		prev2, prev = prev, r
		i += size
	}
	return true
}

// Sentence trims s, applies Typo and makes sure it ends with a full stop (or ! ? …).
func Sentence(s string) string {
	s = strings.TrimSpace(Typo(s))
	if s == "" {
		return s
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	switch last {
	case '.', '!', '?', '…':
		return s
	case ';', ':', ',':
		return strings.TrimRight(s[:len(s)-utf8.RuneLen(last)], " \u202f") + "."
	}
	return s + "."
}

// Fragment trims s, applies Typo and removes a final full stop, for quoting inside a sentence.
func Fragment(s string) string {
	s = strings.TrimSpace(Typo(s))
	return strings.TrimRight(s, ". ")
}

// LowerFirst lowercases the first letter of s unless it starts an acronym (« CNIL », « MEL »).
func LowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	next, _ := utf8.DecodeRuneInString(s[size:])
	if unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// UpperFirst capitalises the first letter of s.
func UpperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// elides reports whether « de » / « le » elide before s (vowel or h, as in « d’Arras », « d’Hazebrouck »).
func elides(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch unicode.ToLower(r) {
	case 'a', 'e', 'i', 'o', 'u', 'y', 'h', 'à', 'â', 'é', 'è', 'ê', 'î', 'ô', 'û', 'ü', 'ï', 'œ':
		return true
	}
	return false
}

// De is « de » + name with the French contractions: « de Lille », « d’Arras », « du Havre » (Le Havre),
// « des Mureaux » (Les Mureaux), « de La Rochelle ».
func De(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + name[len("Le "):]
	case strings.HasPrefix(name, "Les "):
		return "des " + name[len("Les "):]
	case name == "":
		return ""
	case elides(name):
		return "d’" + name
	}
	return "de " + name
}

// Commune is « la commune de Lille » with the right contraction.
func Commune(name string) string {
	if name == "" {
		return "la commune"
	}
	return "la commune " + De(name)
}

// Articles: the definite articles « le », « la » with elision.
func Le(s string) string {
	if elides(s) {
		return "l’" + s
	}
	return "le " + s
}

// La is « la » + s with elision.
func La(s string) string {
	if elides(s) {
		return "l’" + s
	}
	return "la " + s
}

// DeWord is « de » + a common noun or a date, with elision: « d’avril 2023 », « de novembre 2022 ».
func DeWord(s string) string {
	if elides(s) {
		return "d’" + s
	}
	return "de " + s
}

// Que is « que » + s with elision: « qu’il ».
func Que(s string) string {
	if elides(s) {
		return "qu’" + s
	}
	return "que " + s
}

// Join joins items as a French enumeration: « a », « a et b », « a, b et c ».
func Join(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}

// Date is a case-file date known to the year, the month or the day.
type Date struct {
	Year, Month, Day int // Month and Day are 0 when unknown
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD through letters.ParseDate (the validation's own
// reading); ok is false for anything it refuses, including "".
func ParseDate(s string) (d Date, ok bool) {
	p, err := letters.ParseDate(strings.TrimSpace(s))
	if err != nil || p.IsZero() {
		return Date{}, false
	}
	d.Year = p.Year
	if p.Precision >= letters.PrecisionMonth {
		d.Month = int(p.Month)
	}
	if p.Precision == letters.PrecisionDay {
		d.Day = p.Day
	}
	return d, true
}

func (d Date) partial() letters.PartialDate {
	p := letters.PartialDate{Year: d.Year, Month: time.Month(d.Month), Day: d.Day, Precision: letters.PrecisionYear}
	switch {
	case d.Day != 0:
		p.Precision = letters.PrecisionDay
	case d.Month != 0:
		p.Precision = letters.PrecisionMonth
	}
	return p
}

// DateOf is the calendar day of t.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: int(m), Day: d}
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// String prints the date to its precision with letters.FormatDateFR: « 2021 », « novembre 2022 »,
// « 1er mars 2025 ».
func (d Date) String() string { return letters.FormatDateFR(d.partial()) }

// HasDay reports whether the day is known.
func (d Date) HasDay() bool { return d.Day != 0 }

// On is the date as a complement of time: « en 2021 », « en novembre 2022 », « le 21 novembre 2024 ».
func (d Date) On() string {
	if d.HasDay() {
		return "le " + d.String()
	}
	return "en " + d.String()
}

// From starts a range: « du 3 novembre 2022 », « de novembre 2022 », « d’avril 2023 ».
func (d Date) From() string {
	if d.HasDay() {
		return "du " + d.String()
	}
	return DeWord(d.String())
}

// To ends a range: « au 15 janvier 2025 », « à janvier 2025 ».
func (d Date) To() string {
	if d.HasDay() {
		return "au " + d.String()
	}
	return "à " + d.String()
}

// Until is « jusqu’au 15 janvier 2025 », « jusqu’en janvier 2025 ».
func (d Date) Until() string {
	if d.HasDay() {
		return "jusqu’au " + d.String()
	}
	return "jusqu’en " + d.String()
}

// Time is the first day the date covers, at midnight UTC.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// FormatDate prints a case-file date string to its precision, or returns it unchanged when it does
// not parse (so that nothing the sender wrote disappears).
func FormatDate(s string) string {
	if d, ok := ParseDate(s); ok {
		return d.String()
	}
	return s
}

// AddMonths adds n calendar months to t; a day missing in the target month becomes that month's
// last day (31 January + 1 month = 28 or 29 February), as French deadlines are counted.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	target := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, t.Location())
	last := daysIn(target.Year(), int(target.Month()))
	if d > last {
		d = last
	}
	return time.Date(target.Year(), target.Month(), d, 0, 0, 0, 0, t.Location())
}

// Last is the last day the date covers (31 December for a year), at midnight UTC: the conservative end
// for deadlines computed from an imprecise date.
func (d Date) Last() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	}
	return d.Time()
}

// TypographyError names the first breach of French typography in s (typewriter apostrophe, straight
// quote, missing U+202F before ; : ! ? or inside « », missing U+00A0 after « n° », double space), or
// returns "" when there is none. Tests run it over every generated sentence.
func TypographyError(s string) string {
	rs := []rune(s)
	for i, r := range rs {
		prev, next := rune(0), rune(0)
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch r {
		case '\'':
			return "typewriter apostrophe"
		case '"':
			return "straight double quote"
		case ';', ':', '!', '?':
			if prev != '\u202f' {
				return "no narrow no-break space before " + string(r)
			}
		case '«':
			if next != '\u202f' {
				return "no narrow no-break space after «"
			}
		case '»':
			if prev != '\u202f' {
				return "no narrow no-break space before »"
			}
		case '°':
			if prev == 'n' && next != '\u00a0' {
				return "no no-break space after n°"
			}
		case ' ':
			if next == ' ' {
				return "double space"
			}
		}
	}
	return ""
}
