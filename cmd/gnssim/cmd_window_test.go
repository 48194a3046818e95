package main

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/orbit"
)

// winRow is a row of `gnssim window --format json` (null: nil).
type winRow struct {
	Site              string   `json:"site"`
	Rank              int      `json:"rank"`
	StartUTC          string   `json:"start_utc"`
	EndUTC            string   `json:"end_utc"`
	Epochs            int      `json:"epochs"`
	MeanPDOP          *float64 `json:"mean_pdop"`
	MaxPDOP           *float64 `json:"max_pdop"`
	MinVisible        int      `json:"min_visible"`
	AvailabilityPct   *float64 `json:"availability_pct"`
	MeanVPLM          *float64 `json:"mean_vpl_m"`
	MaxVPLM           *float64 `json:"max_vpl_m"`
	MeanHPLM          *float64 `json:"mean_hpl_m"`
	WindowsConsidered int      `json:"windows_considered"`
}

type winDoc struct {
	Run struct {
		Command    string `json:"command"`
		Parameters struct {
			Window struct {
				By                string  `json:"by"`
				LengthS           float64 `json:"length_s"`
				Epochs            int     `json:"epochs_per_window"`
				Top               int     `json:"top"`
				Variant           string  `json:"variant"`
				WindowsTotal      int     `json:"windows_total"`
				WindowsConsidered int     `json:"windows_considered"`
			} `json:"window"`
			Integrity *struct {
				Service struct {
					Name string `json:"name"`
				} `json:"service"`
			} `json:"integrity"`
		} `json:"parameters"`
	} `json:"run"`
	Windows []winRow `json:"windows"`
}

func winRun(t *testing.T, args ...string) winDoc {
	t.Helper()
	out, _ := run1(t, args...)
	var d winDoc
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("window JSON: %v\n%s", err, out)
	}
	if d.Run.Command != "window" {
		t.Errorf("run.command %q, want window", d.Run.Command)
	}
	return d
}

