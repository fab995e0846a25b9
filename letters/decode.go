package letters

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxCaseFileSize bounds what Decode reads. A real case file is a few kilobytes of text; the cap keeps a
// wrong upload (a PDF, a video) or a hostile request from costing memory.
const MaxCaseFileSize = 1 << 20

// Decode reads a case file from JSON, strictly, and normalises its text (see NormalizeText). It does not
// check business rules: call Check for that. When the problems are not empty the returned case is nil.
//
// Strictness is for the user's sake: a misspelt field name silently ignored is a fact missing from the
// letter. So unknown fields, duplicate keys, wrong JSON types, trailing data, invalid UTF-8 and a
// version other than 1 are all problems, located by their JSON path (path "" for the file as a whole,
// with line and column for syntax errors). JSON null is accepted anywhere and means "absent".
func Decode(r io.Reader) (*Case, []Problem) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCaseFileSize+1))
	if err != nil {
		return nil, []Problem{{Code: CodeReadError}}
	}
	if len(data) > MaxCaseFileSize {
		return nil, []Problem{{Code: CodeTooLarge, Args: []string{strconv.Itoa(MaxCaseFileSize)}}}
	}
	// Some Windows editors start UTF-8 files with a byte order mark, which JSON does not allow: the
	// user cannot see it, so drop it rather than report it.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []Problem{{Code: CodeEmpty}}
	}
	if !utf8.Valid(data) {
		return nil, []Problem{{Code: CodeEncoding}}
	}
	if p, ok := syntaxProblem(data); !ok {
		return nil, []Problem{p}
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := walker{}
	w.value(dec, reflect.TypeFor[Case](), "")
	if len(w.problems) > 0 {
		// A file of another version differs in many places: its version is the one useful message.
		for _, p := range w.problems {
			if p.Path == "version" {
				return nil, []Problem{p}
			}
		}
		return nil, w.problems
	}
	if !w.sawVersion {
		return nil, []Problem{{Path: "version", Code: CodeVersion}}
	}

	c := new(Case)
	if err := json.Unmarshal(data, c); err != nil {
		// The walk above accepts only what Unmarshal accepts, so this is a bug here, not in the file;
		// the fuzz test looks for it.
		return nil, []Problem{{Code: CodeInvalid}}
	}
	Normalize(c)
	return c, nil
}

// syntaxProblem checks that data is exactly one JSON value, and locates the first error by line and
// column (which the user can find in an editor, unlike a byte offset).
func syntaxProblem(data []byte) (Problem, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > 0 {
			at := int(se.Offset) - 1 // the decoder counts the offending byte as read
			line, col := lineCol(data, at)
			ch, _ := utf8.DecodeRune(data[at:])
			return Problem{Code: CodeSyntax, Args: []string{strconv.Itoa(line), strconv.Itoa(col), string(ch)}}, false
		}
		// Unexpected end of input: point at the end of the file.
		line, col := lineCol(data, len(bytes.TrimRight(data, " \t\r\n")))
		return Problem{Code: CodeSyntax, Args: []string{strconv.Itoa(line), strconv.Itoa(col), ""}}, false
	}
	rest := data[dec.InputOffset():]
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		line, col := lineCol(data, len(data)-len(trimmed))
		return Problem{Code: CodeTrailingData, Args: []string{strconv.Itoa(line), strconv.Itoa(col)}}, false
	}
	return Problem{}, true
}

// lineCol turns a byte offset into a 1-based line and a 1-based column counted in characters.
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, utf8.RuneCount(before[start:]) + 1
}

// walker compares a syntactically valid JSON document with the Go type it must fill, token by token, so
// that every unknown field and wrong type is reported with its path, in file order. encoding/json alone
// stops at the first error and does not give the path of unknown fields.
type walker struct {
	problems   []Problem
	sawVersion bool
}

func (w *walker) add(path, code string, args ...string) {
	w.problems = append(w.problems, Problem{Path: path, Code: code, Args: args})
}

