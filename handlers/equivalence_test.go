package handlers

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"saisine/letters"
	"saisine/letters/procedures"
)

// The step pages read the case in cheaper ways than a JSON round trip (flatten, cloneCase) and find
// field patterns without a regular expression. These tests hold them to what the JSON and the
// regular expression gave, so that the forms show and keep exactly the same values.

// fill sets every field reachable from v: distinct strings (one with a byte that is not UTF-8), numbers,
// two rows per list, allocated pointers. seed makes the values differ between calls.
func fill(v reflect.Value, seed string, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), seed, n)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), seed, n)
			}
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), seed, n)
		}
	case reflect.String:
		*n++
		s := seed + "-" + strconv.Itoa(*n) + " « é »"
		if *n == 3 {
			s += "\xff"
		}
		v.SetString(s)
	case reflect.Int:
		*n++
		v.SetInt(int64(*n))
	default:
		panic("fill: a field of kind " + v.Kind().String() + ": teach fill, flatten and cloneCase about it")
	}
}

func filledCase(seed string) *letters.Case {
	c := new(letters.Case)
	n := 0
	fill(reflect.ValueOf(c).Elem(), seed, &n)
	return c
}

// flattenJSON is flatten as it was: the case through JSON.
func flattenJSON(c *letters.Case) url.Values {
	out := url.Values{}
	b, err := json.Marshal(c)
	if err != nil {
		panic(err)
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		panic(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, v[k])
			}
		case []any:
			for i, x := range v {
				switch x.(type) {
				case map[string]any, []any:
					walk(path+"["+strconv.Itoa(i)+"]", x)
				default:
					walk(path, x)
				}
			}
		case string:
			out.Add(path, v)
		case json.Number:
			out.Add(path, v.String())
		case bool:
			out.Add(path, strconv.FormatBool(v))
		}
	}
	walk("", v)
	return out
}

func testCases(t *testing.T) map[string]*letters.Case {
	cases := map[string]*letters.Case{
		"empty":  {},
		"filled": filledCase("a"),
		"lille":  lilleCase(t),
		"blanks": {Version: 1, Sender: letters.Sender{Kind: "resident", Association: &letters.Association{}},
			Signatories: []letters.Signatory{}, Requests: []string{"", "control"}, Facts: letters.Facts{RetentionDays: 0},
			Letter: letters.LetterOptions{RecipientAddress: &letters.Address{}}},
	}
	for _, p := range procedures.All() {
		cases["example "+p.ID] = procedures.Example(p.ID)
	}
	return cases
}

func TestFlattenAsJSON(t *testing.T) {
	for name, c := range testCases(t) {
		if got, want := flatten(c), flattenJSON(c); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: flatten\n%v\nwant (from the JSON)\n%v", name, got, want)
		}
	}
}

func TestCloneCaseDeep(t *testing.T) {
	for name, c := range testCases(t) {
		if name == "filled" {
			// Its invalid UTF-8 byte, which JSON replaces and a copy keeps, never reaches cloneCase: the
			// cases it copies come from a token or went through letters.Normalize.
			c.Sender.Civility = strings.ToValidUTF8(c.Sender.Civility, "\uFFFD")
		}
		var viaJSON letters.Case
		b, _ := json.Marshal(c)
		json.Unmarshal(b, &viaJSON)
		want, _ := json.Marshal(&viaJSON)
		got, _ := json.Marshal(cloneCase(c))
		if string(got) != string(want) {
			t.Errorf("%s: clone\n%s\nwant\n%s", name, got, want)
		}
	}
	// Changing every field of the copy, rows and pointed-to structs included, leaves the original as it
	// was: a slice or pointer field that cloneCase does not copy fails here.
	c := filledCase("a")
	cp := cloneCase(c)
	if !reflect.DeepEqual(cp, c) {
		t.Fatal("the copy differs from the original")
	}
	var overwrite func(v reflect.Value)
	overwrite = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer:
			overwrite(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				overwrite(v.Field(i))
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				overwrite(v.Index(i))
			}
		case reflect.String:
			v.SetString("changed")
		case reflect.Int:
			v.SetInt(-1)
		}
	}
	overwrite(reflect.ValueOf(cp).Elem())
	if !reflect.DeepEqual(c, filledCase("a")) {
		t.Error("changing the copy changed the original")
	}
}

func TestPatternAsRegexp(t *testing.T) {
	re := regexp.MustCompile(`\[[0-9]+\]`)
	for _, p := range []string{"", "a", "facts.sources[1].url", "prior_steps[12].kind", "requests[0]", "a[b]", "a[]",
		"a[[1]]", "a[1", "a]1[", "[3]", "x[1][2].y[]z[0]", "a[1a]", "a[01]b[9]"} {
		if got, want := pattern(p), re.ReplaceAllString(p, "[]"); got != want {
			t.Errorf("pattern(%q) = %q, want %q", p, got, want)
		}
	}
}
