package plot_test

import (
	"bytes"
	"errors"
	"log"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/plot"
)

// accuracyGroups are the broadcast (ESBC) − IAC orbit differences of
// 2020-06-25 (sim/accuracy's TestBroadcastVersusPrecise, metres): RMS and
// maximum of 3-D, radial, along-track and cross-track.
func accuracyGroups() []plot.AccuracyGroup {
	return []plot.AccuracyGroup{
		{Label: "GLONASS", RMS: [4]float64{3.37, 2.11, 2.53, 0.66}, Max: [4]float64{7.52, 3.56, 6.73, 2.48}},
		{Label: "BeiDou MEO", RMS: [4]float64{1.43, 1.14, 0.81, 0.30}, Max: [4]float64{4.70, 1.65, 4.61, 1.17}},
		{Label: "BeiDou IGSO", RMS: [4]float64{2.92, 0.91, 2.13, 1.78}, Max: [4]float64{6.57, 1.63, 6.34, 3.75}},
		{Label: "BeiDou GEO", RMS: [4]float64{15.87, 1.00, 15.55, 3.03}, Max: [4]float64{17.14, 1.49, 16.63, 4.05}},
		{Label: "GPS", RMS: [4]float64{1.38, 1.06, 0.80, 0.37}, Max: [4]float64{4.93, 1.98, 4.91, 1.08}},
		{Label: "Galileo", RMS: [4]float64{1.22, 0.96, 0.72, 0.21}, Max: [4]float64{8.21, 6.17, 7.01, 1.71}},
		{Label: "QZSS IGSO", RMS: [4]float64{2.14, 1.98, 0.60, 0.52}, Max: [4]float64{3.49, 3.46, 1.68, 0.92}},
	}
}

// accuracySeries are synthetic per-epoch RMS curves over a day at 10 min:
// a GPS-like level with a 2-h sawtooth (new records every 2 h), a GLONASS
// level with a 30-min one, a BeiDou GEO offset, and an IGSO group with a
// gap from 06:00 to 08:00.
func accuracySeries() []plot.AccuracySeries {
	t0 := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)
	n := 145
	times := make([]time.Time, n)
	for k := range times {
		times[k] = t0.Add(time.Duration(k) * 10 * time.Minute)
	}
	curve := func(level, amp, periodMin float64, gapFrom, gapTo int) [4][]float64 {
		var v [4][]float64
		for q := range 4 {
			v[q] = make([]float64, n)
			share := []float64{1, 0.7, 0.6, 0.25}[q]
			for k := range n {
				if k >= gapFrom && k < gapTo {
					v[q][k] = math.NaN()
					continue
				}
				saw := math.Mod(float64(k)*10, periodMin) / periodMin
				v[q][k] = share * (level + amp*saw)
			}
		}
		return v
	}
	return []plot.AccuracySeries{
		{Label: "GLONASS", System: ephemeris.GLONASS, Times: times, Values: curve(3, 0.8, 30, 0, 0)},
		{Label: "BeiDou MEO", System: ephemeris.BeiDou, Class: "MEO", Times: times, Values: curve(1.3, 0.3, 60, 0, 0)},
		{Label: "BeiDou IGSO", System: ephemeris.BeiDou, Class: "IGSO", Times: times, Values: curve(2.5, 1, 60, 36, 48)},
		{Label: "BeiDou GEO", System: ephemeris.BeiDou, Class: "GEO", Times: times, Values: curve(15.5, 0.5, 60, 0, 0)},
		{Label: "GPS", System: ephemeris.GPS, Times: times, Values: curve(1.2, 0.6, 120, 0, 0)},
	}
}

