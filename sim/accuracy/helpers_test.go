package accuracy_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris/rinex"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/orbit/broadcast"
	"github.com/gnssim/gnssim/orbit/precise"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
)

// The real data of 2020-06-25, read where the readers' tests keep it.
var (
	navPath = filepath.Join("..", "..", "ephemeris", "rinex", "testdata", "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")
	iacPath = filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "Sta21114.sp3.gz")                           // IAC, IGS14, GPST, 00:00-24:00, 15 min
	grgPath = filepath.Join("..", "..", "ephemeris", "sp3", "testdata", "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz") // CNES/CLS, IGb14, GPST, 00:00-23:45, 15 min
)

var (
	navOnce sync.Once
	navSrc  *broadcast.Source
	navErr  error
	sp3Mu   sync.Mutex
	sp3Srcs = map[string]*precise.Source{}
)

func broadcastSource(tb testing.TB) *broadcast.Source {
	tb.Helper()
	navOnce.Do(func() {
		var f *rinex.File
		if f, navErr = rinex.ReadFile(navPath, rinex.Options{Strict: true}); navErr == nil {
			navSrc, navErr = broadcast.NewSource(f, broadcast.Options{})
		}
	})
	if navErr != nil {
		tb.Fatal(navErr)
	}
	return navSrc
}

func preciseSource(tb testing.TB, path string) *precise.Source {
	tb.Helper()
	sp3Mu.Lock()
	defer sp3Mu.Unlock()
	if s := sp3Srcs[path]; s != nil {
		return s
	}
	f, err := sp3.ReadFile(path, sp3.Options{Strict: true})
	if err != nil {
		tb.Fatal(err)
	}
	s, err := precise.New([]*sp3.File{f}, precise.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	sp3Srcs[path] = s
	return s
}

// day is 2020-06-25 00:00 to 23:59:30 UTC at 30 s.
var day = orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: 30 * time.Second, N: 2880}

func fmtComp(c accuracy.Component) string {
	return fmt.Sprintf("%7.3f %7.3f %7.3f", c.RMS, c.Mean, c.Max)
}

func logResult(t *testing.T, title string, r *accuracy.Result, perSat bool) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%-14s %4s %6s | %-23s | %-23s | %-23s | %-23s\n", title, "group", "sats", "n", "3-D rms mean max", "R rms mean max", "A rms mean max", "C rms mean max")
	line := func(name string, sats, n int, d3, r, a, c accuracy.Component) {
		fmt.Fprintf(&b, "%-14s %4d %6d | %s | %s | %s | %s\n", name, sats, n, fmtComp(d3), fmtComp(r), fmtComp(a), fmtComp(c))
	}
	for _, g := range r.Systems {
		line(g.System.String(), g.Satellites, g.Compared, g.D3, g.R, g.A, g.C)
	}
	for _, g := range r.Classes {
		line(g.System.String()+" "+g.Class.String(), g.Satellites, g.Compared, g.D3, g.R, g.A, g.C)
	}
	line("total", r.Total.Satellites, r.Total.Compared, r.Total.D3, r.Total.R, r.Total.A, r.Total.C)
	if perSat {
		for _, s := range r.Satellites {
			line(s.Sat.PRN+" "+s.Class.String(), 1, s.Compared, s.D3, s.R, s.A, s.C)
		}
	}
	var ua, ub []string
	for _, u := range r.OnlyA {
		ua = append(ua, u.Sat.PRN)
	}
	for _, u := range r.OnlyB {
		ub = append(ub, u.Sat.PRN)
	}
	fmt.Fprintf(&b, "only in a: %v\nonly in b: %v\n", ua, ub)
	t.Log(b.String())
}

var _ = sim.Site{}
