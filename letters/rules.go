package letters

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// Format rules for identifiers of French life. They are plain functions so that the web form and the
// interview can reuse them; Check wires them into validator tags (validate.go).

// ValidPostalCode reports whether s is 5 digits starting with an existing département prefix:
// 01–19, 20 (Corsica keeps 20 in postcodes), 21–95, 971–978 (overseas), 980 (Monaco), 986–988 (Wallis
// and Futuna, French Polynesia, New Caledonia). CEDEX codes follow the same rule.
func ValidPostalCode(s string) bool {
	if len(s) != 5 || !digits(s) {
		return false
	}
	switch dep := s[:2]; {
	case dep >= "01" && dep <= "95":
		return true
	case dep == "97":
		return s[2] >= '1' && s[2] <= '8'
	case dep == "98":
		return s[2] == '0' || (s[2] >= '6' && s[2] <= '8')
	}
	return false // 00, 96, 99
}

var inseeRe = regexp.MustCompile(`^(?:(?:0[1-9]|1[0-9]|[2-8][0-9]|9[0-5]|2A|2B)[0-9]{3}|97[1-6][0-9]{2})$`)

// ValidINSEE reports whether s is a commune's INSEE code (code officiel géographique): the
// département (01–19, 21–95, 2A, 2B) and 3 digits, or an overseas département (971–976) and 2 digits.
// "20xxx" is refused: Corsica has used 2A/2B since 1976, and a 20 there is almost always a postcode.
func ValidINSEE(s string) bool {
	return inseeRe.MatchString(s) && !strings.HasPrefix(s, "20")
}

// isCorsicanPostcodeAsINSEE spots the commonest INSEE mistake, for a message of its own.
func isCorsicanPostcodeAsINSEE(s string) bool {
	return len(s) == 5 && strings.HasPrefix(s, "20") && digits(s)
}

// ValidEmail reports whether s is a bare e-mail address (no display name, no angle brackets) whose
// domain has at least one dot, as an address a letter can print and a person can type.
func ValidEmail(s string) bool {
	if strings.ContainsAny(s, " \t\n<>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

var phoneRe = regexp.MustCompile(`^(?:0|\+33 ?)[1-9](?:[ .-]?[0-9]{2}){4}$`)

// ValidPhone reports whether s is a French number: 10 digits starting with 0 (« 03 20 49 50 00 »,
// « 03.20.49.50.00 », « 0320495000 ») or the international form +33 followed by the 9 digits after the
// 0 (« +33 3 20 49 50 00 »). Spaces, dots or hyphens may separate the pairs.
func ValidPhone(s string) bool {
	return phoneRe.MatchString(s)
}

// Numbers in the Répertoire national des associations: W, the prefecture's three-character code (digits,
// or a digit and a letter such as 2A, 2B or 9R for La Réunion) and six more digits — W and 9 characters.
var rnaRe = regexp.MustCompile(`^W[0-9][0-9A-Z][0-9]{7}$`)

// ValidRNA reports whether s is an RNA number, e.g. W595000000.
func ValidRNA(s string) bool {
	return rnaRe.MatchString(s)
}

// ValidSIREN reports whether s is 9 digits whose Luhn key is right.
func ValidSIREN(s string) bool {
	return len(s) == 9 && digits(s) && luhn(s)
}

func luhn(s string) bool {
	sum := 0
	for i := 0; i < len(s); i++ {
		d := int(s[len(s)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// webURL checks an http or https address with a host. It returns the scheme when s is a URL of another
// kind (javascript:, ftp:, file:), so that the message can say what was found.
func webURL(s string) (ok bool, otherScheme string) {
	if strings.ContainsAny(s, " \t\n") {
		return false, ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return false, ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "" && u.Hostname() != "" && u.User == nil, ""
	case "":
		return false, ""
	}
	return false, strings.ToLower(u.Scheme)
}

// ValidWebURL reports whether s is an http or https address with a host.
func ValidWebURL(s string) bool {
	ok, _ := webURL(s)
	return ok
}

var schemeRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s]`)

// looksLikeURL tells an exhibit's source given as an address ("https://…", "javascript:…",
// "www.example.org/…") from one given as a description (« Courrier de la mairie du 3 mars 2025 »).
// French typography puts a space before a colon, so "word:" glued to text is taken as a scheme.
func looksLikeURL(s string) bool {
	return schemeRe.MatchString(s) || strings.HasPrefix(strings.ToLower(s), "www.")
}

var sha256Re = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ValidSHA256 reports whether s is a SHA-256 digest as sha256sum prints it: 64 lowercase hex digits.
func ValidSHA256(s string) bool {
	return sha256Re.MatchString(s)
}
