// Package e2e holds the real-browser end-to-end tests of the web interview (handlers): complete
// journeys in headless Chromium driven through chromedp, with axe-core accessibility checks on every
// page, a keyboard-only pass, a pass with JavaScript disabled, a record of every network request (no
// third-party origin allowed) and screenshots of each step at 1280 and 375 pixels wide.
//
// The tests are in the external test package e2e_test and need no build tag. They look for Chromium
// at /usr/bin/chromium (or "chromium" on PATH) and skip with a message when it is missing, except when
// the environment variable CI is "true": there they fail, because CI must run them (scripts/test
// installs the Debian package chromium when it runs as root).
//
// Screenshots go to screenshots/ at the repository root (ignored by git), or to the folder named by
// $SAISINE_SCREENSHOTS. The page structure the tests rely on is docs/web-contract.md.
package e2e
