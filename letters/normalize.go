package letters

import (
	"reflect"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text reaches the case file from word processors, web pages and phones, full of invisible or
// look-alike characters. Normalisation makes it comparable (NFC: "e"+U+0301 and "é" are the same
// letter) and printable, without changing what a reader sees. Everything else the fonts cannot draw is
// left alone and refused by Check with a message naming the character: silently dropping visible text
// (an emoji, a Chinese word) would change what the sender wrote.

// typographicVariants maps characters the letter fonts lack, or that must not reach the page, to what
// a reader would expect to see. The choices were made by testing the embedded fonts (TestNormalisation
// checks each target is printable): Liberation Serif has U+2010 hyphen, U+2212 minus and the
// figure/thin/narrow spaces, so those are kept as typed.
var typographicVariants = map[rune]string{
	'\u2011': "-",  // non-breaking hyphen, inserted by word processors: missing from the font
	'\u2028': "\n", // line separator: missing from the font, means a line break
	'\u2029': "\n", // paragraph separator: idem
	'\u3000': " ",  // ideographic space, pasted from some input methods: missing from the font
}

// dropped reports characters removed outright: the format characters (Unicode category Cf) are
// invisible by definition. Soft hyphens (U+00AD) would print as visible hyphens mid-word, zero-width
// spaces (U+200B) and joiners split or glue words invisibly, the byte order mark (U+FEFF) and
// bidirectional marks are artefacts of copy and paste. Variation selectors (U+FE00–U+FE0F), which
// follow emoji, are dropped too: the emoji itself stays, and Check refuses it with a clear message.
func dropped(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

// NormalizeText applies the case file's text normalisation to one value: CRLF and lone CR become LF,
// typographic variants the fonts cannot draw are mapped or dropped, the result is put in Unicode NFC
// and surrounding white space is trimmed. It keeps everything the fonts can draw, such as the narrow
// no-break space U+202F, « », ’ and œ. Decode applies it to every string; callers that build a Case
// themselves (the web form) should call Normalize before Check.
func NormalizeText(s string) string {
	if s == "" {
		return s
	}
	if plain(s) {
		// The common case, all of it printable ASCII: nothing to map, compose or drop.
		return strings.TrimSpace(s)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case dropped(r):
		default:
			if v, ok := typographicVariants[r]; ok {
				b.WriteString(v)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return strings.TrimSpace(norm.NFC.String(b.String()))
}

func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Normalize applies NormalizeText to every string of the case, in place. Empty lists become nil so
// that a case reads the same whether a list was absent, null or [].
func Normalize(c *Case) {
	if c != nil {
		normalizeValue(reflect.ValueOf(c).Elem())
	}
}

func normalizeValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(NormalizeText(v.String()))
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				normalizeValue(v.Field(i))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeValue(v.Elem())
		}
	case reflect.Slice:
		if v.Len() == 0 {
			v.SetZero()
			return
		}
		for i := 0; i < v.Len(); i++ {
			normalizeValue(v.Index(i))
		}
	}
}
