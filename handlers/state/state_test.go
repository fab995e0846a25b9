package state

import (
	"bytes"
	"encoding/base64"
	"errors"
	"log/slog"
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
