package bundle_test

import (
	"bytes"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"saisine/letters/bundle"
	"saisine/letters/bundle/bundletest"
)

// The figure: the Lille letter and 20 images of about 2 MB (40 MB in all, under the 50 MB
// limit). Run with
//
//	go test ./letters/bundle -run '^$' -bench Bundle20 -benchtime 5x
//
// peak-RSS-MiB is the process's resident peak (VmHWM, reset before the loop through
// /proc/self/clear_refs) while bundling, fixtures already in memory; Linux only.

func BenchmarkBundle20JPEG(b *testing.B) {
	benchmarkBundle(b, func(i int) []byte { return bundletest.Noise(2640, 1980, 85, uint64(i)) })
}

func BenchmarkBundle20PNG(b *testing.B) {
	benchmarkBundle(b, func(i int) []byte { return bundletest.NoisePNG(820, 820, false, uint64(i)) })
}

// With transparency gofpdf inflates each PNG and deflates colour and alpha apart again: the slow path.
func BenchmarkBundle20PNGAlpha(b *testing.B) {
	benchmarkBundle(b, func(i int) []byte { return bundletest.NoisePNG(710, 710, true, uint64(i)) })
}

func benchmarkBundle(b *testing.B, image func(i int) []byte) {
	letter := letterPDF(b, lilleCase(b))
	exs := make([]bundle.Exhibit, bundle.MaxFiles)
	var total int64
	for i := range exs {
		exs[i] = bundle.Exhibit{Number: i + 2, Title: "Photographie " + strconv.Itoa(i+1), Data: image(i)}
		total += int64(len(exs[i].Data))
	}
	b.SetBytes(total)
	debug.FreeOSMemory() // the fixtures' garbage must not count
	resetPeakRSS()
	var size int
	for b.Loop() {
		var out bytes.Buffer
		out.Grow(len(letter) + int(total) + 1<<20) // as the CLI does
		if err := bundle.Write(&out, letter, exs); err != nil {
			b.Fatal(err)
		}
		size = out.Len()
	}
	if peak := peakRSS(); peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	}
	b.ReportMetric(float64(total)/(1<<20), "in-MiB")
	b.ReportMetric(float64(size)/(1<<20), "out-MiB")
}

// resetPeakRSS resets the kernel's high-water mark of resident memory (Linux ≥ 4.0).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS is VmHWM in bytes, 0 when unknown.
func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
