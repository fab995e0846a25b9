//go:build race

package handlers

// raceEnabled tells the tests that the race detector slows everything down (the pure-Go SQLite about
// tenfold), so that the biggest imports run only without it.
const raceEnabled = true
