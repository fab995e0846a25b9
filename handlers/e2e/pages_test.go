package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const (
	desktopWidth, desktopHeight = 1280, 800
	mobileWidth, mobileHeight   = 375, 812
	// actionTimeout bounds one lookup or click: a missing element fails fast instead of waiting for
	// the test's whole deadline.
	actionTimeout = 15 * time.Second
)

// fieldID is the contract's id of the input for a JSON path: "f-" + path with "." and "[" → "-",
// "]" removed (docs/web-contract.md).
func fieldID(path string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return "f-" + r.Replace(path)
}

// do runs actions with the short per-action timeout.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

func run[T any](tb *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, actionTimeout)
	defer cancel()
	return chromedp.Run(ctx, a)
}

// eval evaluates a JavaScript expression (DevTools evaluation: works with the page's scripts off).
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := run(tb, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// ---- navigation ----

// open loads path (relative to the app) and returns the HTTP status of the document.
func (tb *tab) open(path string) int {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.origin+path))
	if err != nil {
		tb.t.Fatalf("opening %s: %v", path, err)
	}
	tb.arrived(resp)
	return int(resp.Status)
}

// navigateBy runs the action (a click, a key press) that leads to a new page and returns its status.
func (tb *tab) navigateBy(what string, a chromedp.Action[chromedp.Void]) int {
	tb.t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, a)
	if err != nil {
		tb.t.Fatalf("%s on %s: %v", what, tb.path(), err)
	}
	if resp == nil {
		tb.t.Fatalf("%s on %s: no new document", what, tb.path())
	}
	tb.arrived(resp)
	return int(resp.Status)
}

