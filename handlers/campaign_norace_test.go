//go:build !race

package handlers

// raceEnabled: see campaign_race_test.go.
const raceEnabled = false
