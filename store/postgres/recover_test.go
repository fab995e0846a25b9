package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"saisine/store"
	"saisine/store/internal/pgtest"
	"saisine/store/postgres"
)

// proxy stands between the store and the server, so that the test can take the server away (close
// every connection and refuse new ones) and bring it back, without touching the server that other
// tests use.
type proxy struct {
	t             *testing.T
	network, dial string // the real server
	addr          string // where the store connects
	mu            sync.Mutex
	ln            net.Listener
	conns         []net.Conn
}

func (p *proxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial(p.network, p.dial)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
}

func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func TestRecoversWhenServerComesBack(t *testing.T) {
	ctx := context.Background()
	raw := pgtest.Database(t)
	cfg, err := pgconn.ParseConfig(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, network: "tcp", dial: net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)), addr: "127.0.0.1:0"}
	if strings.HasPrefix(cfg.Host, "/") {
		p.network, p.dial = "unix", filepath.Join(cfg.Host, fmt.Sprintf(".s.PGSQL.%d", cfg.Port))
	}
	p.up()
	defer p.down()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Del("host")
	q.Set("sslmode", "disable")
	u.Host, u.RawQuery = p.addr, q.Encode()

	s, err := postgres.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := store.Campaign{ID: store.NewID(), Title: "T", ClosesOn: time.Now().AddDate(0, 1, 0)}
	if err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	before, _, err := s.SignMandate(ctx, store.Mandate{CampaignID: c.ID, FirstName: "Léa", LastName: "Martin", Email: "lea@exemple.fr"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}

	p.down()
	start := time.Now()
	_, _, err = s.SignMandate(ctx, store.Mandate{CampaignID: c.ID, FirstName: "Paul", LastName: "Durand"}, time.Now())
	if !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("SignMandate with the server away: %v, want ErrUnavailable", err)
	}
	if err := s.Ping(ctx); !errors.Is(err, store.ErrUnavailable) {
		t.Errorf("Ping with the server away: %v, want ErrUnavailable", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("failing took %v: not fast", d)
	}

	p.up()
	// The pool dials again by itself. A call may still meet a connection broken before the server
	// came back, so allow a couple of attempts, but no reopening.
	var pingErr error
	for range 3 {
		if pingErr = s.Ping(ctx); pingErr == nil {
			break
		}
	}
	if pingErr != nil {
		t.Fatalf("Ping after the server came back: %v", pingErr)
	}
	if _, _, err := s.SignMandate(ctx, store.Mandate{CampaignID: c.ID, FirstName: "Paul", LastName: "Durand"}, time.Now()); err != nil {
		t.Errorf("SignMandate after the server came back: %v", err)
	}
	if _, err := s.Mandate(ctx, before.ID); err != nil {
		t.Errorf("the mandate signed before: %v", err)
	}
}
