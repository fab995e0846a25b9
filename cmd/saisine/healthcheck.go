package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

// Exit codes of healthcheck, Docker's HEALTHCHECK contract: 0 healthy, 1 unhealthy. Docker reserves 2,
// so even a usage error answers 1 here.
const (
	healthOK     = 0
	healthFailed = 1
)

const healthUsage = `Usage : saisine healthcheck [--addr HÔTE:PORT] [--timeout DURÉE]

Interroge /healthz du serveur et sort avec 0 s’il répond « ok », 1 sinon (pas de réponse dans le
délai, ou base des campagnes indisponible : 503). Pour le HEALTHCHECK de l’image, qui n’a pas de shell.
L’adresse par défaut est celle du serveur (SAISINE_ADDR, sinon 127.0.0.1:8080) ; une adresse
d’écoute sur toutes les interfaces (0.0.0.0, ::) est interrogée sur la boucle locale.
`

// cmdHealthcheck: « saisine healthcheck [--addr HÔTE:PORT] [--timeout 5s] ».
func cmdHealthcheck(e *env, args []string) int {
	fs := newFlags(e, "healthcheck")
	fs.Usage = func() {}
	def := strings.TrimSpace(os.Getenv(envAddr))
	if def == "" {
		def = defaultAddr
	}
	addr := fs.String("addr", def, "adresse du serveur HÔTE:PORT (variable SAISINE_ADDR)")
	timeout := fs.Duration("timeout", 5*time.Second, "délai de réponse")
	pos, err := parse(fs, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(e.stdout, healthUsage)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		return exitOK
	case err != nil:
		fmt.Fprint(e.stderr, healthUsage)
		return healthFailed
	case len(pos) != 0:
		fmt.Fprintf(e.stderr, "saisine healthcheck : n’attend aucun argument\n\n%s", healthUsage)
		return healthFailed
	case *timeout <= 0:
		fmt.Fprintln(e.stderr, "saisine healthcheck : --timeout doit être positif, par exemple 5s")
		return healthFailed
	}
	url, err := healthURL(*addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "saisine healthcheck : adresse « %s » : %v ; attendu HÔTE:PORT, par exemple 127.0.0.1:8080\n", *addr, err)
		return healthFailed
	}
	if err := probe(url, *timeout); err != nil {
		fmt.Fprintf(e.stderr, "saisine healthcheck : %s : %v\n", url, err)
		return healthFailed
	}
	return healthOK
}

// healthURL is the /healthz URL of a listening address: a wildcard host (every interface) is reached
// on the loopback of the same family.
func healthURL(addr string) (string, error) {
	if err := checkAddr(addr); err != nil {
		return "", err
	}
	host, port, _ := net.SplitHostPort(addr)
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::", "[::]":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// probe GETs url once, without a proxy from the environment (HTTP_PROXY must not turn a local check
// into a remote one) and without following redirects.
func probe(url string, timeout time.Duration) error {
	client := &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(url)
	if err != nil {
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return fmt.Errorf("pas de réponse en %v", timeout)
		}
		return fmt.Errorf("injoignable (%v)", errors.Unwrap(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("statut %d : %s", resp.StatusCode, strings.TrimSpace(string(body)))
	}
	return nil
}