func winNum(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

// dopSeries is the time, PDOP (NaN: null) and visible count of each row of
// `gnssim dop --format json`.
func dopSeries(t *testing.T, args ...string) ([]string, []float64, []int) {
	t.Helper()
	out, _ := run1(t, args...)
	var d struct {
		Rows []struct {
			Time     string   `json:"time_utc"`
			PDOP     *float64 `json:"pdop"`
			NVisible int      `json:"n_visible"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("dop JSON: %v", err)
	}
	var times []string
	var pdop []float64
	var nvis []int
	for _, r := range d.Rows {
		times = append(times, r.Time)
		pdop = append(pdop, winNum(r.PDOP))
		nvis = append(nvis, r.NVisible)
	}
	return times, pdop, nvis
}

// winPDOPRef is the brute-force window search over a dop series: the mean
// of each window whose every epoch has PDOP ≤ max (NaN otherwise).
func winPDOPRef(pdop []float64, n int, pdopMax float64) []float64 {
	means := make([]float64, len(pdop)-n+1)
	for s := range means {
		sum := 0.0
		for _, v := range pdop[s : s+n] {
			if !(v <= pdopMax) {
				sum = math.NaN()
				break
			}
			sum += v
		}
		means[s] = sum / float64(n)
	}
	return means
}

// TestWindowPDOPAgainstDOP: the window's mean PDOP is the mean of the
// PDOPs of the same epochs written by `gnssim dop`, and no other 2 h window
// of that series has a lower mean; --top 3 are the greedy choice of the
// brute force over the dop series.
func TestWindowPDOPAgainstDOP(t *testing.T) {
	period := []string{"--site", "beijing", "--duration", "6h", "--step", "5m"}
	times, pdop, nvis := dopSeries(t, append(append([]string{"dop"}, period...), "--format", "json", "--precision", "full")...)
	if len(times) != 73 {
		t.Fatalf("dop: %d rows, want 73", len(times))
	}
	const n = 24 // 2 h at 5 min
	means := winPDOPRef(pdop, n, 6)
	considered := 0
	for _, m := range means {
		if !math.IsNaN(m) {
			considered++
		}
	}
	index := func(ts string) int {
		i := slices.Index(times, ts)
		if i < 0 {
			t.Fatalf("window start %s is not an epoch of the dop series", ts)
		}
		return i
	}
	for _, top := range []int{1, 3} {
		d := winRun(t, append(append([]string{"window"}, period...), "--length", "2h", "--top", strconv.Itoa(top), "--format", "json", "-o", "-", "--precision", "full")...)
		w := d.Run.Parameters.Window
		if w.By != "pdop" || w.LengthS != 7200 || w.Epochs != n || w.Top != top || w.Variant != "glonass+beidou" || w.WindowsTotal != len(means) || w.WindowsConsidered != considered {
			t.Errorf("run.parameters.window %+v, want pdop, 7200 s, %d epochs, top %d, %d windows, %d considered", w, n, top, len(means), considered)
		}
		if len(d.Windows) != top {
			t.Fatalf("top %d: %d rows", top, len(d.Windows))
		}
		var taken []int
		for r, row := range d.Windows {
			s := index(row.StartUTC)
			t0, _ := time.Parse(time.RFC3339, row.StartUTC)
			if row.Site != "beijing" || row.Rank != r+1 || row.Epochs != n || row.EndUTC != t0.Add(2*time.Hour).Format(time.RFC3339) || row.WindowsConsidered != considered {
				t.Errorf("row %+v: want site beijing, rank %d, %d epochs, end = start + 2h, %d considered", row, r+1, n, considered)
			}
			sum, worst, fewest := 0.0, 0.0, math.MaxInt
			for k := s; k < s+n; k++ {
				sum += pdop[k]
				worst = math.Max(worst, pdop[k])
				fewest = min(fewest, nvis[k])
			}
			if got := winNum(row.MeanPDOP); !(math.Abs(got-sum/n) <= 1e-9) {
				t.Errorf("rank %d at %s: mean_pdop %v, the dop rows give %v", r+1, row.StartUTC, got, sum/n)
			}
			if winNum(row.MaxPDOP) != worst || row.MinVisible != fewest {
				t.Errorf("rank %d: max_pdop %v min_visible %d, the dop rows give %v and %d", r+1, winNum(row.MaxPDOP), row.MinVisible, worst, fewest)
			}
			// the greedy choice: no window free of those taken before has a lower mean
			for c, m := range means {
				free := true
				for _, p := range taken {
					if c < p+n && p < c+n {
						free = false
					}
				}
				if free && m < means[s]-1e-12 {
					t.Errorf("rank %d: the window at %s has mean %v < %v of the one reported at %s", r+1, times[c], m, means[s], row.StartUTC)
				}
			}
			for _, p := range taken {
				if s < p+n && p < s+n {
					t.Errorf("rank %d at %s overlaps the window at %s", r+1, row.StartUTC, times[p])
				}
			}
			taken = append(taken, s)
		}
	}
}

// TestWindowIntegrityAgainstIntegrity: --by integrity reports the window
// whose availability and mean VPL, recomputed from the epoch rows of
// `gnssim integrity --site` over the same period, are the best.
func TestWindowIntegrityAgainstIntegrity(t *testing.T) {
	period := []string{"--site", "beijing", "--duration", "2h", "--step", "10m"}
	out, _ := run1(t, append(append([]string{"integrity"}, period...), "--format", "json", "--precision", "full")...)
	var ig struct {
		Epochs []struct {
			Time    string   `json:"time_utc"`
			VPL     *float64 `json:"vpl_m_glonass_beidou"`
			HPL     *float64 `json:"hpl_m_glonass_beidou"`
			Service string   `json:"service_glonass_beidou"`
		} `json:"epochs"`
	}
	if err := json.Unmarshal([]byte(out), &ig); err != nil {
		t.Fatal(err)
	}
	N := len(ig.Epochs)
	const n = 3 // 30 min at 10 min
	if N != 13 {
		t.Fatalf("integrity: %d epochs, want 13", N)
	}
	type score struct {
		met       int
		meanV     float64
		meanH     float64
		maxV      float64
		candidate bool
	}
	scores := make([]score, N-n+1)
	for s := range scores {
		sc := score{maxV: math.Inf(-1)}
		mon, sumV, sumH := 0, 0.0, 0.0
		for _, e := range ig.Epochs[s : s+n] {
			if e.Service == "met" {
				sc.met++
			}
			if e.VPL != nil {
				mon++
				sumV += *e.VPL
				sumH += winNum(e.HPL)
				sc.maxV = math.Max(sc.maxV, *e.VPL)
			}
		}
		sc.meanV, sc.meanH = sumV/float64(mon), sumH/float64(mon)
		sc.candidate = sc.met > 0
		scores[s] = sc
	}
	considered := 0
	for _, sc := range scores {
		if sc.candidate {
			considered++
		}
	}
	d := winRun(t, append(append([]string{"window"}, period...), "--length", "30m", "--by", "integrity", "--format", "json", "--precision", "full")...)
	if p := d.Run.Parameters.Integrity; p == nil || p.Service.Name != "LPV-200" {
		t.Errorf("run.parameters.integrity: %+v, want the LPV-200 parameters", p)
	}
	if considered == 0 {
		if len(d.Windows) != 0 {
			t.Fatalf("no window has LPV-200 met at an epoch, yet %d rows", len(d.Windows))
		}
		t.Skip("LPV-200 is never met at beijing over these 2 h")
	}
	if len(d.Windows) != 1 {
		t.Fatalf("%d rows, want 1", len(d.Windows))
	}
	row := d.Windows[0]
	s := -1
	for i, e := range ig.Epochs {
		if e.Time == row.StartUTC {
			s = i
		}
	}
	if s < 0 || s > N-n {
		t.Fatalf("window start %s is not the start of a 30 min window of the integrity epochs", row.StartUTC)
	}
	sc := scores[s]
	if got, want := winNum(row.AvailabilityPct), 100*float64(sc.met)/n; math.Abs(got-want) > 1e-9 {
		t.Errorf("availability_pct %v, the integrity rows give %v", got, want)
	}
	if got := winNum(row.MeanVPLM); math.Abs(got-sc.meanV) > 1e-9 {
		t.Errorf("mean_vpl_m %v, the integrity rows give %v", got, sc.meanV)
	}
	if got := winNum(row.MeanHPLM); math.Abs(got-sc.meanH) > 1e-9 {
		t.Errorf("mean_hpl_m %v, the integrity rows give %v", got, sc.meanH)
	}
	if got := winNum(row.MaxVPLM); got != sc.maxV {
		t.Errorf("max_vpl_m %v, the integrity rows give %v", got, sc.maxV)
	}
	if row.Epochs != n || row.WindowsConsidered != considered {
		t.Errorf("epochs %d, windows_considered %d; want %d, %d", row.Epochs, row.WindowsConsidered, n, considered)
	}
	for c, o := range scores {
		if !o.candidate || c == s {
			continue
		}
		if o.met > sc.met || o.met == sc.met && (o.meanV < sc.meanV-1e-12 || o.meanV <= sc.meanV+1e-12 && c < s) {
			t.Errorf("the window at %s (%d met, mean VPL %v) beats the one reported at %s (%d met, mean VPL %v)",
				ig.Epochs[c].Time, o.met, o.meanV, row.StartUTC, sc.met, sc.meanV)
		}
	}
}

// TestWindowUsage: bad command lines exit 2 with a message naming the flag,
// before any work.
func TestWindowUsage(t *testing.T) {
	base := []string{"window", "--duration", "6h", "--step", "5m"}
	for _, c := range []struct {
		flag string
		args []string
	}{
		{"--site", []string{"--length", "2h"}},
		{"--site", []string{"--site", "beijing", "--site", "moscow", "--length", "2h"}},
		{"--site", []string{"--site", "nowhere", "--length", "2h"}},
		{"--length", []string{"--site", "beijing"}},
		{"--length", []string{"--site", "beijing", "--length", "7m"}},
		{"--length", []string{"--site", "beijing", "--length", "7h"}},
		{"--length", []string{"--site", "beijing", "--length", "-1h"}},
		{"--length", []string{"--site", "beijing", "--length", "soon"}},
		{"--top", []string{"--site", "beijing", "--length", "2h", "--top", "0"}},
		{"--top", []string{"--site", "beijing", "--length", "2h", "--top", "101"}},
		{"--by", []string{"--site", "beijing", "--length", "2h", "--by", "hdop"}},
		{"--service", []string{"--site", "beijing", "--length", "2h", "--service", "LPV-250"}},
		{"--service", []string{"--site", "beijing", "--length", "2h", "--by", "integrity", "--service", "CAT-III"}},
		{"--rule", []string{"--site", "beijing", "--length", "2h", "--by", "integrity", "--rule", "2020"}},
		{"--pdop-max", []string{"--site", "beijing", "--length", "2h", "--by", "integrity", "--pdop-max", "3"}},
		{"--weighting", []string{"--site", "beijing", "--length", "2h", "--by", "integrity", "--weighting", "elevation"}},
	} {
		args := append(append([]string{}, base...), c.args...)
		out, errs, code := runCLI(t, args...)
		if code != exitUsage || !strings.Contains(errs, c.flag) || out != "" {
			t.Errorf("gnssim %s: exit %d, stderr %q, stdout %d bytes; want exit 2 naming %s", strings.Join(args, " "), code, errs, len(out), c.flag)
		}
	}
}

// TestWindowNone: no qualifying window gives a table without rows and a
// note on stderr saying why.
func TestWindowNone(t *testing.T) {
	out, errs := run1(t, "window", "--site", "beijing", "--duration", "2h", "--step", "10m", "--length", "1h", "--pdop-max", "0.5", "--format", "csv")
	if out != "site,rank,start_utc,end_utc,epochs,mean_pdop,max_pdop,min_visible,windows_considered\n" {
		t.Errorf("stdout %q, want the header alone", out)
	}
	if !strings.Contains(errs, "no 1h window at beijing where every epoch has PDOP ≤ 0.5") {
		t.Errorf("stderr %q: want the reason", errs)
	}
}

// TestWindowArgs: the command line of a job parses back into a job with
// the same command line, for both criteria.
func TestWindowArgs(t *testing.T) {
	grid := orbit.EpochGrid{Start: time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC), Step: 5 * time.Minute, N: 73}
	for _, args := range [][]string{
		{"--site", "beijing", "--duration", "6h", "--step", "5m", "--length", "2h", "--top", "3", "--pdop-max", "4", "--weighting", "elevation", "-o", "w.csv"},
		{"--site", "x=45,120,10", "--duration", "6h", "--step", "5m", "--length", "90m", "--by", "integrity", "--service", "rnp-0.3", "--rule", "2012", "--isb-sigma", "3", "--format", "json"},
	} {
		e := &env{}
		j, err := parseWindow(e, args)
		if err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		a := j.Args(grid)
		if a[0] != "window" {
			t.Fatalf("Args %v", a)
		}
		j2, err := parseWindow(e, a[1:])
		if err != nil {
			t.Fatalf("Args %v do not parse: %v", a, err)
		}
		if b := j2.Args(grid); !slices.Equal(a, b) {
			t.Errorf("Args %v\nparse back to %v", a, b)
		}
		for _, want := range []string{"--length", "--by", "--top"} {
			if !slices.Contains(a, want) {
				t.Errorf("Args %v: no %s", a, want)
			}
		}
	}
}
