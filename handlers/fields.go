package handlers

import (
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"saisine/i18n"
	"saisine/letters"
)

// Form fields follow docs/web-contract.md: an input's name is the JSON path of the case-file field it
// fills, its id is "f-" + the path with "." and "[" turned into "-" and "]" dropped; radios and
// checkboxes add "-VALUE", and their group's <fieldset> carries the id of the path.

// fieldKind is how a field is drawn.
type fieldKind int

const (
	kindText fieldKind = iota
	kindTextarea
	kindSelect
	kindRadios
	kindCheckboxes
	kindCheckbox // a single checkbox with an explicit value
)

// fieldDef describes one field of the case file as the form shows it. Keys of fieldDefs are paths with
// list indexes written "[]".
type fieldDef struct {
	Kind         fieldKind
	Type         string // input type for kindText: text (default), email, tel, url
	Enum         string // key of letters.Enumerations (or a local enumeration) for choices
	Optional     bool   // shows « (facultatif) »
	Autocomplete string
	Inputmode    string
	Width        string // CSS class limiting the input's width: w-5, w-10, w-20, w-38
	Date         bool   // a case-file date: JJ/MM/AAAA is accepted and turned into AAAA-MM-JJ
	Value        string // for kindCheckbox: the value sent when checked
}

var fieldDefs = map[string]fieldDef{
	// home page
	"kind":      {Kind: kindRadios, Enum: "sender.kind"},
	"procedure": {Kind: kindRadios},
	"dossier":   {Type: "file"},
	// commune
	"commune.postal_code":         {Width: "w-5", Inputmode: "numeric", Autocomplete: "off"},
	"commune.insee_code":          {Kind: kindRadios},
	"commune.address.street":      {Width: "w-38", Autocomplete: "off"},
	"commune.address.complement":  {Width: "w-38", Optional: true, Autocomplete: "off"},
	"commune.address.postal_code": {Width: "w-5", Inputmode: "numeric", Autocomplete: "off"},
	"commune.address.city":        {Width: "w-38", Autocomplete: "off"},
	"commune.mayor.civility":      {Kind: kindSelect, Enum: "civility", Optional: true},
	"commune.mayor.name":          {Width: "w-38", Optional: true, Autocomplete: "off"},
	"commune.dpo_email":           {Type: "email", Width: "w-38", Optional: true, Autocomplete: "off"},

	// système
	"facts.software":         {Width: "w-20", Optional: true, Autocomplete: "off"},
	"facts.vendor":           {Width: "w-20", Optional: true, Autocomplete: "off"},
	"facts.acquired":         {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"facts.in_use_from":      {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"facts.in_use_until":     {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"facts.capabilities":     {Kind: kindCheckboxes, Enum: "facts.capabilities", Optional: true},
	"facts.purposes_claimed": {Kind: kindTextarea, Optional: true},

	// connaissances
	"facts.aipd":                      {Kind: kindRadios, Enum: "facts.aipd", Optional: true},
	"facts.cnil_consulted":            {Kind: kindRadios, Enum: "facts.cnil_consulted", Optional: true},
	"facts.prefectoral_authorisation": {Kind: kindRadios, Enum: "facts.prefectoral_authorisation", Optional: true},
	"facts.signage":                   {Kind: kindRadios, Enum: "facts.signage", Optional: true},
	"facts.ethics_committee_informed": {Kind: kindRadios, Enum: "facts.ethics_committee_informed", Optional: true},
	"facts.council_deliberation":      {Kind: kindRadios, Enum: "facts.council_deliberation", Optional: true},
	"facts.retention_days":            {Width: "w-5", Inputmode: "numeric", Optional: true, Autocomplete: "off"},

	// sources
	"facts.sources[].title":     {Autocomplete: "off"},
	"facts.sources[].publisher": {Width: "w-20", Autocomplete: "off"},
	"facts.sources[].date":      {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"facts.sources[].url":       {Type: "url", Autocomplete: "off"},
	"facts.sources[].exhibit":   {Kind: kindCheckbox, Value: "yes"},
	"exhibits[].title":          {Autocomplete: "off"},
	"exhibits[].date":           {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"exhibits[].source":         {Optional: true, Autocomplete: "off"},

	// situation
	"facts.where_filmed": {Kind: kindTextarea},

	// démarches
	"prior_steps[].kind":        {Kind: kindSelect, Enum: "prior_steps.kind"},
	"prior_steps[].recipient":   {Width: "w-38", Optional: true, Autocomplete: "off"},
	"prior_steps[].sent_on":     {Width: "w-10", Date: true, Autocomplete: "off"},
	"prior_steps[].received_on": {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"prior_steps[].answer":      {Kind: kindSelect, Enum: "prior_steps.answer", Optional: true},
	"prior_steps[].answer_on":   {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"prior_steps[].reference":   {Width: "w-20", Optional: true, Autocomplete: "off"},

	// demandes
	"requests":            {Kind: kindCheckboxes, Enum: "requests", Optional: true},
	"documents_requested": {Kind: kindCheckboxes, Enum: "documents_requested", Optional: true},

	// identité
	"sender.civility":            {Kind: kindSelect, Enum: "civility", Optional: true},
	"sender.first_name":          {Width: "w-20", Autocomplete: "given-name"},
	"sender.last_name":           {Width: "w-20", Autocomplete: "family-name"},
	"sender.organisation":        {Autocomplete: "organization"},
	"sender.role":                {Width: "w-38", Optional: true, Autocomplete: "organization-title"},
	"sender.address.street":      {Width: "w-38", Autocomplete: "address-line1"},
	"sender.address.complement":  {Width: "w-38", Optional: true, Autocomplete: "address-line2"},
	"sender.address.postal_code": {Width: "w-5", Inputmode: "numeric", Autocomplete: "postal-code"},
	"sender.address.city":        {Width: "w-38", Autocomplete: "address-level2"},
	// the recipient's address, when the tool cannot know it (commission-videoprotection)
	"letter.recipient_address.street":      {Width: "w-38", Autocomplete: "off"},
	"letter.recipient_address.complement":  {Width: "w-38", Optional: true, Autocomplete: "off"},
	"letter.recipient_address.postal_code": {Width: "w-5", Inputmode: "numeric", Autocomplete: "off"},
	"letter.recipient_address.city":        {Width: "w-38", Autocomplete: "off"},
	"sender.email":                         {Type: "email", Width: "w-38", Optional: true, Autocomplete: "email"},
	"sender.phone":                         {Type: "tel", Width: "w-20", Optional: true, Autocomplete: "tel"},
	"sender.association.rna":               {Width: "w-10", Optional: true, Autocomplete: "off"},
	"sender.association.siren":             {Width: "w-10", Optional: true, Inputmode: "numeric", Autocomplete: "off"},
	"sender.association.declared_on":       {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"sender.association.purpose":           {Kind: kindTextarea, Optional: true},
	"signatories[].civility":               {Kind: kindSelect, Enum: "civility", Optional: true},
	"signatories[].first_name":             {Width: "w-20", Autocomplete: "off"},
	"signatories[].last_name":              {Width: "w-20", Autocomplete: "off"},
	"signatories[].role":                   {Width: "w-38", Autocomplete: "off"},
	"letter.place":                         {Width: "w-20", Autocomplete: "off"},
	"letter.date":                          {Width: "w-10", Optional: true, Date: true, Autocomplete: "off"},
	"letter.sending":                       {Kind: kindSelect, Enum: "letter.sending", Optional: true},
}

// pattern turns "facts.sources[1].url" into "facts.sources[].url": every "[DIGITS]" becomes "[]".
// It runs for every field of every page, hence no regular expression.
func pattern(path string) string { return dropIndexes(path, "[]") }

// dropIndexes replaces each "[DIGITS]" of path with repl; path itself when it has none.
func dropIndexes(path, repl string) string {
	i := strings.IndexByte(path, '[')
	if i < 0 {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	for {
		j := i + 1
		for j < len(path) && path[j] >= '0' && path[j] <= '9' {
			j++
		}
		if j > i+1 && j < len(path) && path[j] == ']' {
			b.WriteString(path[:i])
			b.WriteString(repl)
			path = path[j+1:]
		} else {
			b.WriteString(path[:i+1])
			path = path[i+1:]
		}
		if i = strings.IndexByte(path, '['); i < 0 {
			b.WriteString(path)
			return b.String()
		}
	}
}

// catalogKey turns a path into the key used in the catalogues: "facts.sources[1].url" →
// "facts.sources.url".
func catalogKey(path string) string { return strings.ReplaceAll(pattern(path), "[]", "") }

var idReplacer = strings.NewReplacer(".", "-", "[", "-", "]", "")

// fieldID is the element id of the field at path: "f-facts-sources-0-url".
func fieldID(path string) string { return "f-" + idReplacer.Replace(path) }

// optionID is the id of one radio or checkbox: "f-facts-aipd-missing".
func optionID(path, value string) string {
	if value == "" {
		value = "none"
	}
	return fieldID(path) + "-" + value
}

// targetPath is the path whose element shows a problem: an item of a checkbox list (« requests[2] »)
// is shown on the list's fieldset.
func targetPath(path string) string {
	if i := strings.LastIndexByte(path, '['); i > 0 && strings.HasSuffix(path, "]") {
		if d, ok := fieldDefs[pattern(path[:i])]; ok && d.Kind == kindCheckboxes {
			return path[:i]
		}
	}
	return path
}

// enumValues lists the values of an enumeration in display order.
func enumValues(enum string) []string {
	return letters.Enumerations[enum]
}

// enumLabel names one value of an enumeration in lang; "" (not given) has the key "_blank", since
// "none" is a value of some enumerations.
func enumLabel(lang i18n.Lang, enum, value string) string {
	if value == "" {
		value = "_blank"
	}
	return i18n.T(lang, "enum."+enum+"."+value)
}

// flatten turns a case into form values keyed by JSON path, as the form posts them: objects give
// "a.b", lists of objects "a[0].b", lists of strings one value per item under the list's path. The
// values are those of the case's JSON (json tags, omitempty, null left out), read from the struct
// directly: every step page flattens the case, and a JSON round trip cost a tenth of a page.
// TestFlattenAsJSON compares it with the JSON.
func flatten(c *letters.Case) url.Values {
	out := url.Values{}
	if c == nil {
		return out
	}
	flattenValue(out, "", reflect.ValueOf(c).Elem())
	return out
}

// jsonField is a struct field as encoding/json writes it.
type jsonField struct {
	index     int
	name      string
	omitEmpty bool
}

var jsonFieldsCache sync.Map // reflect.Type → []jsonField

func jsonFieldsOf(t reflect.Type) []jsonField {
	if f, ok := jsonFieldsCache.Load(t); ok {
		return f.([]jsonField)
	}
	var out []jsonField
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = sf.Name
		}
		out = append(out, jsonField{index: i, name: name, omitEmpty: slices.Contains(strings.Split(opts, ","), "omitempty")})
	}
	jsonFieldsCache.Store(t, out)
	return out
}

func flattenValue(out url.Values, path string, v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			flattenValue(out, path, v.Elem())
		}
	case reflect.Struct:
		for _, f := range jsonFieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if f.omitEmpty && emptyJSON(fv) {
				continue
			}
			p := f.name
			if path != "" {
				p = path + "." + f.name
			}
			flattenValue(out, p, fv)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			x := v.Index(i)
			switch x.Kind() {
			case reflect.Struct, reflect.Slice, reflect.Pointer:
				flattenValue(out, path+"["+strconv.Itoa(i)+"]", x)
			default:
				flattenValue(out, path, x)
			}
		}
	case reflect.String:
		out.Add(path, jsonString(v.String()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out.Add(path, strconv.FormatInt(v.Int(), 10))
	case reflect.Bool:
		out.Add(path, strconv.FormatBool(v.Bool()))
	}
}

// emptyJSON is encoding/json's « empty » for omitempty (a struct never is).
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Bool:
		return !v.Bool()
	}
	return false
}

// jsonString is s as it comes back from JSON: each byte that is not part of valid UTF-8 becomes
// U+FFFD.
func jsonString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// rowCount is the number of rows of the list at prefix ("facts.sources") present in values.
func rowCount(values url.Values, prefix string) int {
	n := 0
	for k := range values {
		if !strings.HasPrefix(k, prefix+"[") {
			continue
		}
		rest := k[len(prefix)+1:]
		end := strings.IndexByte(rest, ']')
		if end <= 0 {
			continue
		}
		i, err := strconv.Atoi(rest[:end])
		if err != nil || i < 0 || i > maxRows {
			continue
		}
		n = max(n, i+1)
	}
	return n
}

// maxRows bounds the rows of one list a form may post.
const maxRows = 100

// rowPath is "prefix[i].name".
func rowPath(prefix string, i int, name string) string {
	return prefix + "[" + strconv.Itoa(i) + "]." + name
}
