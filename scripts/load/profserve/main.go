// Command profserve is « saisine serve » with a CPU profile, for « go run ./scripts/load -cpuprofile
// FILE »: serve exposes no /debug/pprof (it would be public), so the load generator builds this
// variant instead when it is asked where the server's time goes. It assembles the web interface as
// cmd/saisine/serve.go does (state key from the environment, SQLite store in SAISINE_DATA_DIR, same
// server limits), profiles from the start to SIGTERM, and writes a heap profile at the end.
//
//	profserve --addr 127.0.0.1:0 --cpuprofile cpu.out [--memprofile heap.out]
//
// It is a measuring tool, never a server to deploy.
package main

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"saisine/handlers"
	"saisine/handlers/state"
	"saisine/letters/law"
	"saisine/store/backend"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	cpuprofile := flag.String("cpuprofile", "", "CPU profile written at shutdown")
	memprofile := flag.String("memprofile", "", "heap profile written at shutdown")
	flag.Parse()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(logger, *addr, *cpuprofile, *memprofile); err != nil {
		logger.Error("profserve", "err", err.Error())
		os.Exit(1)
	}
}

func run(logger *slog.Logger, addr, cpuprofile, memprofile string) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	st, err := backend.Open(ctx, backend.Config{DataDir: os.Getenv("SAISINE_DATA_DIR")})
	if err != nil {
		return err
	}
	defer st.Close()
	key, _, err := state.LoadKey(os.Getenv, logger)
	if err != nil {
		return err
	}
	sealer, err := state.NewSealer(key, 0, nil)
	if err != nil {
		return err
	}
	h, err := handlers.New(handlers.Options{Logger: logger, Sealer: sealer, Settings: law.DefaultSettings(), Store: st})
	if err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// The limits of cmd/saisine's newServer, so that the variant queues and times out like serve.
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       20 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	// The load generator reads the port from this line, as from serve's.
	logger.Info("saisine listening", "addr", "http://"+ln.Addr().String()+"/")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	if memprofile != "" {
		f, err := os.Create(memprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		runtime.GC()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
	}
	return nil
}
