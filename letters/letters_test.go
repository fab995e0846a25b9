package letters

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseAndFormatDate(t *testing.T) {
	tests := []struct {
		in, fr string
		prec   Precision
	}{
		{"2024-11-21", "21 novembre 2024", PrecisionDay},
		{"2025-03-01", "1er mars 2025", PrecisionDay},
		{"2024-02-29", "29 février 2024", PrecisionDay},
		{"2022-11", "novembre 2022", PrecisionMonth},
		{"2021", "2021", PrecisionYear},
		{"", "", PrecisionNone},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if d.Precision != tt.prec || d.String() != tt.in || FormatDateFR(d) != tt.fr {
			t.Errorf("ParseDate(%q) = %+v, String %q, FR %q; want precision %d, FR %q", tt.in, d, d.String(), FormatDateFR(d), tt.prec, tt.fr)
		}
	}
	for in, reason := range map[string]string{
		"2025-02-30": DateBadDay, "2023-02-29": DateBadDay, "2024-04-31": DateBadDay, "2024-00": DateBadMonth,
		"2024-13-01": DateBadMonth, "0202": DateBadYear, "21/11/2024": DateBadFormat, "2024-1-5": DateBadFormat,
		"2024-11-21T10:00": DateBadFormat, " 2024": DateBadFormat, "２０２４": DateBadFormat,
	} {
		_, err := ParseDate(in)
		de, ok := err.(*DateError)
		if !ok || de.Reason != reason {
			t.Errorf("ParseDate(%q) error = %v, want reason %q", in, err, reason)
		}
	}
	d, _ := ParseDate("2024-02")
	if d.First() != time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC) || d.Last() != time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC) {
		t.Errorf("2024-02 covers %v – %v", d.First(), d.Last())
	}
}

