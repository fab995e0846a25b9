package e2e_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// One Chromium process serves every test of the package; each test gets its own tab in its own
// browser context (separate cookies, so the language cookie of one journey never leaks into another).
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserCancel context.CancelFunc
	browserErr    error
	browserDir    string
	browserOutput syncBuffer
)

// tabTimeout bounds each test's work in its tab; a stuck page fails the test instead of the whole run.
// The slowest test (the keyboard journey) takes 40 s alone and about 110 s inside the full -race run
// on two cores, where other packages' tests compete for the CPU.
const tabTimeout = 240 * time.Second

func TestMain(m *testing.M) {
	code := m.Run()
	if testing.Verbose() && axeStats.pages > 0 {
		fmt.Println(axeStats.String())
	}
	if browserCancel != nil {
		browserCancel()
	}
	if browserDir != "" {
		os.RemoveAll(browserDir)
	}
	os.Exit(code)
}

// chromiumPath finds Debian's Chromium: $SAISINE_CHROMIUM, /usr/bin/chromium, then "chromium" on PATH.
func chromiumPath() (string, error) {
	if p := os.Getenv("SAISINE_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	return exec.LookPath("chromium")
}

// needBrowser returns the shared browser context, starting Chromium on first use. Without Chromium the
// test is skipped, or fails when CI=true (CI must run the browser tests).
func needBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		msg := fmt.Sprintf("Chromium not found (%v): the browser tests need Debian's chromium package "+
			"(apt-get install chromium; ./scripts/test installs it when run as root)", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + "; CI=true, so this is a failure, not a skip")
		}
		t.Skip(msg)
	}
	browserOnce.Do(func() { startBrowser(path) })
	if browserErr != nil {
		t.Fatalf("starting Chromium %s: %v\nChromium output:\n%s", path, browserErr, browserOutput.String())
	}
	return browserCtx
}

func startBrowser(path string) {
	dir, err := os.MkdirTemp("", "saisine-e2e-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	browserDir = dir
	// The flags of the machine notes: headless as root needs --no-sandbox, and without the
	// background-networking flags Chromium tries to reach Google's hosts, which the closed network
	// refuses. A French browser by default; the English journey switches with the app's link.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("lang", "fr-FR"),
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(desktopWidth, desktopHeight),
		chromedp.CombinedOutput(&browserOutput),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	browserCancel = func() { cancel(); allocCancel() }
	browserCtx = ctx

	// The first run starts the browser; its context must have no deadline (it would stop the browser),
	// so a watchdog bounds it instead.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case browserErr = <-done:
	case <-time.After(60 * time.Second):
		browserErr = errors.New("Chromium did not start within 60 s")
		browserCancel()
	}
}

// syncBuffer collects Chromium's output for the error message when it does not start.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.buf.Len() > 64<<10 {
		return len(p), nil
	}
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tab is one test's browser tab on the app at origin, with what the test observed in it.
type tab struct {
	t      *testing.T
	ctx    context.Context // the tab, with the test's deadline
	tabCtx context.Context // the tab, no deadline (for browser-level commands)
	origin string          // scheme://host:port of the app

	journey  string          // screenshot folder name; "" = no screenshots
	shotDir  string          // where this tab's screenshots go
	shotsOf  map[string]bool // page slugs to photograph; nil = every page
	here     string          // the current page (path, short query), for messages
	axe      bool            // run axe-core on each page
	noScript bool            // the page's JavaScript is disabled
	step     int             // pages seen, for screenshot names

	mu       sync.Mutex
	requests []string // every URL the tab requested
	console  []string // console errors and uncaught exceptions
	// documents are the requests for pages (not sub-resources)
	documents map[network.RequestID]bool

	focusSeen    map[string]bool // focus stops already checked (page + element)
	noFocusCheck bool            // the harness plants an invisible focus on purpose
}

type tabOptions struct {
	journey  string   // name of the screenshot folder; empty: no screenshots
	shotDir  string   // screenshot folder (default: shotsDir()/journey)
	shotsOf  []string // only these page slugs get screenshots (default: every page)
	noAxe    bool     // do not run axe-core on each page
	noScript bool     // disable JavaScript in the page (DevTools evaluation still works)
}