// submit clicks the form button <button name="action" value=VALUE> and returns the next page's status.
func (tb *tab) submit(value string) int {
	tb.t.Helper()
	sel := fmt.Sprintf(`button[name="action"][value=%q]`, value)
	if !tb.exists(sel) {
		tb.t.Fatalf("%s: no button %s (contract: the main submit button is name=action value=continuer)", tb.path(), sel)
	}
	return tb.navigateBy("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// follow clicks the first element matching the CSS selector (a link) and returns the new page's status.
func (tb *tab) follow(sel string) int {
	tb.t.Helper()
	if !tb.exists(sel) {
		tb.t.Fatalf("%s: no %s", tb.path(), sel)
	}
	return tb.navigateBy("clicking "+sel, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// arrived runs the per-page checks: axe-core and the screenshots.
func (tb *tab) arrived(resp *network.Response) {
	tb.t.Helper()
	tb.step++
	if u, err := url.Parse(resp.URL); err == nil {
		tb.here = shortURI(u)
	}
	label := fmt.Sprintf("%s (HTTP %d, %s)", tb.here, resp.Status, tb.lang())
	if tb.axe {
		tb.checkAxe(label)
	}
	if tb.journey != "" && (tb.shotsOf == nil || tb.shotsOf[pageSlug(resp.URL)]) {
		tb.screenshots(resp)
	}
}

// path is the current page's path and query, for messages.
func (tb *tab) path() string {
	loc, err := run(tb, chromedp.Location())
	if err != nil {
		return "?"
	}
	if u, err := url.Parse(loc); err == nil {
		return shortURI(u)
	}
	return loc
}

// shortURI is the path and query with the state token cut short (it is hundreds of characters long).
func shortURI(u *url.URL) string {
	q := u.Query()
	if tok := q.Get("etat"); len(tok) > 8 {
		q.Set("etat", tok[:6]+"…")
	}
	s := u.Path
	if len(q) > 0 {
		dec, err := url.QueryUnescape(q.Encode())
		if err != nil {
			dec = q.Encode()
		}
		s += "?" + dec
	}
	return s
}

func (tb *tab) lang() string {
	return eval[string](tb, `document.documentElement.lang`)
}

// ---- reading the page ----

func (tb *tab) exists(css string) bool {
	tb.t.Helper()
	return eval[bool](tb, fmt.Sprintf(`document.querySelector(%q) !== null`, css))
}

func (tb *tab) count(css string) int {
	tb.t.Helper()
	return eval[int](tb, fmt.Sprintf(`document.querySelectorAll(%q).length`, css))
}

// text returns the visible text of the first element matching css ("" when there is none).
func (tb *tab) text(css string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(e => e ? e.innerText : '')(document.querySelector(%q))`, css))
}

// attr returns an attribute of the first element matching css ("" when absent).
func (tb *tab) attr(css, name string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(e => e ? (e.getAttribute(%q) || '') : '')(document.querySelector(%q))`, name, css))
}

// value returns the current value of the field for a JSON path.
func (tb *tab) value(path string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(e => e ? e.value : '<no field #%[1]s>')(document.getElementById(%[1]q))`, fieldID(path)))
}

func (tb *tab) checked(id string) bool {
	tb.t.Helper()
	return eval[bool](tb, fmt.Sprintf(`(e => !!(e && e.checked))(document.getElementById(%q))`, id))
}

// mustHave fails unless an element with the field's id is on the page.
func (tb *tab) mustHave(id string) {
	tb.t.Helper()
	if !eval[bool](tb, fmt.Sprintf(`document.getElementById(%q) !== null`, id)) {
		tb.t.Fatalf("%s: no element #%s (contract ids: docs/web-contract.md)\n%s", tb.path(), id, tb.fieldsSummary())
	}
}

// fieldsSummary lists the form fields on the page, to make a mismatch with the contract easy to see.
func (tb *tab) fieldsSummary() string {
	return "fields on the page: " + eval[string](tb, `Array.from(document.querySelectorAll('input,select,textarea,button'))
	  .map(e => e.tagName.toLowerCase() + (e.type ? '[' + e.type + ']' : '') + '#' + e.id + ' name=' + e.name + (e.value && (e.type==='radio'||e.type==='checkbox'||e.tagName==='BUTTON') ? ' value=' + e.value : '')).join('\n  ')`)
}

// ---- filling the form ----

// fill sets a text field (input, textarea) by its JSON path.
func (tb *tab) fill(path, v string) {
	tb.t.Helper()
	id := fieldID(path)
	tb.mustHave(id)
	if err := tb.do(chromedp.SetValue(chromedp.ID(id), v)); err != nil {
		tb.t.Fatalf("%s: filling #%s: %v", tb.path(), id, err)
	}
}

// selectOption picks the option with value v in the <select> for path.
func (tb *tab) selectOption(path, v string) {
	tb.t.Helper()
	id := fieldID(path)
	tb.mustHave(id)
	ok := eval[bool](tb, fmt.Sprintf(`(s => { if (!s || !Array.from(s.options).some(o => o.value === %[2]q)) return false; s.value = %[2]q; return true })(document.getElementById(%[1]q))`, id, v))
	if !ok {
		tb.t.Fatalf("%s: select #%s has no option %q", tb.path(), id, v)
	}
}

// choose checks the radio or checkbox of path with value v (id f-PATH-VALUE) by clicking it, or its
// label when the input itself is visually hidden (custom-styled radios).
func (tb *tab) choose(path, v string) {
	tb.t.Helper()
	id := fieldID(path) + "-" + v
	tb.setChecked(id, true)
}

// unchoose unchecks the checkbox of path with value v.
func (tb *tab) unchoose(path, v string) {
	tb.t.Helper()
	tb.setChecked(fieldID(path)+"-"+v, false)
}

func (tb *tab) setChecked(id string, want bool) {
	tb.t.Helper()
	tb.mustHave(id)
	if tb.checked(id) == want {
		return
	}
	err := tb.do(chromedp.Click(chromedp.ID(id), chromedp.NodeVisible))
	if err != nil || tb.checked(id) != want {
		if err2 := tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for=%q]`, id)), chromedp.NodeVisible)); err2 != nil {
			tb.t.Fatalf("%s: clicking #%s (%v) or its label (%v)", tb.path(), id, err, err2)
		}
	}
	if tb.checked(id) != want {
		tb.t.Fatalf("%s: #%s checked = %v after a click, want %v", tb.path(), id, !want, want)
	}
}

// ---- errors (contract: error summary + message beside the field) ----

