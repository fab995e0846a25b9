package schema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"saisine/letters"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.golden.json")

// decoded is the schema as generic JSON.
func decoded(t *testing.T) map[string]any {
	t.Helper()
	var s map[string]any
	if err := json.Unmarshal(JSON(), &s); err != nil {
		t.Fatalf("schema is not valid JSON: %v", err)
	}
	return s
}

func TestGolden(t *testing.T) {
	got := JSON()
	golden := filepath.Join("testdata", "schema.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./letters/schema -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema differs from %s; if the change is intended, run go test ./letters/schema -update", golden)
	}
}

func TestShape(t *testing.T) {
	b := JSON()
	if !json.Valid(b) {
		t.Fatal("not valid JSON")
	}
	if !bytes.HasSuffix(b, []byte("}\n")) || bytes.HasSuffix(b, []byte("\n\n")) {
		t.Error("want exactly one trailing newline")
	}
	if !bytes.HasPrefix(b, []byte("{\n  \"$schema\": ")) {
		t.Errorf("want 2-space indentation starting with $schema, got %.30q", b)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, b); err != nil {
		t.Fatal(err)
	}
	var indented bytes.Buffer
	json.Indent(&indented, compact.Bytes(), "", "  ")
	indented.WriteByte('\n')
	if !bytes.Equal(indented.Bytes(), b) {
		t.Error("output is not canonical 2-space indented JSON")
	}
	if bytes.Contains(b, []byte(`\u00`)) {
		t.Error("HTML or control characters escaped")
	}

	s := decoded(t)
	for k, want := range map[string]any{"$schema": Draft, "$id": ID, "type": "object", "additionalProperties": false} {
		if s[k] != want {
			t.Errorf("%s = %v, want %v", k, s[k], want)
		}
	}
	if d, _ := s["description"].(string); !strings.Contains(d, "dossier") || !strings.Contains(d, "case file") {
		t.Error("root description should be French and English")
	}
	if req := asStrings(s["required"]); !slices.Equal(req, []string{"version", "sender", "commune", "facts", "letter"}) {
		t.Errorf("required = %v", req)
	}
	if v := node(t, s, "version"); v["const"] != float64(letters.Version) || v["type"] != "integer" {
		t.Errorf("version = %v", v)
	}
}

func TestDeterministic(t *testing.T) {
	a, err := build()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		b, err := build()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two builds differ")
		}
	}
	if !bytes.Equal(a, JSON()) {
		t.Fatal("JSON() differs from build()")
	}
	c := JSON()
	c[0] = 'x'
	if JSON()[0] != '{' {
		t.Fatal("JSON() shares its buffer with callers")
	}
}

// goPaths walks letters.Case by reflection, independently of the generator, and returns every JSON
// path ("[]" marks array items) with its Go type.
func goPaths() map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type, path string)
	walk = func(t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if path != "" {
			out[path] = t
		}
		switch t.Kind() {
		case reflect.Struct:
			for i := range t.NumField() {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if !f.IsExported() || name == "-" {
					continue
				}
				if name == "" {
					name = f.Name
				}
				p := name
				if path != "" {
					p = path + "." + name
				}
				walk(f.Type, p)
			}
		case reflect.Slice:
			walk(t.Elem(), path+"[]")
		}
	}
	walk(reflect.TypeFor[letters.Case](), "")
	return out
}

// node returns the schema of the value at path.
func node(t *testing.T, s map[string]any, path string) map[string]any {
	t.Helper()
	cur := s
	for _, seg := range strings.Split(path, ".") {
		name, items := strings.CutSuffix(seg, "[]")
		props, _ := cur["properties"].(map[string]any)
		next, ok := props[name].(map[string]any)
		if !ok {
			t.Fatalf("%s: no property %q", path, name)
		}
		cur = next
		for items {
			cur = cur["items"].(map[string]any)
			name, items = strings.CutSuffix(name, "[]")
		}
	}
	return cur
}

func TestEveryFieldDescribed(t *testing.T) {
	s := decoded(t)
	paths := goPaths()
	if len(paths) < 60 {
		t.Fatalf("only %d paths found: the walk is broken", len(paths))
	}
	kinds := map[reflect.Kind]string{reflect.String: "string", reflect.Int: "integer", reflect.Struct: "object", reflect.Slice: "array"}
	for p, typ := range paths {
		n := node(t, s, p)
		if want := kinds[typ.Kind()]; n["type"] != want {
			t.Errorf("%s: type %v, want %s", p, n["type"], want)
		}
		if typ.Kind() == reflect.Struct && n["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties must be false", p)
		}
		if strings.HasSuffix(p, "[]") && typ.Kind() != reflect.Struct {
			continue // items of a list of strings: the list is described
		}
		if d, _ := n["description"].(string); len(d) < 10 {
			t.Errorf("%s: no description", p)
		}
	}
}

