package state

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables read by LoadKey.
const (
	// EnvKey holds the sealing key, base64 of 32 bytes. Several instances behind a load balancer must
	// share it (generate one with « head -c 32 /dev/urandom | base64 »).
	EnvKey = "SAISINE_STATE_KEY"
	// EnvDataDir is the directory of the key file; default os.UserCacheDir()/saisine.
	EnvDataDir = "SAISINE_DATA_DIR"
	// KeyFile is the key file's name in the data directory: base64 of 32 bytes, mode 0600.
	KeyFile = "state.key"
)

// KeySource says where LoadKey found the key.
type KeySource string

// Key sources.
const (
	FromEnv    KeySource = "env"
	FromFile   KeySource = "file"
	FromMemory KeySource = "memory"
)

// LoadKey finds the sealing key: SAISINE_STATE_KEY when set (an invalid value is an error: a
// misconfigured cluster must not start with keys that differ), else the key file under
// SAISINE_DATA_DIR (created with a fresh random key when missing), else a random key kept in memory,
// with a warning: tokens then die with the process. getenv nil means os.Getenv.
func LoadKey(getenv func(string) string, logger *slog.Logger) ([]byte, KeySource, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if v := strings.TrimSpace(getenv(EnvKey)); v != "" {
		key, err := decodeKey(v)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", EnvKey, err)
		}
		return key, FromEnv, nil
	}

	dir := getenv(EnvDataDir)
	if dir == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(cache, "saisine")
		}
	}
	if dir != "" {
		key, err := keyFromFile(filepath.Join(dir, KeyFile))
		if err == nil {
			return key, FromFile, nil
		}
		logger.Warn("state key file unusable, using a key in memory: links will stop working when the server restarts",
			"dir", dir, "err", err)
	} else {
		logger.Warn("no data directory, using a state key in memory: links will stop working when the server restarts")
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, "", err
	}
	return key, FromMemory, nil
}

func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("the key must be base64 of %d bytes, got %d bytes", KeySize, len(b))
			}
			return b, nil
		}
	}
	return nil, errors.New("the key is not valid base64")
}

// keyFromFile reads the key file, creating it (and its directory) with a new key when it does not
// exist. Two instances starting together both end up with the file's key.
func keyFromFile(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil {
		return decodeKey(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// Write a temporary file, then link it into place: the link fails if another instance got there
	// first, and nobody ever reads a half-written key.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".state-key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			return decodeKey(string(b))
		}
		return nil, err
	}
	return key, nil
}
