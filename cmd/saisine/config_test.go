package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"saisine/letters/law"
)

func loadTest(t *testing.T, env map[string]string, args ...string) (serveConfig, error) {
	t.Helper()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg, _, err := loadServeConfig(fs, args, func(k string) string { return env[k] })
	return cfg, err
}

// TestServeConfig: every setting, from its variable and from its flag, a good value and a bad one; a
// bad value's message names the setting, says what is expected, and never quotes a secret.
func TestServeConfig(t *testing.T) {
	file := filepath.Join(t.TempDir(), "fichier")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	key := "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
	dir := t.TempDir()
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(serveConfig) bool
		bad   []string // fragments of the message; nil means valid
	}{
		{"defaults", nil, nil, func(c serveConfig) bool {
			return c.Addr == "127.0.0.1:8080" && c.DataDir == defaultDataDir() && c.DatabaseURL == "" &&
				c.StateKey == "" && c.JOP2030 == law.JOPUnknown && c.TrustedProxies == nil && c.LogLevel == slog.LevelInfo &&
				c.RateScale == 1
		}, nil},

		{"addr env", map[string]string{"SAISINE_ADDR": "0.0.0.0:8080"}, nil, func(c serveConfig) bool { return c.Addr == "0.0.0.0:8080" }, nil},
		{"addr ipv6", map[string]string{"SAISINE_ADDR": "[::1]:0"}, nil, func(c serveConfig) bool { return c.Addr == "[::1]:0" }, nil},
		{"addr flag wins", map[string]string{"SAISINE_ADDR": "0.0.0.0:8080"}, []string{"--addr", ":9000"}, func(c serveConfig) bool { return c.Addr == ":9000" }, nil},
		{"addr no port", map[string]string{"SAISINE_ADDR": "localhost"}, nil, nil, []string{"SAISINE_ADDR « localhost »", "HÔTE:PORT"}},
		{"addr bad port", nil, []string{"--addr", "127.0.0.1:http"}, nil, []string{"--addr « 127.0.0.1:http »", "port"}},
		{"addr port range", map[string]string{"SAISINE_ADDR": ":70000"}, nil, nil, []string{"SAISINE_ADDR", "65535"}},

		{"data dir env", map[string]string{"SAISINE_DATA_DIR": dir}, nil, func(c serveConfig) bool { return c.DataDir == dir && c.getenv("SAISINE_DATA_DIR") == dir }, nil},
		{"data dir new", map[string]string{"SAISINE_DATA_DIR": filepath.Join(dir, "neuf")}, nil, func(c serveConfig) bool { return c.DataDir == filepath.Join(dir, "neuf") }, nil},
		{"data dir flag wins", map[string]string{"SAISINE_DATA_DIR": "/nulle/part"}, []string{"--data-dir", dir}, func(c serveConfig) bool { return c.DataDir == dir }, nil},
		{"data dir is a file", map[string]string{"SAISINE_DATA_DIR": file}, nil, nil, []string{"SAISINE_DATA_DIR", "pas un dossier"}},

		{"database url", map[string]string{"SAISINE_DATABASE_URL": "postgres://u:secretpw@db:5432/saisine"}, nil, func(c serveConfig) bool {
			return c.getenv("SAISINE_DATABASE_URL") == "postgres://u:secretpw@db:5432/saisine"
		}, nil},
		{"database url socket", nil, []string{"--database-url", "postgresql://postgres@/postgres?host=/run/pg"}, func(c serveConfig) bool { return c.DatabaseURL != "" }, nil},
		{"database url scheme", map[string]string{"SAISINE_DATABASE_URL": "mysql://u:secretpw@h/db"}, nil, nil, []string{"SAISINE_DATABASE_URL", "« mysql »", "postgres://"}},
		{"database url not a url", map[string]string{"SAISINE_DATABASE_URL": "host=db password=secretpw"}, nil, nil, []string{"SAISINE_DATABASE_URL", "pas une URL"}},
		{"database url unreadable", map[string]string{"SAISINE_DATABASE_URL": "postgres://u:secret%pw@h/db"}, nil, nil, []string{"SAISINE_DATABASE_URL", "%XX"}},

		{"state key", map[string]string{"SAISINE_STATE_KEY": key}, nil, func(c serveConfig) bool { return c.getenv("SAISINE_STATE_KEY") == key }, nil},
		{"state key short", map[string]string{"SAISINE_STATE_KEY": "c2VjcmV0cHc="}, nil, nil, []string{"SAISINE_STATE_KEY", "32 octets", "urandom"}},
		{"state key not base64", map[string]string{"SAISINE_STATE_KEY": "secretpw!"}, nil, nil, []string{"SAISINE_STATE_KEY", "base64"}},

		{"jop env", map[string]string{"SAISINE_JOP2030": "in_force"}, nil, func(c serveConfig) bool { return c.JOP2030 == law.JOPInForce }, nil},
		{"jop flag wins", map[string]string{"SAISINE_JOP2030": "in_force"}, []string{"--jop2030", "not_in_force"}, func(c serveConfig) bool { return c.JOP2030 == law.JOPNotInForce }, nil},
		{"jop bad", map[string]string{"SAISINE_JOP2030": "oui"}, nil, nil, []string{"SAISINE_JOP2030 « oui »", "in_force"}},

		{"proxies", map[string]string{"SAISINE_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1,fd00::/8"}, nil, func(c serveConfig) bool {
			return reflect.DeepEqual(c.TrustedProxies, []string{"10.0.0.0/8", "192.0.2.1", "fd00::/8"})
		}, nil},
		{"proxies flag wins", map[string]string{"SAISINE_TRUSTED_PROXIES": "10.0.0.0/8"}, []string{"--trusted-proxies", "172.16.0.0/12"}, func(c serveConfig) bool {
			return reflect.DeepEqual(c.TrustedProxies, []string{"172.16.0.0/12"})
		}, nil},
		{"proxies bad", map[string]string{"SAISINE_TRUSTED_PROXIES": "10.0.0.0/33"}, nil, nil, []string{"SAISINE_TRUSTED_PROXIES « 10.0.0.0/33 »", "CIDR"}},
		{"proxies everyone", map[string]string{"SAISINE_TRUSTED_PROXIES": "0.0.0.0/0"}, nil, nil, []string{"« 0.0.0.0/0 »", "toutes les adresses"}},
		{"proxies everyone v6", nil, []string{"--trusted-proxies", "::/0"}, nil, []string{"--trusted-proxies « ::/0 »"}},

		{"rate scale", map[string]string{"SAISINE_RATE_LIMIT_SCALE": "4"}, nil, func(c serveConfig) bool { return c.RateScale == 4 }, nil},
		{"rate scale comma", map[string]string{"SAISINE_RATE_LIMIT_SCALE": "0,5"}, nil, func(c serveConfig) bool { return c.RateScale == 0.5 }, nil},
		{"rate scale flag wins", map[string]string{"SAISINE_RATE_LIMIT_SCALE": "4"}, []string{"--rate-limit-scale", "10"}, func(c serveConfig) bool { return c.RateScale == 10 }, nil},
		{"rate scale zero", map[string]string{"SAISINE_RATE_LIMIT_SCALE": "0"}, nil, nil, []string{"SAISINE_RATE_LIMIT_SCALE « 0 »", "de 0.1 à 1000"}},
		{"rate scale word", nil, []string{"--rate-limit-scale", "illimité"}, nil, []string{"--rate-limit-scale « illimité »", "nombre"}},
		{"rate scale huge", map[string]string{"SAISINE_RATE_LIMIT_SCALE": "1e9"}, nil, nil, []string{"SAISINE_RATE_LIMIT_SCALE « 1e9 »"}},

		{"log level", map[string]string{"SAISINE_LOG_LEVEL": "DEBUG"}, nil, func(c serveConfig) bool { return c.LogLevel == slog.LevelDebug }, nil},
		{"log level warning", map[string]string{"SAISINE_LOG_LEVEL": "warning"}, nil, func(c serveConfig) bool { return c.LogLevel == slog.LevelWarn }, nil},
		{"log level flag wins", map[string]string{"SAISINE_LOG_LEVEL": "debug"}, []string{"--log-level", "error"}, func(c serveConfig) bool { return c.LogLevel == slog.LevelError }, nil},
		{"log level bad", map[string]string{"SAISINE_LOG_LEVEL": "verbose"}, nil, nil, []string{"SAISINE_LOG_LEVEL « verbose »", "debug, info, warn ou error"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := loadTest(t, c.env, c.args...)
			if c.bad == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if !c.check(cfg) {
					t.Errorf("config %+v", cfg)
				}
				return
			}
			var ce *configError
			if !errors.As(err, &ce) {
				t.Fatalf("accepted (%v): %+v", err, cfg)
			}
			msg := err.Error()
			for _, want := range c.bad {
				if !strings.Contains(msg, want) {
					t.Errorf("message lacks %q:\n%s", want, msg)
				}
			}
			if strings.Contains(msg, "secretpw") {
				t.Errorf("message shows a secret:\n%s", msg)
			}
			if !strings.Contains(msg, "saisine serve --help") {
				t.Errorf("message does not point to the help:\n%s", msg)
			}
		})
	}
}

