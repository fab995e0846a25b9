package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"saisine/handlers/state"
	"saisine/letters/law"
)

// Environment of the server. Every setting has a variable, so that a container or a service manager
// configures it without a command line; the flag, when there is one, wins over the variable.
const (
	envAddr           = "SAISINE_ADDR"
	envDataDir        = "SAISINE_DATA_DIR"
	envDatabaseURL    = "SAISINE_DATABASE_URL"
	envStateKey       = state.EnvKey
	envJOP2030        = "SAISINE_JOP2030"
	envTrustedProxies = "SAISINE_TRUSTED_PROXIES"
	envRateScale      = "SAISINE_RATE_LIMIT_SCALE"
	envLogLevel       = "SAISINE_LOG_LEVEL"
)

// defaultAddr listens on the loopback only: « go run ./cmd/saisine » must not expose a development
// server to the network. The container image sets SAISINE_ADDR=0.0.0.0:8080.
const defaultAddr = "127.0.0.1:8080"

// serveConfig is the whole configuration of « saisine serve », validated.
type serveConfig struct {
	Addr string
	// DataDir holds state.key and saisine.db; empty only when the system has no cache folder (the key
	// then lives in memory and the campaigns are unavailable).
	DataDir        string
	DatabaseURL    string
	StateKey       string
	JOP2030        law.JOP2030
	TrustedProxies []string
	// RateScale multiplies the per-client rate limits (handlers.Options.RateScale).
	RateScale float64
	LogLevel  slog.Level
}

// getenv answers the state key and store code, which read their settings by variable name, with the
// validated values (flags included) instead of the raw environment.
func (c serveConfig) getenv(name string) string {
	switch name {
	case envDataDir:
		return c.DataDir
	case envDatabaseURL:
		return c.DatabaseURL
	case envStateKey:
		return c.StateKey
	}
	return ""
}

// setting describes one variable for loading and for « saisine serve --help ».
type setting struct {
	env, flag, def, help string
}

func serveSettings() []setting {
	dataDef := "(aucun)"
	if d := defaultDataDir(); d != "" {
		dataDef = d
	}
	return []setting{
		{envAddr, "addr", defaultAddr, "adresse d’écoute HÔTE:PORT (0.0.0.0:8080 pour toutes les interfaces, comme dans l’image)"},
		{envDataDir, "data-dir", dataDef, "dossier de state.key et de saisine.db (SQLite), créé au premier démarrage"},
		{envDatabaseURL, "database-url", "(SQLite)", "URL PostgreSQL postgres://… des campagnes, pour plusieurs instances (préférez la variable : l’option montre le mot de passe dans ps)"},
		{envStateKey, "", "fichier state.key", "clé de scellement, base64 de 32 octets, la même sur toutes les instances (variable seulement : un secret ne va pas dans la ligne de commande)"},
		{envJOP2030, "jop2030", "unknown", "expérimentation JOP 2030 : unknown, in_force ou not_in_force"},
		{envTrustedProxies, "trusted-proxies", "(aucun)", "mandataires inverses de confiance, adresses IP ou blocs CIDR séparés par des virgules : X-Forwarded-For donne alors l’adresse du client pour les limites de débit"},
		{envRateScale, "rate-limit-scale", "1", "multiplie les limites de débit par client (interview, documents, API, envois, campagnes) : 4 pour un lieu où beaucoup de personnes partagent une adresse, 0.5 pour être plus strict ; de 0.1 à 1000"},
		{envLogLevel, "log-level", "info", "niveau du journal : debug, info, warn ou error"},
	}
}

// defaultDataDir is the user cache folder + /saisine, or "" when the system has none.
func defaultDataDir() string {
	if cache, err := os.UserCacheDir(); err == nil {
		return filepath.Join(cache, "saisine")
	}
	return ""
}

// printServeHelp lists every setting: variable, flag, default, meaning.
func printServeHelp(w io.Writer) {
	fmt.Fprint(w, `Usage : saisine serve [options]

Démarre l’application web. Chaque réglage se lit dans une variable d’environnement ; l’option, quand
elle existe, l’emporte sur la variable. Un réglage invalide arrête le démarrage (code 2) avec la raison.

`)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tOPTION\tDÉFAUT")
	for _, s := range serveSettings() {
		fl := "(aucune)"
		if s.flag != "" {
			fl = "--" + s.flag
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.env, fl, s.def)
	}
	tw.Flush()
	fmt.Fprintln(w)
	for _, s := range serveSettings() {
		fmt.Fprintf(w, "  %s\n      %s\n", s.env, s.help)
	}
}