// newTab opens a tab in a fresh browser context on the app at base (an absolute URL).
func newTab(t *testing.T, base string, o tabOptions) *tab {
	t.Helper()
	parent := needBrowser(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	tabCtx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, tabCtx: tabCtx, origin: u.Scheme + "://" + u.Host, journey: o.journey, axe: !o.noAxe}
	if o.shotsOf != nil {
		tb.shotsOf = map[string]bool{}
		for _, s := range o.shotsOf {
			tb.shotsOf[s] = true
		}
	}
	// Listen opens the tab; the recorder sees every request from the first navigation on.
	if err := chromedp.Listen(tabCtx, tb.record); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	timeout := tabTimeout
	if dl, ok := t.Deadline(); ok && time.Until(dl) < timeout {
		timeout = time.Until(dl) - 5*time.Second
	}
	ctx, cancelTimeout := context.WithTimeout(tabCtx, timeout)
	tb.ctx = ctx
	t.Cleanup(func() {
		cancelTimeout()
		cancel()
		tb.checkRequests()
		tb.checkConsole()
	})
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(desktopWidth, desktopHeight)); err != nil {
		t.Fatal(err)
	}
	// Tests run side by side in tabs of one browser: each page behaves as the focused one, so focus,
	// :focus-visible and document.activeElement work in every tab.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("focus emulation: %v", err)
	}
	if o.noScript {
		tb.noScript = true
		if err := tb.setScripts(false); err != nil {
			t.Fatal(err)
		}
	}
	if tb.journey != "" {
		tb.shotDir = o.shotDir
		if tb.shotDir == "" {
			tb.shotDir = filepath.Join(shotsDir(), tb.journey)
		}
		resetShots(t, tb.shotDir)
	}
	return tb
}

// setScripts switches the page's JavaScript on or off (Emulation.setScriptExecutionDisabled).
func (tb *tab) setScripts(on bool) error {
	_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
	if err != nil {
		return fmt.Errorf("switching JavaScript %s: %w", map[bool]string{true: "on", false: "off"}[on], err)
	}
	return nil
}

// record runs in the tab's event loop: it must return fast and send no command.
func (tb *tab) record(ev any) {
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		tb.mu.Lock()
		tb.requests = append(tb.requests, ev.Request.URL)
		if ev.Type == network.ResourceTypeDocument {
			if tb.documents == nil {
				tb.documents = map[network.RequestID]bool{}
			}
			tb.documents[ev.RequestID] = true
		}
		tb.mu.Unlock()
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tb.mu.Lock()
		tb.console = append(tb.console, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		tb.mu.Unlock()
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			tb.mu.Lock()
			tb.console = append(tb.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
			tb.mu.Unlock()
		}
	case *log.EventEntryAdded:
		// Browser-side errors: CSP violations, failed loads of sub-resources (404 stylesheet…).
		// Chromium asks for /favicon.ico on its own; a 404 there is no fault of the pages.
		// A page's own status (422 error page, 404 page) is logged too: the tests check statuses
		// themselves, so only sub-resources count here.
		if ev.Entry.Level == log.EntryLevelError && !strings.HasSuffix(ev.Entry.URL, "/favicon.ico") {
			tb.mu.Lock()
			if ev.Entry.NetworkRequestID != "" && tb.documents[ev.Entry.NetworkRequestID] {
				tb.mu.Unlock()
				return
			}
			tb.console = append(tb.console, fmt.Sprintf("browser log (%s) %s: %s", ev.Entry.Source, ev.Entry.URL, ev.Entry.Text))
			tb.mu.Unlock()
		}
	}
}

// thirdParty returns the requests to an origin other than the app's. data: and blob: URLs stay in the
// page and about: is the blank page; anything else off the app's origin is a third-party request.
func (tb *tab) thirdParty() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var bad []string
	for _, raw := range tb.requests {
		u, err := url.Parse(raw)
		if err != nil {
			bad = append(bad, raw+" (unparsable)")
			continue
		}
		switch u.Scheme {
		case "data", "blob", "about":
			continue
		}
		if u.Scheme+"://"+u.Host != tb.origin {
			bad = append(bad, raw)
		}
	}
	return bad
}

func (tb *tab) checkRequests() {
	if bad := tb.thirdParty(); len(bad) > 0 {
		tb.t.Errorf("requests to an origin other than the app's %s (no third-party request allowed):\n  %s",
			tb.origin, strings.Join(bad, "\n  "))
	}
}

func (tb *tab) checkConsole() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if len(tb.console) > 0 {
		tb.t.Errorf("console errors, exceptions or CSP violations in the pages:\n  %s", strings.Join(tb.console, "\n  "))
	}
}

// forget drops what the tab recorded so far (the harness test provokes third-party requests on purpose).
func (tb *tab) forget() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.requests, tb.console = nil, nil
}
