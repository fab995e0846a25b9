package main

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"saisine/letters/procedures"
)

// The web interview is a later issue; until then `saisine` serves a small page that says what the tool
// does and how to use the command line, so the README's "start the app" command does something honest.
var placeholder = template.Must(template.New("home").Parse(`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>saisine</title></head>
<body>
<main>
<h1>saisine</h1>
<p>Des lettres argumentées pour agir contre la vidéosurveillance algorithmique de votre commune.</p>
<p>L’entretien en ligne est en cours de construction. En attendant, la ligne de commande produit les lettres à partir d’un dossier JSON&#8239;:</p>
<pre>saisine example plainte-cnil &gt; dossier.json
saisine check --procedure plainte-cnil dossier.json
saisine render --procedure plainte-cnil dossier.json -o lettre.pdf</pre>
<h2>Procédures disponibles</h2>
<ul>{{range .}}<li><code>{{.ID}}</code> — {{.Summary}}</li>{{end}}</ul>
<p>Cet outil fournit de l’information et des modèles&#8239;; il ne remplace pas un conseil juridique. Vous restez l’auteur de vos lettres et vous les signez.</p>
</main>
</body>
</html>
`))

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if err := placeholder.Execute(w, procedures.All()); err != nil {
			slog.Error("render home page", "err", err)
		}
	})
	return mux
}

func cmdServe(e *env, args []string) int {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "adresse d’écoute HÔTE:PORT")
	pos, err := parse(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 0 {
		return e.usageErr("serve n’attend aucun argument")
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return e.internal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	return e.internal(serve(ctx, ln, logger))
}

// serve runs the HTTP server on ln until ctx is done, then shuts it down gracefully.
func serve(ctx context.Context, ln net.Listener, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
	}
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
	logger.Info("saisine stopped")
	return nil
}