// loadServeConfig reads the environment, applies the flags given in args over it and validates the
// result. Every problem is reported at once, so that a deployment is fixed in one round.
func loadServeConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (serveConfig, []string, error) {
	raw := map[string]string{}
	source := map[string]string{} // what the messages name: the variable, or the flag that overrode it
	flagEnv := map[string]string{}
	for _, s := range serveSettings() {
		raw[s.env] = strings.TrimSpace(getenv(s.env))
		source[s.env] = s.env
		if s.flag != "" {
			fs.String(s.flag, "", s.help)
			flagEnv[s.flag] = s.env
		}
	}
	pos, err := parse(fs, args)
	if err != nil {
		return serveConfig{}, nil, err
	}
	// Only the flags given override: an absent flag must not blank its variable.
	fs.Visit(func(f *flag.Flag) {
		if env, ok := flagEnv[f.Name]; ok {
			raw[env] = strings.TrimSpace(f.Value.String())
			source[env] = "--" + f.Name
		}
	})

	var cfg serveConfig
	var problems []string
	// bad records a problem; value is quoted unless it is a secret (then "").
	bad := func(env, value, msg string) {
		if value != "" {
			problems = append(problems, fmt.Sprintf("%s « %s » : %s", source[env], value, msg))
		} else {
			problems = append(problems, fmt.Sprintf("%s : %s", source[env], msg))
		}
	}

	cfg.Addr = raw[envAddr]
	if cfg.Addr == "" {
		cfg.Addr = defaultAddr
	}
	if err := checkAddr(cfg.Addr); err != nil {
		bad(envAddr, cfg.Addr, err.Error()+" ; attendu HÔTE:PORT, par exemple 127.0.0.1:8080 (cette machine seule) ou 0.0.0.0:8080 (toutes les interfaces)")
	}

	cfg.DataDir = raw[envDataDir]
	if cfg.DataDir == "" {
		cfg.DataDir = defaultDataDir()
	} else if fi, err := os.Stat(cfg.DataDir); err == nil && !fi.IsDir() {
		bad(envDataDir, cfg.DataDir, "est un fichier, pas un dossier : donnez un dossier (créé s’il n’existe pas) où saisine peut écrire")
	}

	cfg.DatabaseURL = raw[envDatabaseURL]
	if cfg.DatabaseURL != "" {
		if msg := checkDatabaseURL(cfg.DatabaseURL); msg != "" {
			bad(envDatabaseURL, "", msg)
		}
	}

	cfg.StateKey = raw[envStateKey]
	if cfg.StateKey != "" {
		only := func(k string) string {
			if k == envStateKey {
				return cfg.StateKey
			}
			return ""
		}
		if _, _, err := state.LoadKey(only, nil); err != nil {
			bad(envStateKey, "", "invalide ; attendu le base64 de 32 octets, par exemple la sortie de « head -c 32 /dev/urandom | base64 », la même sur toutes les instances")
		}
	}

	if cfg.JOP2030, err = law.ParseJOP2030(raw[envJOP2030]); err != nil {
		bad(envJOP2030, raw[envJOP2030], "attendu unknown, in_force ou not_in_force")
	}

	for _, p := range strings.FieldsFunc(raw[envTrustedProxies], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if msg := checkProxy(p); msg != "" {
			bad(envTrustedProxies, p, msg)
			continue
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, p)
	}

	cfg.RateScale = 1
	if v := raw[envRateScale]; v != "" {
		f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || f < 0.1 || f > 1000 {
			bad(envRateScale, v, "attendu un nombre de 0.1 à 1000 (1 : les limites par défaut ; 4 : quatre fois plus de requêtes par adresse)")
		} else {
			cfg.RateScale = f
		}
	}

	switch lvl := strings.ToLower(raw[envLogLevel]); lvl {
	case "", "info":
		cfg.LogLevel = slog.LevelInfo
	case "debug":
		cfg.LogLevel = slog.LevelDebug
	case "warn", "warning":
		cfg.LogLevel = slog.LevelWarn
	case "error":
		cfg.LogLevel = slog.LevelError
	default:
		bad(envLogLevel, raw[envLogLevel], "attendu debug, info, warn ou error")
	}

	if len(problems) > 0 {
		return cfg, pos, &configError{problems}
	}
	return cfg, pos, nil
}

// configError lists every invalid setting, one per line.
type configError struct{ problems []string }

func (e *configError) Error() string {
	return "configuration invalide :\n  " + strings.Join(e.problems, "\n  ") +
		"\n(« saisine serve --help » liste les variables, leurs options et leurs valeurs par défaut)"
}

// checkAddr accepts what net.Listen("tcp", …) accepts as HOST:PORT with a numeric port; an empty host
// means every interface.
func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("pas de port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port « %s » invalide (0 à 65535)", port)
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /?#@") {
		return fmt.Errorf("hôte « %s » invalide", host)
	}
	return nil
}

// checkDatabaseURL never quotes the URL: it may hold a password, and the message goes to the logs.
func checkDatabaseURL(raw string) string {
	scheme, _, ok := strings.Cut(raw, "://")
	if !ok {
		return "pas une URL ; attendu postgres://utilisateur:motdepasse@hôte:5432/base (ou pas de variable du tout pour garder les campagnes dans SQLite sous le dossier de données)"
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
	default:
		return fmt.Sprintf("schéma « %s » non pris en charge ; attendu postgres://utilisateur:motdepasse@hôte:5432/base (ou pas de variable du tout pour garder les campagnes dans SQLite sous le dossier de données)", scheme)
	}
	if _, err := url.Parse(raw); err != nil {
		return "URL illisible ; un caractère spécial du mot de passe, comme @ : / ? #, doit être encodé en %XX"
	}
	return ""
}

// checkProxy refuses the blocks that contain every address: trusting them lets any client write its
// own X-Forwarded-For and so choose its rate-limit bucket.
func checkProxy(p string) string {
	pfx, err := netip.ParsePrefix(p)
	if err != nil {
		addr, err := netip.ParseAddr(p)
		if err != nil {
			return "ni une adresse IP ni un bloc CIDR (par exemple 10.0.0.0/8 ou 192.0.2.10)"
		}
		pfx = netip.PrefixFrom(addr, addr.BitLen())
	}
	if pfx.Bits() == 0 {
		return "contient toutes les adresses : tout client pourrait alors choisir son adresse ; donnez le réseau de vos mandataires"
	}
	return ""
}