func TestEnumerations(t *testing.T) {
	s := decoded(t)
	found := map[string]int{}
	for p := range goPaths() {
		vals := asStrings(node(t, s, p)["enum"])
		if vals == nil {
			continue
		}
		key := strings.ReplaceAll(p, "[]", "")
		if _, ok := letters.Enumerations[key]; !ok {
			key = key[strings.LastIndex(key, ".")+1:]
		}
		if want := letters.Enumerations[key]; !slices.Equal(vals, want) {
			t.Errorf("%s: enum %q, want %q (letters.Enumerations[%q])", p, vals, want, key)
		}
		found[key]++
	}
	for key := range letters.Enumerations {
		if found[key] == 0 {
			t.Errorf("enumeration %q appears nowhere in the schema", key)
		}
	}
	if found["civility"] != 3 {
		t.Errorf("civility enum on %d fields, want 3 (sender, signatories[], commune.mayor)", found["civility"])
	}
	for _, p := range []string{"sender.civility", "signatories[].civility", "commune.mayor.civility", "prior_steps[].kind",
		"prior_steps[].answer", "facts.capabilities[]", "requests[]", "documents_requested[]", "letter.sending"} {
		if node(t, s, p)["enum"] == nil {
			t.Errorf("%s: no enum", p)
		}
	}
}

func TestEveryValueHasALabel(t *testing.T) {
	for key, vals := range letters.Enumerations {
		for _, v := range vals {
			if valueLabels[key][v] == "" {
				t.Errorf("valueLabels[%q][%q] missing", key, v)
			}
		}
		for v := range valueLabels[key] {
			if !slices.Contains(vals, v) {
				t.Errorf("valueLabels[%q][%q] is not an allowed value", key, v)
			}
		}
	}
	for key := range valueLabels {
		if _, ok := letters.Enumerations[key]; !ok {
			t.Errorf("valueLabels[%q]: no such enumeration", key)
		}
	}
}

// TestKeywords keeps the schema within what the test validator understands.
func TestKeywords(t *testing.T) {
	var walk func(v any, at string)
	walk = func(v any, at string) {
		s, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: schema is not an object", at)
		}
		for k, x := range s {
			switch {
			case k == "properties":
				for name, sub := range x.(map[string]any) {
					walk(sub, at+"/"+name)
				}
			case k == "items" || k == "additionalProperties" && x != false:
				walk(x, at+"/"+k)
			case k == "anyOf":
				for _, sub := range x.([]any) {
					walk(sub, at+"/anyOf")
				}
			case k == "pattern":
				if _, err := regexp.Compile(x.(string)); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			case !slices.Contains(keywords, k) && !slices.Contains(annotations, k):
				t.Errorf("%s: keyword %q not supported by the test validator", at, k)
			}
		}
	}
	walk(decoded(t), "#")
}

func lille(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "lille.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLilleIsValid(t *testing.T) {
	var v any
	if err := json.Unmarshal(lille(t), &v); err != nil {
		t.Fatal(err)
	}
	if errs := validate(decoded(t), v, ""); len(errs) > 0 {
		t.Errorf("lille.json does not validate:\n%s", strings.Join(errs, "\n"))
	}
}

// variant returns lille.json changed by edit, as generic JSON.
func variant(t *testing.T, edit func(m map[string]any)) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(lille(t), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m) // round trip: Go ints become float64 as in a decoded file
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func obj(m map[string]any, path string) map[string]any {
	for _, seg := range strings.Split(path, ".") {
		if name, ok := strings.CutSuffix(seg, "[0]"); ok {
			m = m[name].([]any)[0].(map[string]any)
		} else {
			m = m[seg].(map[string]any)
		}
	}
	return m
}

