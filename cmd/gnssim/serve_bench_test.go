package main

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"testing"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
)

// The interactive targets of gnssim serve (benchmarks/README.md): server
// time of a request, handler called directly (no network), the built-in
// data, GLONASS+BeiDou.
//
//	go test ./cmd/gnssim -run '^$' -bench Serve -benchmem
func benchServe(b *testing.B, query func(i int) string) {
	srv, err := newWebServer(job.Inputs{}, 0, 0, log.New(io.Discard, "", 0))
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/"+query(i), nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d %s", query(i), rec.Code, rec.Body.Bytes())
		}
	}
}

// BenchmarkServeCompareSite: a 24 h comparison at one site at 60 s (target
// < 100 ms).
func BenchmarkServeCompareSite(b *testing.B) {
	benchServe(b, func(int) string {
		return "compare?site=beijing&start=2026-03-19T00:00:00Z&duration=24h&step=60s"
	})
}

// BenchmarkServeSkyInstant: the sky at a new scrubber position (target
// < 50 ms); each iteration asks for another minute.
func BenchmarkServeSkyInstant(b *testing.B) {
	benchServe(b, func(i int) string {
		return fmt.Sprintf("skyplot?site=beijing&start=2026-03-19T%02d:%02d:00Z&duration=0", (i/60)%24, i%60)
	})
}

// BenchmarkServeRegionMap: a 2° map of a 30°×30° region over 24 h at
// 5 min (target < 1 s).
func BenchmarkServeRegionMap(b *testing.B) {
	benchServe(b, func(int) string {
		return "coverage?region=30,60,90,120&grid=2&start=2026-03-19T00:00:00Z&duration=24h&step=5m"
	})
}
