// Package i18n holds the catalogues of the web interface (French by default, English) and picks the
// language of a request. Keys are namespaced (« step.commune.title », « field.commune.postal_code.label »,
// « field.commune.postal_code.hint »). Letters are always French: these catalogues are for the interface
// only, and the English interface explains in English what the French letter says.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"saisine/letters"
)

// Lang is an interface language.
type Lang string

// Supported languages; French is the default.
const (
	FR Lang = "fr"
	EN Lang = "en"
)

// Langs lists the supported languages, the default first.
func Langs() []Lang { return []Lang{FR, EN} }

// Parse returns the language named s ("fr", "en"), and whether it is supported.
func Parse(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case FR:
		return FR, true
	case EN:
		return EN, true
	}
	return FR, false
}

// Letters is the language of the letter engine's messages for this interface language.
func (l Lang) Letters() letters.Lang {
	if l == EN {
		return letters.EN
	}
	return letters.FR
}

// Other is the other supported language, for the language switch.
func (l Lang) Other() Lang {
	if l == EN {
		return FR
	}
	return EN
}

//go:embed fr.json en.json
var files embed.FS

// catalogs are parsed on first use rather than at init: the CLI links this package (through serve) but
// a render never reads it, and parsing both catalogues cost ~10 ms of every process start.
var catalogs = sync.OnceValue(func() map[Lang]map[string]string {
	out := map[Lang]map[string]string{}
	for _, l := range Langs() {
		b, err := files.ReadFile(string(l) + ".json")
		if err != nil {
			panic("i18n: " + err.Error())
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic("i18n: " + string(l) + ".json: " + err.Error())
		}
		out[l] = m
	}
	return out
})

// Missing is what T returns for a key absent from the catalogue: visible in a page, and caught by the
// tests that render every page.
const Missing = "[[missing:"

// T returns the text of key in lang. With args, the text is a fmt format. An unknown key yields
// "[[missing:KEY]]" so that a forgotten entry shows up in the page and in the tests.
func T(lang Lang, key string, args ...any) string {
	s, ok := catalogs()[lang][key]
	if !ok {
		return Missing + key + "]]"
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key exists in lang's catalogue.
func Has(lang Lang, key string) bool {
	_, ok := catalogs()[lang][key]
	return ok
}

// Lookup returns the text of key in lang, if present.
func Lookup(lang Lang, key string) (string, bool) {
	s, ok := catalogs()[lang][key]
	return s, ok
}

// Keys lists the keys of lang's catalogue, sorted.
func Keys(lang Lang) []string {
	keys := make([]string, 0, len(catalogs()[lang]))
	for k := range catalogs()[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var matcher = language.NewMatcher([]language.Tag{language.French, language.English})

// Negotiate picks the interface language: the cookie's value when it names a supported language, else
// the best match of the Accept-Language header, else French.
func Negotiate(cookie, acceptLanguage string) Lang {
	if l, ok := Parse(cookie); ok {
		return l
	}
	if acceptLanguage == "" {
		return FR
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return FR
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return FR
	}
	if i == 1 {
		return EN
	}
	return FR
}