func TestInvalidCases(t *testing.T) {
	s := decoded(t)
	cases := []struct {
		name string
		want string // expected in one of the messages
		edit func(m map[string]any)
	}{
		{"unknown field", `sender: unknown member "nickname"`, func(m map[string]any) { obj(m, "sender")["nickname"] = "Cam" }},
		{"unknown top-level field", `unknown member "commentaire"`, func(m map[string]any) { m["commentaire"] = "" }},
		{"bad enum", `facts.aipd: "absent" is not one of`, func(m map[string]any) { obj(m, "facts")["aipd"] = "absent" }},
		{"bad enum in list", `requests[3]: "lawsuit"`, func(m map[string]any) { m["requests"] = append(m["requests"].([]any), "lawsuit") }},
		{"bad civility", `sender.civility: "Mme"`, func(m map[string]any) { obj(m, "sender")["civility"] = "Mme" }},
		{"postal code of 4 digits", `sender.address.postal_code: "5900"`, func(m map[string]any) { obj(m, "sender.address")["postal_code"] = "5900" }},
		{"postal code of 6 digits", `commune.postal_code: "590000"`, func(m map[string]any) { obj(m, "commune")["postal_code"] = "590000" }},
		{"postal code without département", `commune.address.postal_code: "96000"`, func(m map[string]any) { obj(m, "commune.address")["postal_code"] = "96000" }},
		{"INSEE 20", `commune.insee_code: "20004"`, func(m map[string]any) { obj(m, "commune")["insee_code"] = "20004" }},
		{"version 2", `version: want 1`, func(m map[string]any) { m["version"] = 2 }},
		{"version as string", `version: want integer`, func(m map[string]any) { m["version"] = "1" }},
		{"missing facts", `missing required member "facts"`, func(m map[string]any) { delete(m, "facts") }},
		{"upper-case sha256", `exhibits[0].sha256`, func(m map[string]any) { obj(m, "exhibits[0]")["sha256"] = strings.Repeat("AB", 32) }},
		{"bad e-mail", `sender.email: "pas-une-adresse"`, func(m map[string]any) { obj(m, "sender")["email"] = "pas-une-adresse" }},
		{"ftp URL", `facts.sources[0].url`, func(m map[string]any) { obj(m, "facts.sources[0]")["url"] = "ftp://example.org/x" }},
		{"negative retention", `facts.retention_days: -1 is less than 0`, func(m map[string]any) { obj(m, "facts")["retention_days"] = -1 }},
		{"fractional retention", `facts.retention_days: want integer`, func(m map[string]any) { obj(m, "facts")["retention_days"] = 1.5 }},
		{"partial date where a full one is needed", `letter.date: "2026-11"`, func(m map[string]any) { obj(m, "letter")["date"] = "2026-11" }},
		{"month 13", `facts.acquired: "2021-13"`, func(m map[string]any) { obj(m, "facts")["acquired"] = "2021-13" }},
		{"city too long", `sender.address.city`, func(m map[string]any) { obj(m, "sender.address")["city"] = strings.Repeat("é", 33) }},
		{"null list", `signatories: want array`, func(m map[string]any) { m["signatories"] = nil }},
		{"bad prior step", `prior_steps[0].sent_on: "2025-01"`, func(m map[string]any) {
			m["prior_steps"] = []any{map[string]any{"kind": "crpa_request", "recipient": "Maire de Lille", "sent_on": "2025-01",
				"received_on": "", "answer": "none", "answer_on": "", "reference": ""}}
		}},
		{"unknown field in association", `sender.association: unknown member "siret"`, func(m map[string]any) {
			obj(m, "sender")["association"] = map[string]any{"rna": "W595000000", "siret": "12345678200010"}
		}},
		{"bad RNA", `sender.association.rna: "595000000"`, func(m map[string]any) {
			obj(m, "sender")["association"] = map[string]any{"rna": "595000000"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			errs := validate(s, variant(t, c.edit), "")
			if len(errs) == 0 {
				t.Fatal("accepted")
			}
			if !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, c.want) }) {
				t.Errorf("want a message containing %q, got:\n%s", c.want, strings.Join(errs, "\n"))
			}
		})
	}
}

