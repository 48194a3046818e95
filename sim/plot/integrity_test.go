package plot_test

import (
	"bytes"
	"errors"
	"io"
	"log"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/sim/plot"
)

// plSeries makes 12 hours at 10 min of protection levels: GLONASS alone
// never available (NaN), BeiDou alone and the combination with a gap, an
// HPL spike above the axis cap.
func plSeries() (vpl, hpl []plot.Series) {
	t0 := time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC)
	n := 73
	times := make([]time.Time, n)
	for k := range times {
		times[k] = t0.Add(time.Duration(k) * 10 * time.Minute)
	}
	for _, v := range []struct {
		name  string
		base  float64
		avail bool
	}{{"GLONASS", 0, false}, {"BeiDou", 45, true}, {"GLONASS+BeiDou", 28, true}} {
		vv, hh := make([]float64, n), make([]float64, n)
		for k := range vv {
			x := float64(k) / 10
			vv[k], hh[k] = math.NaN(), math.NaN()
			if v.avail && (k < 30 || k > 33) {
				vv[k] = v.base + 8*math.Sin(x)
				hh[k] = 0.7*v.base + 5*math.Cos(1.3*x)
				if k == 50 {
					hh[k] = 400
				}
			}
		}
		vpl = append(vpl, plot.Series{Name: v.name, Times: times, Values: vv})
		hpl = append(hpl, plot.Series{Name: v.name, Times: times, Values: hh})
	}
	return vpl, hpl
}

var testCaption = []string{
	"ARAIM LPV-200 (VAL 35 m, HAL 40 m, EMT ≤ 15 m, σv,acc ≤ 1.87 m), ADD fault-mode rule, a receiver clock per constellation, mask 5°.",
	"GLONASS: ISM σURA 2 m, σURE 1.333 m, bnom 1 m, Psat 1e-5, Pconst 1e-4 (assumed study values); airborne model: GPS curves on 1600.995/1202.025 MHz (assumed study values).",
}

// ExampleProtectionLevels draws vertical and horizontal protection levels
// against the LPV-200 alert limits, with the assumptions in the caption.
func ExampleProtectionLevels() {
	vpl, hpl := plSeries()
	opt := plot.ProtectionLevelOptions{Title: "Beijing: ARAIM LPV-200 protection levels", VALM: 35, HALM: 40, Caption: testCaption}
	for _, name := range []string{"testdata/protection_levels.svg", "testdata/protection_levels.png"} {
		err := plot.WriteFile(name, func(w io.Writer, f plot.Format) error { return plot.ProtectionLevels(w, f, vpl, hpl, opt) })
		if err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleIntegrityMap maps the availability of a service in percent with
// the caption of its assumptions.
func ExampleIntegrityMap() {
	lat, lon := centres(-90, 90, 10), centres(-180, 180, 10)
	g := plot.GridData{NLat: len(lat), NLon: len(lon), LatDeg: lat, LonDeg: lon}
	for _, la := range lat {
		for _, lo := range lon {
			g.Values = append(g.Values, math.Min(100, 85+15*math.Cos(la*math.Pi/180)*math.Abs(math.Sin(lo*math.Pi/90))+5*math.Cos(la*math.Pi/45)))
		}
	}
	opt := plot.IntegrityMapOptions{
		MapOptions: plot.MapOptions{Title: "GLONASS+BeiDou ARAIM LPV-200 availability", Label: "availability % (LPV-200)", ValueMin: 80, ValueMax: 100},
		Caption:    append(testCaption, "Availability ≥ 99.5 % on 21.3 % of the area (cells weighted by the cosine of their centre latitude)."),
	}
	if err := plot.WriteFile("testdata/integrity_map.svg", func(w io.Writer, f plot.Format) error { return plot.IntegrityMap(w, f, g, opt) }); err != nil {
		log.Fatal(err)
	}
}

func TestIntegrityGolden(t *testing.T) {
	checkGolden(t, ExampleProtectionLevels, "protection_levels.svg", "protection_levels.png")
	checkGolden(t, ExampleIntegrityMap, "integrity_map.svg")
}

// TestProtectionLevelsInputs: no series is ErrNoData, bad limits and
// infinite values are errors; a horizontal-only figure has one panel; the
// caption and the "not available" legend are drawn.
func TestProtectionLevelsInputs(t *testing.T) {
	var b bytes.Buffer
	if err := plot.ProtectionLevels(&b, plot.SVG, nil, nil, plot.ProtectionLevelOptions{}); !errors.Is(err, plot.ErrNoData) {
		t.Errorf("no series: %v", err)
	}
	vpl, hpl := plSeries()
	if err := plot.ProtectionLevels(&b, plot.SVG, vpl, hpl, plot.ProtectionLevelOptions{VALM: -1}); err == nil {
		t.Error("negative VAL accepted")
	}
	bad := append([]plot.Series(nil), hpl...)
	bad[1].Values = append([]float64{math.Inf(1)}, bad[1].Values[1:]...)
	if err := plot.ProtectionLevels(&b, plot.SVG, vpl, bad, plot.ProtectionLevelOptions{}); err == nil {
		t.Error("infinite HPL accepted")
	}
	b.Reset()
	if err := plot.ProtectionLevels(&b, plot.SVG, nil, hpl, plot.ProtectionLevelOptions{HALM: 556, Caption: []string{"RNP-0.3 caption"}}); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, w := range []string{"HAL 556 m", "RNP-0.3 caption", "GLONASS (not available)", "HPL (m)"} {
		if !strings.Contains(svg, w) {
			t.Errorf("horizontal figure lacks %q", w)
		}
	}
	if strings.Contains(svg, "VPL") {
		t.Error("horizontal figure has a VPL panel")
	}
}