func TestIdentifierRules(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) bool
		ok   []string
		bad  []string
	}{
		{"postal code", ValidPostalCode,
			[]string{"59000", "01000", "20000", "20090", "2A004"[:0] + "20200", "95000", "97100", "97800", "98000", "98600", "98800", "59033"},
			[]string{"", "5900", "590000", "00100", "96000", "97900", "97000", "98100", "98500", "98900", "99000", "2A004", "59 000", "５９０００"}},
		{"INSEE code", ValidINSEE,
			[]string{"59350", "01001", "2A004", "2B033", "95000", "97101", "97611"},
			[]string{"20004", "00001", "96001", "97701", "9710", "2C004", "2a004", "59 350", "5935"}},
		{"phone", ValidPhone,
			[]string{"0320495000", "03 20 49 50 00", "03.20.49.50.00", "03-20-49-50-00", "+33 3 20 49 50 00", "+33320495000", "06 12 34 56 78"},
			[]string{"", "12 34", "0020495000", "+44 20 7946 0000", "03 20 49 50", "03 20 49 50 00 00", "+33 0 20 49 50 00", "03/20/49/50/00"}},
		{"e-mail", ValidEmail,
			[]string{"camille.martin@example.org", "dpo@mairie-lille.fr", "a+b@sous.domaine.fr"},
			[]string{"", "camille.martin@", "@example.org", "camille@localhost", "dpo @mairie.fr", "Camille <c@example.org>", "c@example..org", "c@.example.org", "c@example.org."}},
		{"RNA", ValidRNA,
			[]string{"W595000000", "W2B1000123", "W9R2002716"},
			[]string{"", "W12345", "w595000000", "595000000", "W5950000000", "W 595000000"}},
		{"SIREN", ValidSIREN,
			[]string{"123456782", "552100554", "732829320"},
			[]string{"", "123456789", "12345678A", "123 456 782", "1234567820"}},
		{"web URL", ValidWebURL,
			[]string{"https://www.mediacites.fr/enquete/", "http://example.org", "HTTPS://EXAMPLE.ORG/a?b=c#d"},
			[]string{"", "javascript:alert(1)", "ftp://example.org/f", "https://", "www.example.org", "https://exa mple.org", "mailto:a@b.fr", "https://user:pw@example.org/", "file:///etc/passwd"}},
		{"SHA-256", ValidSHA256,
			[]string{strings.Repeat("0a", 32)},
			[]string{"", strings.Repeat("0A", 32), strings.Repeat("0a", 31), strings.Repeat("0g", 32)}},
	}
	for _, tt := range tests {
		for _, s := range tt.ok {
			if !tt.fn(s) {
				t.Errorf("%s: %q refused", tt.name, s)
			}
		}
		for _, s := range tt.bad {
			if tt.fn(s) {
				t.Errorf("%s: %q accepted", tt.name, s)
			}
		}
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"e\u0301", "é"},                  // NFC
		{"Saint\u2011Omer", "Saint-Omer"}, // non-breaking hyphen: not in the font
		{"ligne 1\r\nligne 2\rligne 3", "ligne 1\nligne 2\nligne 3"},
		{"  Lille \t", "Lille"},                              // surrounding space
		{"\ufeffLille", "Lille"},                             // byte order mark
		{"anti\u00adconstitutionnel", "anticonstitutionnel"}, // soft hyphen
		{"vidéo\u200bsurveillance", "vidéosurveillance"},     // zero-width space
		{"a\u2028b", "a\nb"},
		{"e\u200b\u0301", "é"}, // dropping an invisible character may let letters compose
		{"❤\ufe0f", "❤"},       // variation selector dropped; the emoji itself is left for Check to refuse
		// Kept: the font draws them and French typography needs them.
		{"«\u202fLille\u202f»", "«\u202fLille\u202f»"},
		{"l’œuvre\u00a0: 10\u2009%", "l’œuvre\u00a0: 10\u2009%"},
		{"pré\u2010requis \u2212 5", "pré\u2010requis \u2212 5"},
	}
	for _, tt := range tests {
		if got := NormalizeText(tt.in); got != tt.want {
			t.Errorf("NormalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for r, to := range typographicVariants {
		if Printable(r) && r != '\u2028' && r != '\u2029' {
			t.Errorf("U+%04X is printable: no need to map it", r)
		}
		for _, x := range to {
			if x != '\n' && !Printable(x) {
				t.Errorf("U+%04X maps to unprintable U+%04X", r, x)
			}
		}
	}
}

// Decode normalises every string of the case, lists included.
func TestDecodeNormalises(t *testing.T) {
	data, err := os.ReadFile("testdata/lille.json")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"Camille"`), []byte(`"  Came\u0301lia\u200b "`), 1)
	data = bytes.Replace(data, []byte(`"Lille",`), []byte(`"Saint\u2011Omer",`), 1)
	data = bytes.Replace(data, []byte(`["control"`), []byte(`[" control\r\n"`), 1)
	c, ps := Decode(bytes.NewReader(data))
	if len(ps) > 0 {
		t.Fatal(render(ps, FR))
	}
	if c.Sender.FirstName != "Camélia" || c.Commune.Name != "Saint-Omer" || c.Requests[0] != "control" {
		t.Errorf("not normalised: %q %q %q", c.Sender.FirstName, c.Commune.Name, c.Requests[0])
	}
	if c.Signatories != nil || c.PriorSteps != nil {
		t.Errorf("empty lists should decode as nil")
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/valid/*.json")
	files = append(files, "testdata/lille.json")
	for _, file := range files {
		c := decodeFile(t, file)
		var out bytes.Buffer
		if err := Encode(&out, c); err != nil {
			t.Fatal(err)
		}
		s := out.String()
		if !strings.HasSuffix(s, "}\n") || !strings.Contains(s, "\n  \"sender\": {\n    \"kind\"") {
			t.Errorf("%s: not 2-space indented JSON with a final newline:\n%.200s", file, s)
		}
		if !strings.Contains(s, `"signatories": []`) && len(c.Signatories) == 0 {
			t.Errorf("%s: empty list not written as []", file)
		}
		back, ps := Decode(&out)
		if len(ps) > 0 {
			t.Fatalf("%s: re-decoding: %s", file, render(ps, FR))
		}
		if !reflect.DeepEqual(c, back) {
			t.Errorf("%s: round trip changed the case", file)
		}
	}
	if err := Encode(&bytes.Buffer{}, nil); err == nil {
		t.Error("Encode(nil) should fail")
	}
}

// validateTags collects every validator tag name used on the case types.
func validateTags(t reflect.Type, seen map[reflect.Type]bool, tags map[string]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		for _, part := range strings.Split(f.Tag.Get("validate"), ",") {
			if name, _, _ := strings.Cut(part, "="); name != "" {
				tags[name] = true
			}
		}
		validateTags(f.Type, seen, tags)
	}
}

func TestEveryTagHasMessages(t *testing.T) {
	tags := map[string]bool{}
	validateTags(reflect.TypeFor[Case](), map[reflect.Type]bool{}, tags)
	if len(tags) < 10 {
		t.Fatalf("found only %d tags: %v", len(tags), tags)
	}
	codes := slices.Clone(structLevelCodes)
	for tag := range tags {
		if tag == "omitempty" || tag == "dive" {
			continue
		}
		c, ok := tagCodes[tag]
		if !ok {
			t.Errorf("tag %q has no codes in tagCodes", tag)
		}
		codes = append(codes, c...)
	}
	for _, code := range codes {
		for _, lang := range []Lang{FR, EN} {
			msg := Problem{Path: "sender.first_name", Code: code, Args: []string{"x", "y", "z"}}.Message(lang)
			if _, ok := messages[code]; !ok || msg == "" {
				t.Errorf("code %q has no %s message", code, lang)
			}
		}
	}
}

// codeSamples gives each code the arguments it gets in real use (every branch of its message), and
// the paths it is reported at, overrides included.
var codeSamples = map[string]struct {
	paths []string
	args  [][]string
}{
	CodeTooLarge:     {[]string{""}, [][]string{{"1048576"}}},
	CodeEmpty:        {[]string{""}, [][]string{nil}},
	CodeReadError:    {[]string{""}, [][]string{nil}},
	CodeEncoding:     {[]string{""}, [][]string{nil}},
	CodeSyntax:       {[]string{""}, [][]string{{"12", "3", "}"}, {"12", "3", ""}, {"12", "3", "\n"}, {"1", "1", "\u00a0"}}},
	CodeTrailingData: {[]string{""}, [][]string{{"98", "1"}}},
	CodeUnknownField: {[]string{"exhibits[0].sha265", "commentaire"}, [][]string{{"sha265", "sha256"}, {"commentaire", ""}}},
	CodeDuplicateKey: {[]string{"sender.address.city"}, [][]string{{"city"}}},
	CodeWrongType: {[]string{"", "version", "sender.address.postal_code", "facts.capabilities", "sender"},
		[][]string{{jsonKindString, jsonKindNumber}, {jsonKindInteger, jsonKindDecimal}, {jsonKindArray, jsonKindString},
			{jsonKindObject, jsonKindArray}, {jsonKindInteger, jsonKindBool}, {"?", "?"}}},
	CodeVersion:             {[]string{"version"}, [][]string{nil, {"2"}}},
	CodeRequired:            {sampleRequiredPaths, [][]string{nil}},
	CodeRequiredForKind:     {[]string{"sender.first_name", "sender.organisation", "sender.association", "signatories[1].role", "sender.address.city"}, [][]string{{SenderResident}, {SenderCouncillors}, {SenderAssociation}}},
	CodeSignatoryRequired:   {[]string{"signatories"}, [][]string{{SenderCouncillors}, {SenderAssociation}}},
	CodeAssociationID:       {[]string{"sender.association.rna"}, [][]string{nil}},
	CodePostalCode:          {[]string{"sender.address.postal_code", "commune.postal_code"}, [][]string{{"96000"}}},
	CodeINSEE:               {[]string{"commune.insee_code"}, [][]string{{"5935"}}},
	CodeINSEECorsica:        {[]string{"commune.insee_code"}, [][]string{{"20004"}}},
	CodeEmail:               {[]string{"sender.email", "commune.dpo_email"}, [][]string{{"a@"}}},
	CodePhone:               {[]string{"sender.phone"}, [][]string{{"12"}}},
	CodeRNA:                 {[]string{"sender.association.rna"}, [][]string{{"W1"}}},
	CodeSIREN:               {[]string{"sender.association.siren"}, [][]string{{"1"}}},
	CodeSIRENChecksum:       {[]string{"sender.association.siren"}, [][]string{{"123456789"}}},
	CodeDate:                {[]string{"facts.acquired", "facts.sources[0].date"}, [][]string{{"11/2022"}}},
	CodeDateFull:            {[]string{"prior_steps[0].sent_on", "letter.date"}, [][]string{{"2025-01"}}},
	CodeDateInvalid:         {[]string{"facts.sources[0].date"}, [][]string{{"2025-02-30", DateBadDay, "2025-02", "28"}, {"2024-13", DateBadMonth}, {"0202", DateBadYear}}},
	CodeDateFuture:          {[]string{"facts.acquired", "facts.in_use_until", "prior_steps[0].sent_on"}, [][]string{{"2026-12", "2026-11-27"}, {"2027-03-01", "2026-11-27"}}},
	CodeDateOrder:           {[]string{"facts.in_use_until", "prior_steps[0].received_on", "prior_steps[0].answer_on"}, [][]string{{"2021-06", "in_use_from", "2022-11"}, {"2025-01-08", "sent_on", "2025-01-10"}}},
	CodeLetterDateFar:       {[]string{"letter.date"}, [][]string{{"2027-01-15", "2026-12-28"}}},
	CodeURL:                 {[]string{"facts.sources[1].url", "exhibits[0].source"}, [][]string{{"https://"}}},
	CodeURLScheme:           {[]string{"facts.sources[1].url", "exhibits[0].source"}, [][]string{{"javascript:alert(1)", "javascript"}}},
	CodeEnum:                {[]string{"facts.aipd", "sender.kind", "sender.civility", "requests[3]"}, [][]string{{"absent", "missing", "incomplete", "exists", "unknown"}, {"Mme", "Madame", "Monsieur"}}},
	CodeDuplicate:           {[]string{"requests", "facts.capabilities"}, [][]string{{"control"}}},
	CodeSHA256:              {[]string{"exhibits[0].sha256"}, [][]string{{"ABC"}}},
	CodeTooLong:             {[]string{"sender.address.street", "commune.address.complement", "sender.last_name", "facts.where_filmed"}, [][]string{{"38", "42"}}},
	CodeAddressLineTooLong:  {[]string{"commune.address.city"}, [][]string{{"51300 SAINT-REMY-EN-BOUZEMONT-ST-GENEST", "39"}}},
	CodeControlChar:         {[]string{"sender.last_name"}, [][]string{{"U+0007"}, {"U+000A"}, {"U+0009"}}},
	CodeUnprintable:         {[]string{"facts.where_filmed", "exhibits[0].title"}, [][]string{{"😀", "U+1F600"}, {"\u0301", "U+0301"}}},
	CodeNumberMin:           {[]string{"facts.retention_days"}, [][]string{{"1"}}},
	CodeNumberMax:           {[]string{"facts.retention_days"}, [][]string{{"36500"}}},
	CodeInvalid:             {[]string{"", "sender.kind"}, [][]string{nil}},
	CodeProcedureSenderKind: {[]string{"sender.kind"}, [][]string{{"plainte-cnil", SenderCouncillors, SenderResident}, {"signalement-cnil", SenderResident, SenderCouncillors, SenderAssociation}}},
	CodeProcedureRequired: {[]string{"facts.where_filmed", "facts.software", "commune.address.street", "sender.email", "commune.dpo_email",
		"prior_steps", "documents_requested", "requests", "signatories", "facts.vendor"}, [][]string{{"plainte-cnil"}}},
	CodeNoClaim:     {[]string{"facts"}, [][]string{nil}},
	CodeNoPriorStep: {[]string{"prior_steps"}, [][]string{nil}},
	CodeReferralTooEarly: {[]string{"prior_steps[0].received_on", "prior_steps[1].sent_on"},
		[][]string{{"saisine-cada", "2026-11-10", "2026-12-11"}}},
	CodeReferralLate:     {[]string{"prior_steps[0].answer_on"}, [][]string{{"saisine-cada", "2026-02-28", "2026-04-28"}}},
	CodeRecipientAddress: {[]string{"letter"}, [][]string{{"commission-videoprotection", "Préfecture du Nord"}}},
}

var sampleRequiredPaths = []string{"sender.kind", "commune.name", "commune.address.street", "commune.address.city",
	"letter.place", "facts.sources[0].url", "facts.sources[1].publisher", "exhibits[2].title", "prior_steps[0].sent_on",
	"prior_steps[0].kind", "signatories[0].last_name"}

// No message in French may leak English validator wording, and all follow French typography; every
// code has an English message that differs from the French one.
func TestFrenchMessages(t *testing.T) {
	english := []string{"is required", "must be", "field", "Key:", "failed on", "validation", "invalid"}
	for _, code := range allCodes() {
		sample, ok := codeSamples[code]
		if !ok {
			t.Errorf("code %q has no sample in codeSamples", code)
			continue
		}
		for _, path := range sample.paths {
			for _, args := range sample.args {
				p := Problem{Path: path, Code: code, Args: args}
				msg := p.Message(FR)
				for _, w := range english {
					if strings.Contains(strings.ToLower(msg), strings.ToLower(w)) {
						t.Errorf("%s at %q: English wording %q in %q", code, path, w, msg)
					}
				}
				checkFrenchTypography(t, code, msg)
				if en := p.Message(EN); en == msg || en == "" || strings.ContainsAny(en, "«»\u202f") {
					t.Errorf("%s at %q: bad English message %q", code, path, en)
				}
			}
		}
	}
	for key := range overrides {
		code, path, _ := strings.Cut(key, " ")
		if _, ok := messages[code]; !ok {
			t.Errorf("override %q is for an unknown code", key)
		}
		if _, ok := fieldLabels[path]; !ok {
			t.Errorf("override %q is for an unknown path", key)
		}
	}
}

// Messages never panic nor come out empty, whatever a hand-made Problem holds.
func TestMessagesAreRobust(t *testing.T) {
	for _, code := range append(allCodes(), "no-such-code") {
		for _, args := range [][]string{nil, {""}, {"x", "y", "z", "w", "v"}} {
			for _, path := range []string{"", "nope", "requests[x]", "exhibits[99].title"} {
				for _, lang := range []Lang{FR, EN, "de"} {
					if (Problem{Path: path, Code: code, Args: args}).Message(lang) == "" {
						t.Errorf("%s: empty message", code)
					}
				}
			}
		}
	}
}

func checkFrenchTypography(t *testing.T, code, msg string) {
	t.Helper()
	bad := []string{" :", " ;", " ?", " !", "« ", " »", "'", "\u00a0:", "  "}
	// Quoted user input or JSON examples may hold anything; look at the catalogue's own text only.
	stripped := msg
	for _, q := range []string{`"version": 1`, `"59000"`, `["control"]`} {
		stripped = strings.ReplaceAll(stripped, q, "…")
	}
	for _, b := range bad {
		if strings.Contains(stripped, b) {
			t.Errorf("%s: French typography (%q) in %q", code, b, msg)
		}
	}
	for _, punct := range []string{":", ";", "?", "!"} {
		for i := strings.Index(stripped, punct); i > 0; i = nextIndex(stripped, punct, i) {
			before := stripped[:i]
			if !strings.HasSuffix(before, "\u202f") && !strings.HasSuffix(before, "http") &&
				!strings.HasSuffix(before, "https") && !strings.HasSuffix(before, "ftp") &&
				!strings.HasSuffix(before, "javascript") && !strings.HasSuffix(before, "\"version\"") {
				t.Errorf("%s: %q not preceded by U+202F in %q", code, punct, msg)
			}
		}
	}
}

func nextIndex(s, sub string, after int) int {
	j := strings.Index(s[after+1:], sub)
	if j < 0 {
		return -1
	}
	return after + 1 + j
}

// Every field of the case has a label in both languages, so that no message shows a raw path.
func TestEveryPathHasALabel(t *testing.T) {
	var walk func(t reflect.Type, prefix string)
	walk = func(ty reflect.Type, prefix string) {
		for ty.Kind() == reflect.Pointer {
			ty = ty.Elem()
		}
		if ty.Kind() == reflect.Slice {
			prefix += "[]"
			ty = ty.Elem()
			if _, ok := fieldLabels[prefix]; !ok {
				t.Errorf("no label for %q", prefix)
			}
		}
		if ty.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < ty.NumField(); i++ {
			p := joinPath(prefix, jsonName(ty.Field(i)))
			if _, ok := fieldLabels[p]; !ok {
				t.Errorf("no label for %q", p)
			}
			walk(ty.Field(i).Type, p)
		}
	}
	walk(reflect.TypeFor[Case](), "")
	if got := FieldLabel("exhibits[1].title", FR); got != "le titre de la pièce n° 2" {
		t.Errorf("FieldLabel = %q", got)
	}
}

// The oneof tags and letters.Enumerations must say the same thing: the schema and the interview read
// the latter, validation the former.
func TestEnumerationsMatchTags(t *testing.T) {
	found := map[string][]string{}
	var walk func(ty reflect.Type, prefix string)
	walk = func(ty reflect.Type, prefix string) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct {
			return
		}
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			p := joinPath(prefix, jsonName(f))
			for _, part := range strings.Split(f.Tag.Get("validate"), ",") {
				if v, ok := strings.CutPrefix(part, "oneof="); ok {
					key := p
					if strings.HasSuffix(p, "civility") {
						key = "civility"
					}
					found[key] = strings.Fields(v)
				}
			}
			walk(f.Type, p)
		}
	}
	walk(reflect.TypeFor[Case](), "")
	for key, values := range Enumerations {
		values = slices.DeleteFunc(slices.Clone(values), func(s string) bool { return s == "" })
		if !slices.Equal(found[key], values) {
			t.Errorf("%s: tag allows %v, Enumerations %v", key, found[key], values)
		}
		delete(found, key)
	}
	for key := range found {
		t.Errorf("%s has a oneof tag but no entry in Enumerations", key)
	}
}

func TestRequirementPaths(t *testing.T) {
	for _, p := range []string{"facts.where_filmed", "facts.software", "commune.address.street", "sender.email",
		"commune.dpo_email", "prior_steps", "documents_requested", "requests", "signatories", "sender.association.rna"} {
		if !IsFieldPath(p) {
			t.Errorf("%q should be a field path", p)
		}
	}
	for _, p := range []string{"", "facts.nope", "signatories[0].role", "facts.where_filmed.x"} {
		if IsFieldPath(p) {
			t.Errorf("%q should not be a field path", p)
		}
	}
	// An association's RNA may be required even when the association object is absent.
	c := decodeFile(t, "testdata/lille.json")
	ps := Check(c, CheckOptions{Today: today, Require: &Requirements{Procedure: "p", Fields: []string{"sender.association.rna", "prior_steps"}}})
	if len(ps) != 2 || ps[0].Path != "sender.association.rna" || ps[1].Path != "prior_steps" || ps[1].Code != CodeProcedureRequired {
		t.Errorf("got %+v", ps)
	}
}

func TestSenderKindLabel(t *testing.T) {
	for kind, want := range map[string]string{SenderResident: "particulier", SenderCouncillors: "groupe d’élus", SenderAssociation: "association", "x": "x"} {
		if got := SenderKindLabel(kind, FR); got != want {
			t.Errorf("SenderKindLabel(%q) = %q, want %q", kind, got, want)
		}
	}
	if got := SenderKindLabel(SenderCouncillors, EN); got != "group of councillors" {
		t.Errorf("EN label = %q", got)
	}
}

// The claims package reports « no claim applies » with this package's catalogue.
func TestNoClaimMessage(t *testing.T) {
	p := Problem{Path: "facts", Code: CodeNoClaim, Warning: true}
	fr := p.Message(FR)
	if !strings.Contains(fr, "demandera des informations et un contrôle") || !strings.Contains(fr, "analyse d’impact") {
		t.Errorf("FR: %q", fr)
	}
	if en := p.Message(EN); !strings.Contains(en, "ask for information") {
		t.Errorf("EN: %q", en)
	}
}

// Today defaults to the current date, and a letter may be dated a little ahead.
func TestCheckDates(t *testing.T) {
	c := decodeFile(t, "testdata/lille.json")
	c.Letter.Date = time.Now().AddDate(0, 0, 3).Format("2006-01-02")
	if ps := Check(c, CheckOptions{}); len(ps) > 0 {
		t.Errorf("a letter dated 3 days ahead is fine: %s", render(ps, FR))
	}
	c.Letter.Date = "2026-12-28" // today + 31 days
	if ps := Check(c, CheckOptions{Today: today}); len(ps) > 0 {
		t.Errorf("31 days ahead is fine: %s", render(ps, FR))
	}
	c.Letter.Date = "2026-12-29"
	if ps := Check(c, CheckOptions{Today: today}); len(ps) != 1 || ps[0].Code != CodeLetterDateFar {
		t.Errorf("32 days ahead: %+v", ps)
	}
	c.Letter.Date = ""
	c.Facts.InUseUntil = "2026" // the year of today has begun
	c.Facts.InUseFrom = "2026-11-27"
	if ps := Check(c, CheckOptions{Today: today}); len(ps) > 0 {
		t.Errorf("dates covering today are fine: %s", render(ps, FR))
	}
}

// Lengths count characters, not bytes: accented names and typographic apostrophes cost one each.
func TestLengthsCountRunes(t *testing.T) {
	c := decodeFile(t, "testdata/lille.json")
	c.Sender.Address.Street = strings.Repeat("é", 38)
	c.Sender.LastName = strings.Repeat("’", 38)
	c.Commune.Address.City = strings.Repeat("È", 32) // "59033 " + 32 = 38
	if ps := Check(c, CheckOptions{Today: today}); len(ps) > 0 {
		t.Errorf("38 characters fit: %s", render(ps, FR))
	}
	c.Commune.Address.City += "E"
	if ps := Check(c, CheckOptions{Today: today}); len(ps) != 1 || ps[0].Code != CodeAddressLineTooLong || ps[0].Args[1] != "39" {
		t.Errorf("39 characters do not: %+v", ps)
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestDecodeReadError(t *testing.T) {
	if c, ps := Decode(failingReader{}); c != nil || len(ps) != 1 || ps[0].Code != CodeReadError {
		t.Errorf("got %v %+v", c, ps)
	}
}

func TestCheckNil(t *testing.T) {
	if ps := Check(nil, CheckOptions{}); len(ps) != 1 || ps[0].Code != CodeEmpty {
		t.Errorf("got %+v", ps)
	}
}

// Printable and Check are used by concurrent web requests; -race checks the lazy font loading.
func TestConcurrentCheck(t *testing.T) {
	c := decodeFile(t, "testdata/lille.json")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !Printable('é') || Printable('😀') || Printable('\u2011') || !Printable('\u202f') {
				t.Error("font coverage is wrong")
			}
			if ps := Check(c, CheckOptions{Today: today}); len(ps) > 0 {
				t.Error(render(ps, FR))
			}
		}()
	}
	wg.Wait()
}

func FuzzDecodeCheck(f *testing.F) {
	for _, pattern := range []string{"testdata/*.json", "testdata/valid/*.json", "testdata/invalid/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			data, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	req := &Requirements{Procedure: "plainte-cnil", SenderKinds: []string{SenderResident},
		Fields: []string{"facts.where_filmed", "sender.email", "requests", "signatories", "commune.dpo_email"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, ps := Decode(bytes.NewReader(data))
		if (c == nil) == (len(ps) == 0) {
			t.Fatalf("Decode returned case %v with %d problems", c != nil, len(ps))
		}
		for _, p := range ps {
			if p.Code == CodeInvalid {
				t.Fatalf("Decode's walk accepted what encoding/json refuses")
			}
			_ = p.Message(FR) + p.Message(EN)
		}
		if c == nil {
			return
		}
		for _, opts := range []CheckOptions{{Today: today}, {Today: today, Require: req}} {
			for _, p := range Check(c, opts) {
				if p.Code == CodeInvalid || p.Message(FR) == "" || p.Message(EN) == "" {
					t.Fatalf("problem without a proper message: %+v", p)
				}
			}
		}
		// What Decode accepts, Encode writes back identically.
		var out bytes.Buffer
		if err := Encode(&out, c); err != nil {
			t.Fatal(err)
		}
		back, ps := Decode(&out)
		if len(ps) > 0 || !reflect.DeepEqual(c, back) {
			t.Fatalf("round trip: %v", ps)
		}
	})
}

// Printable answers from its cache what the fonts answer: every character of the BMP, asked twice
// (the first time fills the cache), from two goroutines at once.
func TestPrintableCache(t *testing.T) {
	c := coverage()
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for pass := range 2 {
				for r := rune(0x20); r < 0x10000; r++ {
					want := !(r >= 0x7f && r < 0xa0) && c.inAll(r)
					if got := Printable(r); got != want {
						t.Errorf("pass %d: Printable(%U) = %v, the fonts say %v", pass, r, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