func TestValidVariants(t *testing.T) {
	s := decoded(t)
	cases := map[string]func(m map[string]any){
		"Corsica": func(m map[string]any) {
			obj(m, "commune")["insee_code"] = "2A004"
			obj(m, "commune")["postal_code"] = "20000"
		},
		"Réunion": func(m map[string]any) {
			obj(m, "commune")["insee_code"] = "97411"
			obj(m, "commune")["postal_code"] = "97400"
		},
		"empties": func(m map[string]any) {
			obj(m, "sender")["email"] = ""
			obj(m, "letter")["date"] = ""
			obj(m, "commune")["insee_code"] = ""
		},
		"civility": func(m map[string]any) { obj(m, "sender")["civility"] = "" },
		"association": func(m map[string]any) {
			snd := obj(m, "sender")
			snd["kind"] = "association"
			snd["organisation"] = "Association exemple"
			snd["association"] = map[string]any{"rna": "W595000000", "siren": "123456782", "declared_on": "2015-03", "purpose": "défense des libertés"}
			m["signatories"] = []any{map[string]any{"civility": "Madame", "first_name": "Inès", "last_name": "Lefèvre", "role": "Présidente"}}
		},
		"facts": func(m map[string]any) {
			f := obj(m, "facts")
			f["retention_days"] = 30
			f["capabilities"] = []any{}
			f["in_use_until"] = "2025-01-31"
		},
		"prior step and exhibit": func(m map[string]any) {
			m["prior_steps"] = []any{map[string]any{"kind": "crpa_request", "recipient": "Maire de Lille", "sent_on": "2025-01-10",
				"received_on": "2025-01-13", "answer": "none", "answer_on": "", "reference": ""}}
			e := obj(m, "exhibits[0]")
			e["file"] = "piece-1.pdf"
			e["sha256"] = strings.Repeat("0a", 32)
		},
		"minimal": func(m map[string]any) {
			for _, k := range []string{"signatories", "prior_steps", "requests", "documents_requested", "exhibits"} {
				delete(m, k)
			}
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			if errs := validate(s, variant(t, edit), ""); len(errs) > 0 {
				t.Errorf("rejected:\n%s", strings.Join(errs, "\n"))
			}
		})
	}
}

func TestPatterns(t *testing.T) {
	s := decoded(t)
	cases := []struct {
		path        string
		good, wrong []string
	}{
		{"sender.address.postal_code",
			[]string{"", "59000", "01000", "20000", "20200", "75001", "95000", "97100", "97133", "97400", "97600", "98000", "98800"},
			[]string{"5900", "590000", "00100", "96000", "97900", "98100", "9740", "59 000", "2A000", "abcde", " 59000"}},
		{"commune.insee_code",
			[]string{"", "59350", "01001", "2A004", "2B033", "19031", "21231", "95018", "97411", "97502", "97611"},
			[]string{"20004", "00001", "96001", "97701", "5935", "593500", "2C004", "2a004", "9741"}},
		{"sender.phone",
			[]string{"", "06 12 34 56 78", "0612345678", "01.23.45.67.89", "03-20-49-50-00", "+33 6 12 34 56 78", "+33612345678", "0262 12 34 56"},
			[]string{"061234567", "+44 20 7946 0958", "00 12 34 56 78", "06 12 34 56 7a", "+33 06 12 34 56 78"}},
		{"sender.association.rna", []string{"", "W595000000", "W2A1234567", "W9R1234567"},
			[]string{"W59500000", "w595000000", "595000000", "W5950000000", "WA21234567", "W59500000A"}},
		{"sender.association.siren", []string{"", "123456782"}, []string{"12345678", "1234567820", "12345678A"}},
		{"facts.acquired", []string{"", "2021", "2021-11", "2021-11-30"}, []string{"21", "2021-1", "2021-00", "2021-11-32", "2021/11", "30/11/2021"}},
		{"letter.date", []string{"", "2026-11-27"}, []string{"2026", "2026-11", "27/11/2026", "2026-11-27T10:00"}},
		{"exhibits[].sha256", []string{"", strings.Repeat("0f", 32)}, []string{strings.Repeat("0F", 32), strings.Repeat("0", 63)}},
		{"facts.sources[].url", []string{"", "https://www.mediacites.fr/x", "http://example.org"}, []string{"www.mediacites.fr", "ftp://x", "https://a b"}},
		{"sender.email", []string{"", "camille.martin@example.org"}, []string{"camille", "a@b", "a b@example.org"}},
	}
	for _, c := range cases {
		n := node(t, s, c.path)
		for _, v := range c.good {
			if errs := validate(n, v, c.path); len(errs) > 0 {
				t.Errorf("%q rejected: %v", v, errs)
			}
		}
		for _, v := range c.wrong {
			if errs := validate(n, v, c.path); len(errs) == 0 {
				t.Errorf("%s: %q accepted", c.path, v)
			}
		}
	}
}

// TestDocumented keeps docs/case-file.md in step with the types: every JSON path and every allowed value
// is mentioned there.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "case-file.md"))
	if err != nil {
		t.Fatal(err)
	}
	for p := range goPaths() {
		if strings.HasSuffix(p, "[]") {
			continue // the list's row documents its items
		}
		if !bytes.Contains(doc, []byte("`"+p+"`")) {
			t.Errorf("docs/case-file.md does not document `%s`", p)
		}
	}
	for key, vals := range letters.Enumerations {
		for _, v := range vals {
			if v != "" && !bytes.Contains(doc, []byte("`"+v+"`")) {
				t.Errorf("docs/case-file.md does not document value `%s` of %s", v, key)
			}
		}
	}
}
