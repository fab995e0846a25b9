package e2e_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The vendored axe-core (testdata/axe, see PROVENANCE.md). The hash guards against an edited copy.
const (
	axePath   = "testdata/axe/axe.min.js"
	axeSHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
	axeVer    = "4.14.1"
)

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		b, err := os.ReadFile(axePath)
		if err != nil {
			axeErr = err
			return
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != axeSHA256 {
			axeErr = fmt.Errorf("%s: SHA-256 %s, want %s (see testdata/axe/PROVENANCE.md)", axePath, got, axeSHA256)
			return
		}
		// Evaluated as a DevTools expression, not as a page script: the app's CSP (no inline script)
		// does not apply to it, and it works with the page's JavaScript disabled only if DevTools
		// evaluation still runs (checked by TestHarness).
		axeSrc = string(b) + "\n;void 0"
	})
	if axeErr != nil {
		t.Fatal(axeErr)
	}
	return axeSrc
}

// axeViolation is the part of an axe-core result the failure message shows.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

type axeResult struct {
	Version    string         `json:"version"`
	Violations []axeViolation `json:"violations"`
	Incomplete []string       `json:"incomplete"`
	Passes     int            `json:"passes"`
}

// The WCAG 2.1 A and AA rules, as the brief asks.
const axeRun = `(async () => {
  const r = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  const flat = t => Array.isArray(t) ? t.map(flat).join(' >>> ') : String(t);
  return {
    version: axe.version,
    passes: r.passes.length,
    incomplete: r.incomplete.map(v => v.id),
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({target: n.target.map(flat), html: n.html, summary: n.failureSummary || ''})),
    })),
  };
})()`

// runAxe injects axe-core into the current page and returns its result.
func runAxe(tb *tab) (axeResult, error) {
	var res axeResult
	if tb.noScript {
		// axe-core needs timers and promises, which do not run while the page's scripts are disabled:
		// switch them on for the check only (the page's own scripts were never loaded, so nothing of
		// the app runs meanwhile).
		if err := tb.setScripts(true); err != nil {
			return res, err
		}
		defer tb.setScripts(false)
	}
	present, err := run(tb, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		return res, fmt.Errorf("checking for axe: %w", err)
	}
	if !present {
		if err := tb.do(chromedp.Evaluate[chromedp.Void](axeSource(tb.t))); err != nil {
			return res, fmt.Errorf("injecting axe-core: %w", err)
		}
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return res, fmt.Errorf("running axe-core: %w", err)
	}
	if err := json.Unmarshal(raw, &res); err != nil {
		return res, fmt.Errorf("reading axe-core's result: %w", err)
	}
	if res.Version != axeVer {
		return res, fmt.Errorf("axe-core version %q in the page, want %s", res.Version, axeVer)
	}
	return res, nil
}

// formatViolations is the readable failure message: rule, impact, help, then each element.
func formatViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "  [%s] %s: %s (%s)\n", v.Impact, v.ID, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 8 {
				fmt.Fprintf(&b, "      … and %d more\n", len(v.Nodes)-i)
				break
			}
			html := n.HTML
			if len(html) > 160 {
				html = html[:160] + "…"
			}
			fmt.Fprintf(&b, "      %s\n        %s\n", strings.Join(n.Target, ", "), html)
			if s := strings.TrimSpace(n.Summary); s != "" {
				fmt.Fprintf(&b, "        %s\n", strings.ReplaceAll(s, "\n", "\n        "))
			}
		}
	}
	return b.String()
}

// checkAxe runs axe-core on the current page and reports every WCAG 2.1 A/AA violation as an error.
func (tb *tab) checkAxe(label string) {
	tb.t.Helper()
	res, err := runAxe(tb)
	if err != nil {
		tb.t.Errorf("axe on %s: %v", label, err)
		return
	}
	axeStats.add(len(res.Violations))
	if len(res.Violations) > 0 {
		tb.t.Errorf("axe-core %s: %d WCAG 2.1 A/AA violation(s) on %s:\n%s", res.Version, len(res.Violations), label, formatViolations(res.Violations))
	}
	if len(res.Incomplete) > 0 && testing.Verbose() {
		tb.t.Logf("axe on %s: to review by hand (incomplete): %s", label, strings.Join(res.Incomplete, ", "))
	}
}

// axeStats counts the pages checked, for a summary in the verbose log.
var axeStats axeCounter

type axeCounter struct {
	mu         sync.Mutex
	pages      int
	violations int
}

func (c *axeCounter) add(violations int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pages++
	c.violations += violations
}

func (c *axeCounter) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("axe-core %s: %d page(s) checked, %d violation(s)", axeVer, c.pages, c.violations)
}
