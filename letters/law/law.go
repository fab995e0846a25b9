// Package law is the citation catalogue: every article, decision and official position a letter may
// cite, once, with its printed form, a French paraphrase, a source URL, a review date and a verification
// status taken from ../shared/legal. A letter may print only verified entries; upgrading or withdrawing
// a citation is a one-line change in catalogue.json.
package law

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Status is how well a citation was verified.
type Status string

// Statuses. Verified and Secondary may be printed; Unverified may only guide the interview.
const (
	Verified   Status = "verified"
	Secondary  Status = "secondary"
	Unverified Status = "unverified"
)

// Citation is one catalogue entry.
type Citation struct {
	Key        string `json:"key"`
	Printed    string `json:"printed"`
	Paraphrase string `json:"paraphrase"`
	URL        string `json:"url"`
	Status     Status `json:"status"`
	Reviewed   string `json:"reviewed"`
	// Ref points to the research note behind the entry (../shared/legal).
	Ref string `json:"ref"`
}

// Printable reports whether a letter may print this citation.
func (c Citation) Printable() bool { return c.Status == Verified || c.Status == Secondary }

//go:embed catalogue.json
var catalogueJSON []byte

var (
	byKey   map[string]Citation
	ordered []Citation
)

func init() {
	var file struct {
		Citations []Citation `json:"citations"`
	}
	if err := json.Unmarshal(catalogueJSON, &file); err != nil {
		panic("law: catalogue.json: " + err.Error())
	}
	byKey = make(map[string]Citation, len(file.Citations))
	for _, c := range file.Citations {
		if _, dup := byKey[c.Key]; dup {
			panic("law: duplicate citation key " + c.Key)
		}
		byKey[c.Key] = c
	}
	ordered = file.Citations
}

// All returns every citation in catalogue order.
func All() []Citation { return append([]Citation(nil), ordered...) }

// Lookup returns the citation for key.
func Lookup(key string) (Citation, bool) {
	c, ok := byKey[key]
	return c, ok
}

// Printable returns the citation for key if a letter may print it, and an error naming the key otherwise.
// Procedures and claims go through this, so an unknown or unverified key can never reach a letter.
func Printable(key string) (Citation, error) {
	c, ok := byKey[key]
	if !ok {
		return Citation{}, fmt.Errorf("law: unknown citation %q", key)
	}
	if !c.Printable() {
		return Citation{}, fmt.Errorf("law: citation %q is %s and must not be printed", key, c.Status)
	}
	return c, nil
}

// MustPrint returns the printed form of a printable citation and panics otherwise. Claim modules use it
// in paragraph builders; a test renders every module so a bad key fails the build's tests, not a user.
func MustPrint(key string) string {
	c, err := Printable(key)
	if err != nil {
		panic(err)
	}
	return c.Printed
}

// Keys returns every key, sorted.
func Keys() []string {
	ks := make([]string, 0, len(byKey))
	for k := range byKey {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// JOP2030 is the status of the experiment reopened by the JOP 2030 law (see ../shared/legal/gaps.md §1).
type JOP2030 string

// JOP 2030 experiment statuses. Unknown is the default until a maintainer confirms the JORF reference.
const (
	JOPUnknown    JOP2030 = "unknown"
	JOPInForce    JOP2030 = "in_force"
	JOPNotInForce JOP2030 = "not_in_force"
)

// Settings are the legal facts that can change without a code change.
type Settings struct {
	JOP2030 JOP2030
}

// DefaultSettings is what the tool assumes unless configured otherwise.
func DefaultSettings() Settings { return Settings{JOP2030: JOPUnknown} }

// ParseJOP2030 validates a configured status.
func ParseJOP2030(s string) (JOP2030, error) {
	switch JOP2030(s) {
	case JOPUnknown, JOPInForce, JOPNotInForce:
		return JOP2030(s), nil
	case "":
		return JOPUnknown, nil
	}
	return "", fmt.Errorf("law: JOP 2030 status %q: want unknown, in_force or not_in_force", s)
}

// articleForm splits a printed form « article 8 de la loi n° 78-17… » into its number and the text it
// belongs to, so that references to the same text can be grouped.
var articleForm = regexp.MustCompile(`^article ((?:[LRD]\.[ \x{a0}])?\S+) ((?:de la|du|de l’|des) .+)$`)

// JoinPrinted prints several printable citations as one reference. Articles of the same text are
// grouped (« articles 8 et 20 de la loi n° 78-17 du 6 janvier 1978 ») rather than repeating the text's
// long title; anything else is joined with commas and « et ».
func JoinPrinted(keys ...string) (string, error) {
	if len(keys) == 0 {
		return "", fmt.Errorf("law: JoinPrinted needs at least one key")
	}
	printed := make([]string, len(keys))
	for i, k := range keys {
		c, err := Printable(k)
		if err != nil {
			return "", err
		}
		printed[i] = c.Printed
	}
	if len(keys) == 1 {
		return printed[0], nil
	}
	var numbers []string
	tail := ""
	for _, p := range printed {
		m := articleForm.FindStringSubmatch(p)
		if m == nil || (tail != "" && m[2] != tail) {
			numbers = nil
			break
		}
		numbers = append(numbers, m[1])
		tail = m[2]
	}
	if numbers != nil {
		return "articles " + joinFR(numbers) + " " + tail, nil
	}
	return joinFR(printed), nil
}

func joinFR(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}
