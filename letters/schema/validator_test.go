package schema

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"unicode/utf8"
)

// A tiny JSON Schema validator for the keywords this package emits, so that the tests need no
// dependency. Values are those of encoding/json decoding into any (float64 numbers).

// keywords are the keywords validate understands; annotations are keywords it may ignore.
var (
	keywords    = []string{"type", "properties", "additionalProperties", "required", "enum", "const", "pattern", "maxLength", "minimum", "items", "anyOf", "format"}
	annotations = []string{"$schema", "$id", "title", "description"}
)

// validate returns one message per violation, each starting with the JSON path of the value.
func validate(s map[string]any, v any, at string) []string {
	var errs []string
	fail := func(format string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(format, a...)) }

	if t, ok := s["type"].(string); ok && !hasType(v, t) {
		fail("want %s, got %T", t, v)
		return errs
	}
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, v) {
		fail("want %v, got %v", c, v)
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return reflect.DeepEqual(x, v) }) {
		fail("%q is not one of %v", v, e)
	}
	if str, ok := v.(string); ok {
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			fail("%q does not match %s", str, p)
		}
		if m, ok := s["maxLength"].(float64); ok && float64(utf8.RuneCountInString(str)) > m {
			fail("%q is longer than %v characters", str, m)
		}
		if f, ok := s["format"].(string); ok && !hasFormat(str, f) {
			fail("%q is not a valid %s", str, f)
		}
	}
	if n, ok := v.(float64); ok {
		if m, ok := s["minimum"].(float64); ok && n < m {
			fail("%v is less than %v", n, m)
		}
	}
	if alts, ok := s["anyOf"].([]any); ok {
		matched := false
		for _, alt := range alts {
			if len(validate(alt.(map[string]any), v, at)) == 0 {
				matched = true
				break
			}
		}
		if !matched {
			fail("matches none of anyOf")
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := obj[r]; !ok {
				fail("missing required member %q", r)
			}
		}
		names := make([]string, 0, len(obj))
		for k := range obj {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			sub := at + "." + k
			if at == "" {
				sub = k
			}
			if ps, ok := props[k].(map[string]any); ok {
				errs = append(errs, validate(ps, obj[k], sub)...)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					fail("unknown member %q", k)
				}
			case map[string]any:
				errs = append(errs, validate(ap, obj[k], sub)...)
			}
		}
	}
	if arr, ok := v.([]any); ok {
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range arr {
				errs = append(errs, validate(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func hasType(v any, t string) bool {
	switch t {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	panic("unknown type " + t)
}

func hasFormat(s, format string) bool {
	switch format {
	case "email":
		a, err := mail.ParseAddress(s)
		return err == nil && a.Name == "" && a.Address == s
	case "uri":
		u, err := url.Parse(s)
		return err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
	}
	panic("unknown format " + format)
}

func asStrings(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			out = append(out, x.(string))
		}
	}
	return out
}