// ExampleAccuracyBars draws the RMS and maximum of broadcast − precise
// orbit differences per system and orbit class.
func ExampleAccuracyBars() {
	opt := plot.AccuracyBarsOptions{Title: "broadcast (ESBC) − SP3 (IAC)\norbit differences, 2020-06-25 00:00–23:59 UTC, step 30s"}
	for _, name := range []string{"testdata/accuracy_bars.svg", "testdata/accuracy_bars.png"} {
		if err := plot.SaveAccuracyBars(name, accuracyGroups(), opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleAccuracyTimeSeries draws the RMS of the orbit differences of
// each group of satellites against time, one panel per component.
func ExampleAccuracyTimeSeries() {
	opt := plot.AccuracyTimeSeriesOptions{Title: "Orbit differences against time (synthetic)"}
	if err := plot.SaveAccuracyTimeSeries("testdata/accuracy_time.svg", accuracySeries(), opt); err != nil {
		log.Fatal(err)
	}
}

func TestAccuracyGolden(t *testing.T) {
	checkGolden(t, ExampleAccuracyBars, "accuracy_bars.svg", "accuracy_bars.png")
	checkGolden(t, ExampleAccuracyTimeSeries, "accuracy_time.svg")
}

// TestAccuracyBadInput: no data is ErrNoData, values that cannot be RMS or
// maxima are errors naming the group, never panics; NaN is "no value".
func TestAccuracyBadInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	good := accuracyGroups()[:2]
	bad := func(i int, rms, mx float64) []plot.AccuracyGroup {
		g := append([]plot.AccuracyGroup(nil), good...)
		g[0].RMS[i], g[0].Max[i] = rms, mx
		return g
	}
	ser := accuracySeries()[:2]
	shorter := append([]plot.AccuracySeries(nil), ser...)
	shorter[1].Values[2] = shorter[1].Values[2][:3]
	negative := append([]plot.AccuracySeries(nil), ser...)
	negative[0].Values[1] = append([]float64{-1}, negative[0].Values[1][1:]...)
	twice := []plot.AccuracySeries{ser[0], ser[0]}
	for _, c := range []struct {
		name   string
		draw   func() error
		want   string
		noData bool
	}{
		{"bars: none", func() error { return plot.AccuracyBars(&bytes.Buffer{}, plot.SVG, nil, plot.AccuracyBarsOptions{}) }, "no groups", true},
		{"bars: negative", func() error {
			return plot.AccuracyBars(&bytes.Buffer{}, plot.SVG, bad(1, -1, 2), plot.AccuracyBarsOptions{})
		}, "group GLONASS (#0), radial: value -1 m", false},
		{"bars: inf", func() error {
			return plot.AccuracyBars(&bytes.Buffer{}, plot.SVG, bad(3, 1, inf), plot.AccuracyBarsOptions{})
		}, "cross-track: value +Inf m", false},
		{"bars: size", func() error {
			return plot.AccuracyBars(&bytes.Buffer{}, plot.SVG, good, plot.AccuracyBarsOptions{Size: plot.Size{WidthCm: 1, HeightCm: 5}})
		}, "figure size", false},
		{"series: none", func() error {
			return plot.AccuracyTimeSeries(&bytes.Buffer{}, plot.SVG, nil, plot.AccuracyTimeSeriesOptions{})
		}, "no series", true},
		{"series: lengths", func() error {
			return plot.AccuracyTimeSeries(&bytes.Buffer{}, plot.SVG, shorter, plot.AccuracyTimeSeriesOptions{})
		}, "145 times but 3 values", false},
		{"series: negative", func() error {
			return plot.AccuracyTimeSeries(&bytes.Buffer{}, plot.SVG, negative, plot.AccuracyTimeSeriesOptions{})
		}, "series GLONASS, radial, point 0: negative RMS -1 m", false},
		{"series: twice", func() error {
			return plot.AccuracyTimeSeries(&bytes.Buffer{}, plot.SVG, twice, plot.AccuracyTimeSeriesOptions{})
		}, "two series named GLONASS", false},
		{"series: no epochs", func() error {
			return plot.AccuracyTimeSeries(&bytes.Buffer{}, plot.SVG, []plot.AccuracySeries{{Label: "GPS"}}, plot.AccuracyTimeSeriesOptions{})
		}, "no epochs", true},
	} {
		err := c.draw()
		if err == nil || !strings.Contains(err.Error(), c.want) || errors.Is(err, plot.ErrNoData) != c.noData {
			t.Errorf("%s: error %v, want %q (no data: %v)", c.name, err, c.want, c.noData)
		}
	}
	// NaN: a group without values, a series without values; both draw.
	g := append([]plot.AccuracyGroup(nil), good...)
	g[1] = plot.AccuracyGroup{Label: "empty", RMS: [4]float64{nan, nan, nan, nan}, Max: [4]float64{nan, nan, nan, nan}}
	var buf bytes.Buffer
	if err := plot.AccuracyBars(&buf, plot.SVG, g, plot.AccuracyBarsOptions{}); err != nil || !strings.Contains(buf.String(), "n/a") {
		t.Errorf("a group without values: %v (n/a drawn: %v)", err, strings.Contains(buf.String(), "n/a"))
	}
	s := accuracySeries()[:1]
	for q := range 4 {
		for k := range s[0].Values[q] {
			s[0].Values[q][k] = nan
		}
	}
	buf.Reset()
	if err := plot.AccuracyTimeSeries(&buf, plot.PNG, s, plot.AccuracyTimeSeriesOptions{}); err != nil || buf.Len() < 1000 {
		t.Errorf("a series without values: %v, %d bytes", err, buf.Len())
	}
	// Deterministic.
	var a, b bytes.Buffer
	if err := plot.AccuracyBars(&a, plot.SVG, good, plot.AccuracyBarsOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := plot.AccuracyBars(&b, plot.SVG, good, plot.AccuracyBarsOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same bars drawn twice differ")
	}
}