// value consumes one JSON value from dec and checks it against t.
func (w *walker) value(dec *json.Decoder, t reflect.Type, path string) {
	tok, err := dec.Token()
	if err != nil {
		return // cannot happen after syntaxProblem; stop quietly rather than loop
	}
	if tok == nil {
		return // null: absent
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := tok.(string); !ok {
			w.wrongType(dec, tok, jsonKindString, path)
		}
	case reflect.Int:
		n, ok := tok.(json.Number)
		if !ok {
			w.wrongType(dec, tok, jsonKindInteger, path)
			return
		}
		if _, err := strconv.ParseInt(string(n), 10, 32); err != nil {
			w.add(path, CodeWrongType, jsonKindInteger, jsonKindDecimal)
		}
	case reflect.Slice:
		if tok != json.Delim('[') {
			w.wrongType(dec, tok, jsonKindArray, path)
			return
		}
		for i := 0; dec.More(); i++ {
			w.value(dec, t.Elem(), path+"["+strconv.Itoa(i)+"]")
		}
		dec.Token() // ]
	case reflect.Struct:
		if tok != json.Delim('{') {
			w.wrongType(dec, tok, jsonKindObject, path)
			return
		}
		fields := jsonFields(t)
		seen := map[string]bool{}
		for dec.More() {
			kt, _ := dec.Token()
			key, _ := kt.(string)
			sub := joinPath(path, key)
			f, known := fields[key]
			switch {
			case !known:
				w.add(sub, CodeUnknownField, key, closestName(key, fields))
				skipValue(dec)
			case seen[key]:
				w.add(sub, CodeDuplicateKey, key)
				skipValue(dec)
			default:
				seen[key] = true
				if t == reflect.TypeFor[Case]() && key == "version" {
					w.version(dec)
					continue
				}
				w.value(dec, f.Type, sub)
			}
		}
		dec.Token() // }
	}
}

// version reads the top-level version, which must be the integer 1.
func (w *walker) version(dec *json.Decoder) {
	tok, _ := dec.Token()
	w.sawVersion = true
	switch v := tok.(type) {
	case json.Number:
		if v != "1" {
			w.add("version", CodeVersion, string(v))
		}
	case nil:
		w.add("version", CodeVersion)
	default:
		w.wrongType(dec, tok, jsonKindInteger, "version")
	}
}

func (w *walker) wrongType(dec *json.Decoder, tok json.Token, want, path string) {
	got := jsonKindString
	switch tok := tok.(type) {
	case json.Number:
		got = jsonKindNumber
	case bool:
		got = jsonKindBool
	case json.Delim:
		if tok == '[' {
			got = jsonKindArray
		} else {
			got = jsonKindObject
		}
		skipRest(dec)
	}
	w.add(path, CodeWrongType, want, got)
}

// skipValue consumes one whole value.
func skipValue(dec *json.Decoder) {
	tok, err := dec.Token()
	if err != nil {
		return
	}
	if d, ok := tok.(json.Delim); ok && (d == '[' || d == '{') {
		skipRest(dec)
	}
}

// skipRest consumes the rest of an array or object whose opening delimiter was just read.
func skipRest(dec *json.Decoder) {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

var fieldsCache sync.Map // reflect.Type → map[string]reflect.StructField

// jsonFields maps the JSON names of a struct's fields to the fields. The map is shared: do not modify.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	if m, ok := fieldsCache.Load(t); ok {
		return m.(map[string]reflect.StructField)
	}
	m := make(map[string]reflect.StructField, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if name := jsonName(f); name != "" {
			m[name] = f
		}
	}
	fieldsCache.Store(t, m)
	return m
}

func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "-" {
		return ""
	}
	if name == "" {
		return f.Name
	}
	return name
}

// closestName suggests the known field a misspelt one was probably meant to be, or "" when none is
// close enough to be a useful guess.
func closestName(key string, fields map[string]reflect.StructField) string {
	best, bestDist := "", 3 // more than two edits is a different word, not a typo
	lower := strings.ToLower(key)
	for name := range fields {
		d := editDistance(lower, name)
		if d < bestDist || (d == bestDist && best != "" && name < best) {
			best, bestDist = name, d
		}
	}
	if bestDist >= 3 {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 {
		return 64 // long keys are not typos of short names; keep the cost bounded
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Encode writes a case file as JSON indented by two spaces, with a trailing newline, in the form Decode
// reads. Absent lists are written as [] so that a person editing the file sees where items go, and a
// zero version is written as Version.
func Encode(w io.Writer, c *Case) error {
	if c == nil {
		return errors.New("letters: Encode: nil case")
	}
	out := *c
	if out.Version == 0 {
		out.Version = Version
	}
	out.Signatories = nonNil(out.Signatories)
	out.PriorSteps = nonNil(out.PriorSteps)
	out.Requests = nonNil(out.Requests)
	out.DocumentsRequested = nonNil(out.DocumentsRequested)
	out.Exhibits = nonNil(out.Exhibits)
	out.Facts.Capabilities = nonNil(out.Facts.Capabilities)
	out.Facts.Sources = nonNil(out.Facts.Sources)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// Keep « & », « < » and « > » readable in a file people may edit by hand.
	enc.SetEscapeHTML(false)
	return enc.Encode(&out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