// TestServeConfigAllProblems: every bad setting is reported at once, not one per start.
func TestServeConfigAllProblems(t *testing.T) {
	_, err := loadTest(t, map[string]string{"SAISINE_ADDR": "x", "SAISINE_LOG_LEVEL": "x", "SAISINE_JOP2030": "x"})
	if err == nil || strings.Count(err.Error(), "\n  ") != 3 {
		t.Errorf("%v", err)
	}
}

// TestServeHelp: « saisine serve --help » lists every variable with its flag and its default, on
// stdout, exit 0; the state key has no flag.
func TestServeHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "serve", "--help")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, s := range serveSettings() {
		line := ""
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, s.env+" ") {
				line = l
			}
		}
		want := "(aucune)"
		if s.flag != "" {
			want = "--" + s.flag
		}
		if !strings.Contains(line, want) || !strings.Contains(line, s.def) {
			t.Errorf("help line of %s is %q, want its flag %s and default %s", s.env, line, want, s.def)
		}
	}
	if strings.Contains(out, "--state-key") {
		t.Error("the state key has a flag: it would show in ps")
	}
	var envs []string
	for _, s := range serveSettings() {
		envs = append(envs, s.env)
	}
	for _, want := range []string{"SAISINE_ADDR", "SAISINE_DATA_DIR", "SAISINE_DATABASE_URL", "SAISINE_STATE_KEY",
		"SAISINE_JOP2030", "SAISINE_TRUSTED_PROXIES", "SAISINE_RATE_LIMIT_SCALE", "SAISINE_LOG_LEVEL"} {
		if !strings.Contains(strings.Join(envs, " "), want) {
			t.Errorf("no setting %s", want)
		}
	}
}

