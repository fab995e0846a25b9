package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"saisine/handlers"
	"saisine/handlers/state"
	"saisine/letters/law"
	"saisine/store"
	"saisine/store/backend"
)

// cmdServe runs the web interface: « saisine serve [options] », and « saisine » alone. Its settings
// (config.go) come from the environment, overridden by flags, and are all checked before anything
// starts. The collective campaigns are kept in PostgreSQL when a database URL is set, else in SQLite in
// the data folder; a database that cannot be opened stops the start, and a background loop purges
// expired campaigns hourly until shutdown.
func cmdServe(e *env, args []string) int {
	fs := newFlags(e, "serve")
	fs.Usage = func() {} // the help is printed below, to stdout when asked for
	cfg, pos, err := loadServeConfig(fs, args, os.Getenv)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printServeHelp(e.stdout)
		return exitOK
	case err != nil:
		var ce *configError
		if errors.As(err, &ce) {
			fmt.Fprintf(e.stderr, "saisine : %v\n", err)
			return exitUsage
		}
		printServeHelp(e.stderr) // the flag package already said what was wrong
		return exitUsage
	}
	if len(pos) != 0 {
		return e.usageErr("serve n’attend aucun argument (les réglages : saisine serve --help)")
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	settings := law.DefaultSettings()
	settings.JOP2030 = cfg.JOP2030
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal a second one kills at once, as an impatient Ctrl-C expects, instead
		// of waiting for the requests in flight.
		<-ctx.Done()
		stop()
	}()
	st, err := openStore(ctx, cfg.getenv, logger)
	if err != nil {
		return e.internal(err)
	}
	if st != nil {
		defer st.Close()
	}
	h, err := newWebHandlerOpts(cfg.getenv, logger, settings, st, handlers.Options{TrustedProxies: cfg.TrustedProxies, RateScale: cfg.RateScale})
	if err != nil {
		return e.internal(err)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return e.internal(fmt.Errorf("impossible d’écouter sur %s (%w) : choisissez une autre adresse avec %s ou --addr", cfg.Addr, err, envAddr))
	}
	purged := make(chan struct{})
	go func() {
		defer close(purged)
		if st != nil {
			handlers.RunPurge(ctx, st, logger, 0, nil)
		}
	}()
	err = serve(ctx, ln, h, logger)
	stop() // the purge loop stops with the server, whatever stopped it
	<-purged
	return e.internal(err)
}

// openStore opens the campaign store: PostgreSQL at SAISINE_DATABASE_URL, else SQLite in the data
// folder (SAISINE_DATA_DIR, default os.UserCacheDir()/saisine). Without any folder it returns nil and
// the campaign pages say they are unavailable. getenv is the validated configuration's in the server.
func openStore(ctx context.Context, getenv func(string) string, logger *slog.Logger) (store.Store, error) {
	cfg := backend.Config{DatabaseURL: getenv(envDatabaseURL), DataDir: getenv(envDataDir)}
	if cfg.DatabaseURL == "" && cfg.DataDir == "" {
		if cache, err := os.UserCacheDir(); err == nil {
			cfg.DataDir = filepath.Join(cache, "saisine")
		}
	}
	if cfg.DatabaseURL == "" && cfg.DataDir == "" {
		logger.Warn("no data folder and no database URL: campaigns are unavailable")
		return nil, nil
	}
	st, err := backend.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	kind := "sqlite"
	if cfg.DatabaseURL != "" {
		kind = "postgres"
	}
	logger.Info("campaign store", "kind", kind)
	return st, nil
}

// newWebHandler builds the web interface with its state key and no campaign store.
func newWebHandler(getenv func(string) string, logger *slog.Logger, settings law.Settings) (http.Handler, error) {
	return newWebHandlerWith(getenv, logger, settings, nil)
}

// newWebHandlerWith builds the web interface with its state key and the campaign store (nil: none).
func newWebHandlerWith(getenv func(string) string, logger *slog.Logger, settings law.Settings, st store.Store) (http.Handler, error) {
	return newWebHandlerOpts(getenv, logger, settings, st, handlers.Options{})
}

// newWebHandlerOpts is newWebHandlerWith with the deployment's options (trusted proxies, rate scale).
func newWebHandlerOpts(getenv func(string) string, logger *slog.Logger, settings law.Settings, st store.Store, o handlers.Options) (http.Handler, error) {
	key, source, err := state.LoadKey(getenv, logger)
	if err != nil {
		return nil, err
	}
	logger.Info("state key", "source", string(source))
	sealer, err := state.NewSealer(key, 0, nil)
	if err != nil {
		return nil, err
	}
	o.Logger, o.Sealer, o.Settings, o.Store = logger, sealer, settings, st
	return handlers.New(o)
}

// newServer is the HTTP server with explicit limits: a slow client cannot hold a connection open by
// sending its headers byte by byte (ReadHeaderTimeout), nor its body (ReadTimeout); a PDF has time to
// be written (WriteTimeout); headers are bounded, with room for the state token in the URL.
func newServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          log.New(redactingWriter{logger}, "", 0),
	}
}

// net/http reports connection errors with the client's address (« TLS handshake error from
// 203.0.113.7:53211: … »): the address is personal data, so it is removed before the line is logged.
var addrRe = regexp.MustCompile(`\[[0-9A-Fa-f:.]+\](:\d+)?|\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b`)

type redactingWriter struct{ logger *slog.Logger }

func (w redactingWriter) Write(p []byte) (int, error) {
	msg := addrRe.ReplaceAllString(strings.TrimSpace(string(p)), "[address]")
	w.logger.Warn("http server", "err", msg)
	return len(p), nil
}

// shutdownGrace bounds the wait for the requests in flight at shutdown. It stays under Docker's
// default stop timeout (10 s, then SIGKILL) so that the server, not the kill, ends the slow ones and
// says so in the log.
const shutdownGrace = 8 * time.Second

// serve runs the HTTP server on ln until ctx is done, then shuts it down gracefully: the listener
// closes at once (new connections are refused), requests in flight may finish within shutdownGrace,
// and those still running then are cut.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := newServer(h, logger)
	logger.Info("saisine listening", "addr", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("saisine stopping")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("arrêt : des requêtes duraient encore après %v et ont été coupées (%w)", shutdownGrace, err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("saisine stopped")
	return nil
}