// expectFieldError checks the 422 page's error markup for the field id: the summary (role=alert)
// with a link to #id, focus on the summary (or at least the link), the message beside the field and
// the input's aria attributes. It returns the message.
func (tb *tab) expectFieldError(id string) string {
	tb.t.Helper()
	sum := `.error-summary[role="alert"]`
	if !tb.exists(sum) {
		tb.t.Fatalf("%s: no error summary %s", tb.path(), sum)
	}
	link := fmt.Sprintf(`%s a[href="#%s"]`, sum, id)
	if !tb.exists(link) {
		tb.t.Errorf("%s: the error summary has no link to #%s; it says: %q", tb.path(), id, tb.text(sum))
	}
	if got := tb.attr(sum, "aria-labelledby"); got == "" || !tb.exists("#"+got) {
		tb.t.Errorf("%s: error summary aria-labelledby=%q does not name a title on the page", tb.path(), got)
	}
	// Focus: the summary itself (tabindex=-1, focused on load) is the pattern; a link inside it is fine.
	focus := eval[string](tb, `(a => a ? (a.id || a.className || a.tagName) : '')(document.activeElement && document.activeElement.closest('.error-summary'))`)
	if focus == "" {
		tb.t.Errorf("%s: focus is not on the error summary after the 422 page loaded (active element: %s); "+
			"the contract's tabindex=-1 summary should receive focus (autofocus or the optional JS)",
			tb.path(), eval[string](tb, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'none'`))
	}
	msgSel := fmt.Sprintf(`#%s-error`, id)
	msg := strings.TrimSpace(tb.text(msgSel))
	if msg == "" {
		tb.t.Errorf("%s: no message beside the field (%s.field-error)", tb.path(), msgSel)
	} else if !tb.exists(`p.field-error` + msgSel) {
		tb.t.Errorf("%s: %s is not a p.field-error", tb.path(), msgSel)
	}
	if got := tb.attr("#"+id, "aria-invalid"); got != "true" {
		tb.t.Errorf("%s: #%s aria-invalid=%q, want \"true\"", tb.path(), id, got)
	}
	if got := tb.attr("#"+id, "aria-describedby"); !strings.Contains(" "+got+" ", " "+id+"-error ") {
		tb.t.Errorf("%s: #%s aria-describedby=%q does not name %s-error", tb.path(), id, got, id)
	}
	return msg
}

// ---- screenshots ----

// shotsDir is $SAISINE_SCREENSHOTS or screenshots/ at the repository root (ignored by git).
func shotsDir() string {
	if d := os.Getenv("SAISINE_SCREENSHOTS"); d != "" {
		return d
	}
	d, err := filepath.Abs(filepath.Join("..", "..", "screenshots"))
	if err != nil {
		return filepath.Join("..", "..", "screenshots")
	}
	return d
}

func resetShots(t *testing.T, d string) {
	t.Helper()
	if err := os.RemoveAll(d); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
}

// screenshots writes a full-page PNG of the current page at 1280 px and at 375 px (mobile emulation, so
// the page's viewport meta applies), then restores the desktop viewport. At 375 px it also checks that
// the page does not scroll sideways (WCAG 1.4.10 reflow).
func (tb *tab) screenshots(resp *network.Response) {
	tb.t.Helper()
	if tb.journey == "" {
		return
	}
	name := pageSlug(resp.URL)
	if resp.Status >= 400 {
		name += fmt.Sprintf("-%d", resp.Status)
	}
	base := filepath.Join(tb.shotDir, fmt.Sprintf("%02d-%s", tb.step, name))
	shoot := func(w, h int64, mobile bool, suffix string) {
		opts := []chromedp.EmulateViewportOption{}
		if mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := tb.do(chromedp.EmulateViewport(w, h, opts...)); err != nil {
			tb.t.Fatalf("viewport %dx%d: %v", w, h, err)
		}
		if mobile {
			over := eval[string](tb, `(() => {
			  const w = document.documentElement.clientWidth;
			  if (document.documentElement.scrollWidth <= w + 1) return '';
			  const wide = Array.from(document.body.querySelectorAll('*')).filter(e => e.getBoundingClientRect().right > w + 1)
			    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
			  return 'page is ' + document.documentElement.scrollWidth + ' px wide in a ' + w + ' px viewport; widest: ' + wide.join(', ');
			})()`)
			if over != "" {
				tb.t.Errorf("%s at %d px: scrolls sideways (WCAG 1.4.10 reflow): %s", tb.path(), w, over)
			}
		}
		buf, err := run(tb, pageShot)
		if err != nil {
			tb.t.Fatalf("screenshot of %s at %d px: %v", tb.path(), w, err)
		}
		if err := os.WriteFile(base+"-"+suffix+".png", buf, 0o644); err != nil {
			tb.t.Fatal(err)
		}
	}
	shoot(mobileWidth, mobileHeight, true, "375")
	shoot(desktopWidth, desktopHeight, false, "1280")
}

// maxShotHeight caps a screenshot's height (CSS pixels): the letter preview is 7,000 px tall at 1280
// and 12,000 at 375, and encoding that much costs seconds on two cores for little more to see.
const maxShotHeight = 6000

// pageShot captures the whole page (up to maxShotHeight) as a PNG, encoded for speed.
func pageShot(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	if m.CSSContentSize == nil {
		return nil, errors.New("no layout metrics")
	}
	w, h := m.CSSContentSize.Width, min(m.CSSContentSize.Height, maxShotHeight)
	r, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  &page.Viewport{Width: w, Height: h, Scale: 1},
		FromSurface:           ptr(true),
		CaptureBeyondViewport: ptr(true),
		OptimizeForSpeed:      ptr(true),
	})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// pageSlug names a page from its URL: the last path segment, "accueil" for "/".
func pageSlug(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "page"
	}
	p := strings.Trim(u.Path, "/")
	if p == "" {
		return "accueil"
	}
	parts := strings.Split(p, "/")
	s := parts[len(parts)-1]
	if len(parts) >= 2 && parts[0] == "dossier" {
		s = parts[len(parts)-1]
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// ---- downloads ----

// download runs the action that starts a download (a form button) and returns the suggested file name
// and the bytes Chromium saved. Downloads go to a temporary folder of the test, through
// Browser.setDownloadBehavior on the tab's browser context.
func (tb *tab) download(what string, a chromedp.Action[chromedp.Void]) (string, []byte) {
	tb.t.Helper()
	dir := tb.t.TempDir()
	bctx := chromedp.FromContext(tb.tabCtx).BrowserContextID
	_, err := chromedp.CallBrowser(tb.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllowAndName,
		BrowserContextID: bctx,
		DownloadPath:     dir,
		EventsEnabled:    ptr(true),
	})
	if err != nil {
		tb.t.Fatalf("download behaviour: %v", err)
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx, a); err != nil {
		tb.t.Fatalf("%s: %v", what, err)
	}
	var guid, name string
	for ev, err := range begins {
		if err != nil {
			tb.t.Fatalf("%s: no download started: %v", what, err)
		}
		guid, name = ev.GUID, ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			tb.t.Fatalf("%s: download of %s did not finish: %v", what, name, err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			tb.t.Fatalf("%s: download of %s canceled", what, name)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		tb.t.Fatalf("%s: reading the downloaded %s: %v", what, name, err)
	}
	return name, b
}

func ptr[T any](v T) *T { return &v }

// ---- keyboard ----

// focusInfo describes document.activeElement and whether its focus is visible.
type focusInfo struct {
	Tag          string `json:"tag"`
	ID           string `json:"id"`
	Type         string `json:"type"`
	Name         string `json:"name"`
	Value        string `json:"value"`
	Href         string `json:"href"`
	Text         string `json:"text"`
	Checked      bool   `json:"checked"`
	FocusVisible bool   `json:"focusVisible"` // matches :focus-visible
	Outline      string `json:"outline"`      // computed outline-style outline-width
	BoxShadow    string `json:"boxShadow"`
	Indicator    bool   `json:"indicator"` // a visible outline or box-shadow
}

func (f focusInfo) String() string {
	s := f.Tag
	if f.Type != "" {
		s += "[" + f.Type + "]"
	}
	if f.ID != "" {
		s += "#" + f.ID
	}
	if f.Value != "" && (f.Type == "radio" || f.Type == "checkbox" || f.Tag == "button") {
		s += " value=" + f.Value
	}
	if f.Href != "" {
		s += " href=" + f.Href
	}
	if f.Text != "" {
		s += " «" + f.Text + "»"
	}
	return s
}

const activeJS = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {tag: 'body'};
  const cs = getComputedStyle(e);
  const ow = parseFloat(cs.outlineWidth) || 0;
  const outline = cs.outlineStyle !== 'none' && ow > 0 && cs.outlineColor !== 'transparent' && cs.outlineColor !== 'rgba(0, 0, 0, 0)';
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  return {
    tag: e.tagName.toLowerCase(), id: e.id || '', type: e.type || '', name: e.name || '', value: e.value || '',
    href: e.getAttribute('href') || '', text: (e.innerText || '').trim().slice(0, 40), checked: !!e.checked,
    focusVisible: e.matches(':focus-visible'), outline: cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor,
    boxShadow: cs.boxShadow, indicator: outline || shadow,
  };
})()`

func (tb *tab) active() focusInfo {
	tb.t.Helper()
	return eval[focusInfo](tb, activeJS)
}

// waitFocus polls until the element with id has the focus (a fragment link moves it asynchronously)
// and returns the focused element.
func (tb *tab) waitFocus(id string, d time.Duration) focusInfo {
	tb.t.Helper()
	deadline := time.Now().Add(d)
	for {
		f := tb.active()
		if f.ID == id || time.Now().After(deadline) {
			return f
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// key sends one key (kb constants or a character) with optional Shift.
func (tb *tab) key(k string, shift bool) {
	tb.t.Helper()
	var opts []chromedp.KeyOption
	if shift {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}
	if err := tb.do(chromedp.KeyEvent(k, opts...)); err != nil {
		tb.t.Fatalf("key %q: %v", k, err)
	}
}

// typeText types text into the focused field, key by key. Long texts (sentences, addresses of
// articles) go in one Input.insertText, as an input method or a paste does: three protocol calls per
// character would make the keyboard journey several times slower, and what it tests is the
// navigation, not the typing.
func (tb *tab) typeText(s string) {
	tb.t.Helper()
	var err error
	if len([]rune(s)) > 24 {
		_, err = chromedp.Call(tb.ctx, input.InsertText, input.InsertTextParams{Text: s})
	} else {
		err = tb.do(chromedp.KeyEvent(s))
	}
	if err != nil {
		tb.t.Fatalf("typing %q: %v", s, err)
	}
}

// tabTo presses Tab until the focused element satisfies want, checking at every stop that the focus is
// visible. It fails after max presses, listing the stops.
func (tb *tab) tabTo(what string, want func(focusInfo) bool) focusInfo {
	tb.t.Helper()
	var stops []string
	for range 120 {
		tb.key(kb.Tab, false)
		f := tb.active()
		stops = append(stops, f.String())
		if f.Tag != "body" {
			tb.checkFocusVisible(f)
		}
		if want(f) {
			return f
		}
	}
	tb.t.Fatalf("%s: Tab never reached %s; focus stops:\n  %s", tb.path(), what, strings.Join(stops, "\n  "))
	return focusInfo{}
}

func (tb *tab) checkFocusVisible(f focusInfo) {
	tb.t.Helper()
	if tb.noFocusCheck {
		return
	}
	key := tb.here + " " + f.String()
	if tb.focusSeen == nil {
		tb.focusSeen = map[string]bool{}
	}
	if tb.focusSeen[key] {
		return
	}
	tb.focusSeen[key] = true
	if !f.FocusVisible {
		tb.t.Errorf("%s: keyboard focus on %s does not match :focus-visible", tb.here, f)
	} else if !f.Indicator {
		tb.t.Errorf("%s: no visible focus indicator on %s (outline %q, box-shadow %q)", tb.here, f, f.Outline, f.BoxShadow)
	}
}

// fieldByKeyboard tabs to the field of path and types v into it. Tabbing into a text input selects
// its content, so typing replaces what was there (a textarea must be empty: its caret lands at the
// start).
func (tb *tab) fieldByKeyboard(path, v string) {
	tb.t.Helper()
	id := fieldID(path)
	f := tb.tabTo("#"+id, func(f focusInfo) bool { return f.ID == id })
	if cur := tb.value(path); cur != "" && f.Tag == "textarea" {
		tb.t.Fatalf("%s: textarea #%s already holds %q; the keyboard pass types only into empty text areas", tb.path(), id, cur)
	}
	tb.typeText(v)
	if got := tb.value(path); got != v {
		tb.t.Fatalf("%s: #%s holds %q after typing %q", tb.path(), id, got, v)
	}
}

// checkboxByKeyboard tabs to the checkbox of path/value and presses Space when its state differs.
func (tb *tab) checkboxByKeyboard(path, v string, want bool) {
	tb.t.Helper()
	id := fieldID(path) + "-" + v
	tb.tabTo("#"+id, func(f focusInfo) bool { return f.ID == id })
	if tb.checked(id) != want {
		tb.key(" ", false)
	}
	if tb.checked(id) != want {
		tb.t.Fatalf("%s: Space on #%s did not set checked=%v", tb.path(), id, want)
	}
}

// radioByKeyboard tabs into the radio group of path and selects value v. Moving inside a radio group
// takes the arrow keys (the one exception to Tab/Space/Enter: it is how radio groups work); Space
// checks the focused radio when none is checked yet.
func (tb *tab) radioByKeyboard(path, v string) {
	tb.t.Helper()
	name := path
	id := fieldID(path) + "-" + v
	f := tb.tabTo("radio group "+name, func(f focusInfo) bool { return f.Type == "radio" && f.Name == name })
	for range 12 {
		if f.ID == id {
			break
		}
		tb.key(kb.ArrowDown, false)
		f = tb.active()
		tb.checkFocusVisible(f)
	}
	if f.ID != id {
		tb.t.Fatalf("%s: arrows in radio group %s never reached #%s", tb.path(), name, id)
	}
	if !tb.checked(id) {
		tb.key(" ", false)
	}
	if !tb.checked(id) {
		tb.t.Fatalf("%s: #%s not checked after Space", tb.path(), id)
	}
}

// submitByKeyboard tabs to the button name=action value=VALUE and presses Enter.
func (tb *tab) submitByKeyboard(value string) int {
	tb.t.Helper()
	tb.tabTo("button "+value, func(f focusInfo) bool { return f.Tag == "button" && f.Name == "action" && f.Value == value })
	return tb.navigateBy("Enter on button "+value, enterKey())
}

// selectByKeyboard tabs to the <select> of path and moves its choice with the arrow keys (a closed
// select on Linux changes its value with ArrowDown/ArrowUp) until it holds v.
func (tb *tab) selectByKeyboard(path, v string) {
	tb.t.Helper()
	id := fieldID(path)
	tb.tabTo("#"+id, func(f focusInfo) bool { return f.ID == id })
	for _, k := range []string{kb.ArrowDown, kb.ArrowUp} {
		for range 30 {
			if tb.value(path) == v {
				return
			}
			tb.key(k, false)
		}
	}
	if got := tb.value(path); got != v {
		tb.t.Fatalf("%s: arrows on select #%s never reached %q (holds %q)", tb.path(), id, v, got)
	}
}

// checkLanguageLink GETs the language link of the current page with Go's HTTP client (following the
// redirect, as the browser would) and reports a switch that lands on an error page.
func (tb *tab) checkLanguageLink() {
	tb.t.Helper()
	href := tb.attr(`a[hreflang]`, "href")
	if href == "" {
		tb.t.Errorf("%s: no language link (a[hreflang])", tb.path())
		return
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Get(tb.origin + href)
	if err != nil {
		tb.t.Errorf("%s: language link %s: %v", tb.path(), href, err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tb.t.Errorf("%s: the language link %s lands on HTTP %d at %s (the page was answering a POST: switching language loses the answers typed)",
			tb.path(), shortHref(href), resp.StatusCode, shortURI(resp.Request.URL))
	}
}

func shortHref(h string) string {
	u, err := url.Parse(h)
	if err != nil {
		return h
	}
	return shortURI(u)
}

// enterKey presses Enter the way a real keyboard does: rawKeyDown, then the char event, then keyUp.
// enterKey() sends a keyDown that carries the text at once; after Enter on an error
// summary link has moved the focus to a field, that combined event can reach the field too and submit
// its form a second time (seen under -race).
func enterKey() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		const vk = 13
		for _, ev := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeRawKeyDown, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk},
			{Type: input.DispatchKeyEventTypeChar, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r", WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk},
		} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, ev); err != nil {
				return err
			}
		}
		return nil
	})
}