// TestServeBadConfigStops: « saisine serve » with a bad setting exits 2 before listening, naming it.
func TestServeBadConfigStops(t *testing.T) {
	t.Setenv("SAISINE_LOG_LEVEL", "bavard")
	code, _, stderr := runCLI(t, "", "serve", "--addr", "127.0.0.1:0")
	if code != exitUsage || !strings.Contains(stderr, "SAISINE_LOG_LEVEL « bavard »") || strings.Contains(stderr, "listening") {
		t.Errorf("code %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "", "serve", "--nope")
	if code != exitUsage || !strings.Contains(stderr, "-nope") || !strings.Contains(stderr, "SAISINE_ADDR") {
		t.Errorf("unknown flag: code %d, stderr %q", code, stderr)
	}
}

// TestServeLogLevel: SAISINE_LOG_LEVEL=warn drops the start-up information lines.
func TestServeLogLevel(t *testing.T) {
	var buf bytes.Buffer
	cfg, err := loadTest(t, map[string]string{"SAISINE_LOG_LEVEL": "warn"})
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: cfg.LogLevel}))
	logger.Info("saisine listening")
	logger.Warn("state key file unusable")
	if strings.Contains(buf.String(), "listening") || !strings.Contains(buf.String(), "unusable") {
		t.Errorf("log at warn: %s", buf.String())
	}
}
