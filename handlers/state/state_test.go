package state

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"saisine/letters"
	"saisine/letters/procedures"
)

var t0 = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func sealer(t *testing.T, key byte, now *time.Time) *Sealer {
	t.Helper()
	s, err := NewSealer(bytes.Repeat([]byte{key}, KeySize), 7*24*time.Hour, func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func encode(t *testing.T, c *letters.Case) string {
	t.Helper()
	var b bytes.Buffer
	if err := letters.Encode(&b, c); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestRoundTrip(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	for _, id := range []string{procedures.PlainteCNIL, procedures.SignalementCNIL} {
		c := procedures.Example(id)
		tok, err := s.Seal(State{Procedure: id, Case: c})
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(tok, "+/=") {
			t.Errorf("token is not base64url without padding: %q", tok[:40])
		}
		t.Logf("%s: case %d bytes of JSON, token %d characters", id, len(encode(t, c)), len(tok))
		got, err := s.Open(tok)
		if err != nil {
			t.Fatal(err)
		}
		if got.Procedure != id || encode(t, got.Case) != encode(t, c) {
			t.Errorf("%s: round trip changed the state", id)
		}
		// Two seals of the same state differ (random nonce): a token says nothing about another.
		tok2, _ := s.Seal(State{Procedure: id, Case: c})
		if tok2 == tok {
			t.Error("two tokens of the same state are equal")
		}
	}
}

func TestLilleTokenSize(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	tok, err := s.Seal(State{Procedure: procedures.PlainteCNIL, Case: procedures.Example(procedures.PlainteCNIL)})
	if err != nil {
		t.Fatal(err)
	}
	// A URL of a few kilobytes works everywhere; the Lille case must stay well below that.
	if len(tok) > 3000 {
		t.Errorf("Lille token is %d characters", len(tok))
	}
}

func TestTamperedWrongKeyGarbage(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	other := sealer(t, 2, &now)
	tok, _ := s.Seal(State{Procedure: "plainte-cnil", Case: procedures.Example("plainte-cnil")})
	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	flipped := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		return base64.RawURLEncoding.EncodeToString(b)
	}
	cases := map[string]string{
		"empty":             "",
		"not base64":        "***",
		"short":             "AAAA",
		"flipped nonce":     flipped(0),
		"flipped body":      flipped(len(raw) / 2),
		"flipped tag":       flipped(len(raw) - 1),
		"truncated":         tok[:len(tok)-4],
		"extended":          tok + "AA",
		"other alphabet":    strings.NewReplacer("-", "+", "_", "/").Replace(tok) + "==",
		"too long":          strings.Repeat("A", MaxTokenLen+1),
		"sealed by another": func() string { x, _ := other.Seal(State{Procedure: "plainte-cnil", Case: &letters.Case{}}); return x }(),
	}
	for name, bad := range cases {
		if bad == tok {
			continue
		}
		if _, err := s.Open(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Open = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := other.Open(tok); !errors.Is(err, ErrInvalid) {
		t.Errorf("wrong key: %v", err)
	}
}

func TestExpiry(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	tok, _ := s.Seal(State{Procedure: "plainte-cnil", Case: &letters.Case{}})
	now = t0.Add(7*24*time.Hour - time.Minute)
	if _, err := s.Open(tok); err != nil {
		t.Errorf("just before the TTL: %v", err)
	}
	now = t0.Add(7*24*time.Hour + time.Minute)
	if _, err := s.Open(tok); !errors.Is(err, ErrExpired) {
		t.Errorf("after the TTL: %v, want ErrExpired", err)
	}
	// A token from the future (another server's clock far ahead) is refused, not trusted forever.
	now = t0.Add(time.Hour)
	future, _ := s.Seal(State{Procedure: "plainte-cnil", Case: &letters.Case{}})
	now = t0
	if _, err := s.Open(future); !errors.Is(err, ErrInvalid) {
		t.Errorf("token from the future: %v", err)
	}
}

func TestSealLimits(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	if _, err := s.Seal(State{Procedure: "x", Case: nil}); err == nil {
		t.Error("nil case sealed")
	}
	if _, err := s.Seal(State{Procedure: "x\ny", Case: &letters.Case{}}); err == nil {
		t.Error("procedure with a newline sealed")
	}
	// Text that does not compress (every character different) beyond the URL budget.
	var b strings.Builder
	for i := 0; b.Len() < 120<<10; i++ {
		b.WriteRune(rune(0x4e00 + i%20000))
	}
	c := &letters.Case{Facts: letters.Facts{WhereFilmed: b.String()}}
	if _, err := s.Seal(State{Procedure: "plainte-cnil", Case: c}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge case: %v, want ErrTooLarge", err)
	}
	if _, err := NewSealer([]byte("short"), 0, nil); err == nil {
		t.Error("short key accepted")
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadKey(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	good := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))

	key, src, err := LoadKey(env(map[string]string{EnvKey: good}), quiet)
	if err != nil || src != FromEnv || !bytes.Equal(key, bytes.Repeat([]byte{9}, 32)) {
		t.Errorf("env key: %v %v", src, err)
	}
	for _, bad := range []string{"not base64!", base64.StdEncoding.EncodeToString([]byte("16 bytes only...."))} {
		if _, _, err := LoadKey(env(map[string]string{EnvKey: bad}), quiet); err == nil {
			t.Errorf("bad env key %q accepted", bad)
		}
	}

	dir := filepath.Join(t.TempDir(), "data")
	k1, src, err := LoadKey(env(map[string]string{EnvDataDir: dir}), quiet)
	if err != nil || src != FromFile {
		t.Fatalf("key file: %v %v", src, err)
	}
	fi, err := os.Stat(filepath.Join(dir, KeyFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v", err, fi.Mode().Perm())
	}
	k2, _, _ := LoadKey(env(map[string]string{EnvDataDir: dir}), quiet)
	if !bytes.Equal(k1, k2) {
		t.Error("second start does not reuse the key file")
	}

	// An unusable directory: a random key in memory, and a warning.
	var logs bytes.Buffer
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, []byte("x"), 0o600)
	k3, src, err := LoadKey(env(map[string]string{EnvDataDir: filepath.Join(blocker, "sub")}), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil || src != FromMemory || len(k3) != KeySize {
		t.Errorf("memory key: %v %v", src, err)
	}
	if !strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("no warning for the memory key: %s", logs.String())
	}
	// A corrupt key file is not silently replaced: the instance falls back to memory and says so.
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, KeyFile), []byte("garbage"), 0o600)
	if _, src, _ := LoadKey(env(map[string]string{EnvDataDir: bad}), quiet); src != FromMemory {
		t.Errorf("corrupt key file: source %v", src)
	}
}

// oldToken is the Lille example sealed by the first implementation of Seal (key 1, at t0): the token
// format did not change when Seal and Open were made cheaper, so a page left open across that upgrade
// still works.
const oldToken = "xNIw2F672FxRa85PAQJzlkh_L91n0sYr4XozBWnytWH2ICzXSQMAiZrFMv-5v7z1YpZWUpVfstnoeBYBYQhNOhM6HGM60HhUdQN9ZjpJmemVLlDutwe9G26T0L1hfgzM-tlO026hUdqcAquTaz7hGLp2guUmXekvIDvL7UuPTRRCMOsi4VnGP3Gy-FdaCELNLyvdpSiAYp3VqPhMWzHpqgo40H7g5AdU94g5VHc0k01VGBBMlW1Rg0N3i8JHWOcgH3QLM_BTbd4LEgP4WpGvjFifVW1vG1xPYWKEvQ1Mv_OSEq5CjWPC5QSmKfivlDS8QWI0TZgkBN3h0-g49z3JeCzJmZrNf5uTERjQ6V3okXN6c_GiFWoU4J1_iclJb-6cGHLNe75a7RuLSQVw3yuPMCLkuv5FWP8qu1cH8IrtHEzETUYx-ns3oqkaRdW2xBjpqypIqLVqhZij8zftjUqUVT09jYBstH-OFT4sZPrCbbJxWWfoiuXe_7G6Ld3Rtevki4oZLXgtzIuBGS9bdvOoRDifkmUhr9wyBGu0nhCYYvORNzKioautK-OLCNTUJWU4Xa1-T_cS1iGVDY2NyZtZn7_i3G1nSrb9iKRVcDNer9ay-TWh2EBBto4yf2pVt2-q9YJ0K1AX9QwQshg8C6L-aEznnxMAFSSEUxUfkaTf4Cj0aFNBXQTM04Jp0VySVPbFNAeKrum01OLbjv9nI2KEFxkeKf9ln0IoCr6JDH7qwC3dn6FEzycydW26ojzW8YuiEOZU9EJ7jS_6lLW19_8hBvetIJYRe5pwrmvqyY3GJOIvIPOHHNoRCifpAqONUbxc9zYfv_JiclKGwKr8BMNnHCaNX9wKqlkSAcKgIC4wQtfVJV55o0-8gucc3NFvTDnjd6WjyXJO15VjgeacUprOGXGNEviiOyegDmqAxTdQ9wwekmprG-0b3GJI3fIbO9M5EaOjQhIWpwIHZDricXw1Yn1OG2IUfiQnFBVBDG3vK9YGYoxjCzA9m1R3HYg9w8SV9ptC45IJP_EzxhEtO4IV7pjfTrpwa0BGhXc9baMhb3isbJ5TT3qukzX7TleUSjtaVgqG24eVVrgXs-ed4zXL7WHHMGEGwwWiNwiT438l2d8y9HORd_KrxAWlxZWcGJS_XrHuFTS0Bm3BL1_VHHzFcI1j_BndhDOKlnax1AuSvTZtlP1S2AKp1p_gzVuVsJVjXMsgSRphNFCUN_tBAfnHLOMHv55viO1-q_2sQeTIrGn8gSxhjM2FHKd5nQ8ZuxtgvAJ92lYMh4TN9fOFj3iivnaNClO-XBX8bYiNs5QkLXcuZqvtTFkPPIf19vTdCKxSVR0cXkLPRrW9ykDzK5zpbLj1awMiZMa0_4k9tct3hWhRB6f7vK4C5dcbvSG5KAd3vjA6qH3OncFQFvoIGIUA1cmWaefsyshyLd8x_U9uuNIvWTqjZeeLfETBi6D9A_x_Kejgy4fInJW9sOil9bWSux5Vbrir-nvlU5ayFUumlMMxQqQgQ_BXlpHq_T3C5GexCVsTSqOf_E0xzjnUFlY6lYHG59iZpyzL-jOvj55dGNbQMnYicg72eqcalHhoqXw_8mL9"

func TestOldTokenOpens(t *testing.T) {
	now := t0
	st, err := sealer(t, 1, &now).Open(oldToken)
	if err != nil {
		t.Fatal(err)
	}
	c := st.Case
	if st.Procedure != "plainte-cnil" || c.Commune.Name != "Lille" || c.Sender.LastName != "Martin" ||
		len(c.Facts.Sources) != 2 || c.Facts.Sources[0].Publisher != "Médiacités" {
		t.Errorf("old token opened to %s %+v", st.Procedure, c)
	}
}

// sealBody seals body (procedure, newline, case JSON) as Seal lays a token out, so that the tests can
// give Open what Seal would never write.
func sealBody(t *testing.T, s *Sealer, body string) string {
	t.Helper()
	var z bytes.Buffer
	zw, _ := flate.NewWriter(&z, flate.BestCompression)
	zw.Write([]byte(body))
	zw.Close()
	plain := make([]byte, headerLen, headerLen+z.Len())
	plain[0] = formatVersion
	binary.BigEndian.PutUint64(plain[1:], uint64(s.now().Unix()))
	plain = append(plain, z.Bytes()...)
	nonce := make([]byte, s.aead.NonceSize())
	return base64.RawURLEncoding.EncodeToString(s.aead.Seal(nonce, nonce, plain, aad))
}

// TestOpenStrict: a genuine token whose case is not exactly what this version's Seal writes (a field
// renamed or removed since, another case-file version, a wrong type, something after the case) is
// invalid, so that the person gets the page explaining how to resume, never a case silently missing an
// answer.
func TestOpenStrict(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	if _, err := s.Open(sealBody(t, s, "plainte-cnil\n{\"version\":1,\"sender\":{\"kind\":\"resident\"}}\n")); err != nil {
		t.Fatalf("a well-formed body: %v", err)
	}
	for name, body := range map[string]string{
		"unknown field":  "plainte-cnil\n{\"version\":1,\"sendr\":{}}\n",
		"unknown nested": "plainte-cnil\n{\"version\":1,\"sender\":{\"kind\":\"resident\",\"age\":3}}\n",
		"wrong type":     "plainte-cnil\n{\"version\":1,\"requests\":\"control\"}\n",
		"version 2":      "plainte-cnil\n{\"version\":2}\n",
		"no version":     "plainte-cnil\n{}\n",
		"trailing value": "plainte-cnil\n{\"version\":1}\n{}\n",
		"not JSON":       "plainte-cnil\n{\"version\":1\n",
		"no newline":     "plainte-cnil",
	} {
		if _, err := s.Open(sealBody(t, s, body)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Open = %v, want ErrInvalid", name, err)
		}
	}
}

// TestOpenNormalizes: the case comes back as letters.Decode gives an uploaded file, text normalized.
func TestOpenNormalizes(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	st, err := s.Open(sealBody(t, s, "plainte-cnil\n{\"version\":1,\"sender\":{\"kind\":\"resident\",\"last_name\":\"  Marti\\u006e\\u0301 \"}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Case.Sender.LastName; got != "Martiń" {
		t.Errorf("last name %q, want it trimmed and composed", got)
	}
}

// TestSealReusesNothing: tokens sealed one after another, of cases of different sizes, each open to their
// own case (the compressors and buffers are pooled).
func TestSealReusesNothing(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	big := procedures.Example(procedures.PlainteCNIL)
	small := &letters.Case{Sender: letters.Sender{Kind: "resident", LastName: "Petit"}}
	var toks []string
	for i := 0; i < 6; i++ {
		c := small
		if i%2 == 0 {
			c = big
		}
		tok, err := s.Seal(State{Procedure: "plainte-cnil", Case: c})
		if err != nil {
			t.Fatal(err)
		}
		toks = append(toks, tok)
	}
	for i, tok := range toks {
		want := small
		if i%2 == 0 {
			want = big
		}
		got, err := s.Open(tok)
		if err != nil {
			t.Fatal(err)
		}
		w := *want
		w.Version = letters.Version
		if encode(t, got.Case) != encode(t, &w) {
			t.Errorf("token %d opened to another case", i)
		}
	}
}

// TestSealNearTheLimit: a case that fits a token only at the best compression is still sealed (Seal
// tries a faster compression first).
func TestSealNearTheLimit(t *testing.T) {
	now := t0
	s := sealer(t, 1, &now)
	words := strings.Fields("caméra vidéo surveillance algorithmique commune délibération conseil préfet " +
		"autorisation analyse impact données personnelles traitement logiciel centre supervision urbain")
	body := func(c *letters.Case) []byte {
		var b bytes.Buffer
		b.WriteString("plainte-cnil\n")
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.Encode(c)
		return b.Bytes()
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var text strings.Builder
	for i := 0; text.Len() < 800<<10; i++ {
		text.WriteString(words[rng.IntN(len(words))])
		text.WriteByte(' ')
		if i%100 != 0 {
			continue
		}
		c := &letters.Case{Version: 1, Facts: letters.Facts{WhereFilmed: text.String()}}
		if _, err := s.seal(body(c), &fastCompressors); !errors.Is(err, ErrTooLarge) {
			continue
		}
		if _, err := s.seal(body(c), &bestCompressors); err != nil {
			t.Fatalf("no case between the two compressions' limits: %v", err)
		}
		tok, err := s.Seal(State{Procedure: "plainte-cnil", Case: c})
		if err != nil {
			t.Fatalf("a case that fits at the best compression: %v", err)
		}
		got, err := s.Open(tok)
		if err != nil || got.Case.Facts.WhereFilmed != strings.TrimSpace(c.Facts.WhereFilmed) {
			t.Fatalf("round trip: %v", err)
		}
		return
	}
	t.Fatal("the text never outgrew the fast compression's limit")
}
