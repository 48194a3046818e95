package spectrum

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/simtest"
)

var (
	skyDSOnce sync.Once
	skyDS     *dataset.Dataset
	skyDSErr  error
)

// builtinAll loads the built-in snapshot with every system.
func builtinAll(t testing.TB) *dataset.Dataset {
	t.Helper()
	skyDSOnce.Do(func() {
		skyDS, skyDSErr = dataset.Load(dataset.BuiltinInputs(), dataset.Options{Systems: ephemeris.Systems})
	})
	if skyDSErr != nil {
		t.Fatal(skyDSErr)
	}
	return skyDS
}

// skySats describes the selected satellites of ds.
func skySats(ds *dataset.Dataset) []SkySat {
	out := make([]SkySat, len(ds.Selected))
	for i, s := range ds.Selected {
		out[i] = SkySat{System: s.ID.System, PRN: s.Label(), Channel: s.ID.FreqChannel, HasChannel: s.ID.HasChannel}
	}
	return out
}

// fullModel transmits every catalogue signal of every system (QZSS: the
// GPS ones) and makes every catalogue signal a victim.
func fullModel(t testing.TB) SkyModel {
	e := catalogueEvaluator(t)
	m := SkyModel{Evaluator: e, Transmit: map[ephemeris.System][]string{}, N0DBWHz: DefaultN0DBWHz}
	for _, sys := range []ephemeris.System{ephemeris.GLONASS, ephemeris.BeiDou, ephemeris.GPS, ephemeris.Galileo} {
		for _, s := range Interferers(sys) {
			m.Transmit[sys] = append(m.Transmit[sys], s.Name)
			if sys == ephemeris.GPS {
				m.Transmit[ephemeris.QZSS] = append(m.Transmit[ephemeris.QZSS], s.Name)
			}
		}
	}
	for _, s := range e.Signals() {
		m.Victims = append(m.Victims, s.Name)
	}
	return m
}

// siteSeries runs StreamSiteDegradation and keeps every epoch.
func siteSeries(t testing.TB, src sim.Source, sats []SkySat, g orbit.EpochGrid, site sim.Site, m SkyModel, x sim.Exec) (vis []int, eps []VictimEpoch) {
	t.Helper()
	err := StreamSiteDegradation(context.Background(), src, sats, g, site, m, x, func(c *SiteChunk) error {
		vis = append(vis, c.Visible...)
		eps = append(eps, c.Epochs...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return vis, eps
}

var (
	start2026 = time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	beijing   = sim.Site{Name: "beijing", LatDeg: 39.9, LonDeg: 116.4, HeightM: 50}
)

// TestVisibilityMatchesSkyTracks: the look angles and the visibility
// decision of the sky computation are the engine's (sim.SkyTracks) to the
// last bit, for a constant and an azimuth mask, on the real snapshot.
func TestVisibilityMatchesSkyTracks(t *testing.T) {
	ds := builtinAll(t)
	g := orbit.EpochGrid{Start: start2026, Step: 10 * time.Minute, N: 37}
	eph, _, err := ds.Ephemeris(context.Background(), g, dataset.PropagatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	masks := []sim.Mask{{}, {ElevationDeg: 10}, {Azimuth: []sim.MaskPoint{{AzDeg: 0, ElDeg: 5}, {AzDeg: 90, ElDeg: 30}, {AzDeg: 200, ElDeg: 12}}}}
	for _, site := range []sim.Site{beijing, {Name: "south", LatDeg: -77.85, LonDeg: 166.67, HeightM: 20}} {
		f := newLookFrame(site)
		for _, mask := range masks {
			st, err := sim.SkyTracks(context.Background(), eph, g, site, sim.Model{Mask: mask}, sim.SkyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			mt := newMaskTest(mask)
			nvis := 0
			for i, s := range st.Sats {
				for k := 0; k < g.N; k++ {
					j := s*g.N + k
					dE, dN, dU, d2 := f.enu(eph.X[j], eph.Y[j], eph.Z[j])
					vis := mt.visible(dE, dN, dU, d2)
					el := st.ElDeg[i*g.N+k]
					if vis != !math.IsNaN(el) {
						t.Fatalf("%s mask %+v sat %d epoch %d: visible %v, SkyTracks elevation %v", site.Name, mask, s, k, vis, el)
					}
					if !vis {
						continue
					}
					nvis++
					if e, a := elevationDeg(dE, dN, dU), azimuthDeg(dE, dN); e != el || a != st.AzDeg[i*g.N+k] {
						t.Fatalf("sat %d epoch %d: az/el %v/%v, SkyTracks %v/%v", s, k, a, e, st.AzDeg[i*g.N+k], el)
					}
				}
			}
			if nvis == 0 {
				t.Fatalf("%s: nothing visible", site.Name)
			}
		}
	}
}

// placed builds a constant sky of satellites at given az/el over beijing.
func placed(sats []simtest.AzEl) (*sim.Ephemeris, orbit.EpochGrid) {
	g := orbit.EpochGrid{Start: start2026, Step: time.Minute, N: 2}
	return simtest.PlaceAzEl(g, beijing, sats), g
}

func victimIndex(m SkyModel, name string) int {
	for i, v := range m.Victims {
		if v == name {
			return i
		}
	}
	return -1
}

// closedForm is 10·log10(1 + Σ C_i·κ_i/N0), κ from SignalKappa (not the
// evaluator's table).
func closedForm(t *testing.T, n0 float64, terms ...struct {
	victim     string
	vch        int
	interferer string
	ich        int
	pDBW       float64
}) float64 {
	t.Helper()
	sum := 0.0
	for _, tm := range terms {
		v, _ := Lookup(tm.victim)
		i, _ := Lookup(tm.interferer)
		k, err := SignalKappa(v, tm.vch, i, tm.ich, 0)
		if err != nil {
			t.Fatal(err)
		}
		sum += dbw(tm.pDBW) * k.KappaPerHz
	}
	return 10 * math.Log10(1+sum/dbw(n0))
}

type term = struct {
	victim     string
	vch        int
	interferer string
	ich        int
	pDBW       float64
}

// TestSingleSatelliteClosedForm: a sky with a single GLONASS satellite
// degrades its L1OF only by its own L1OC (intra-system, not self):
// 10·log10(1 + C·κ/N0); with the CDMA signals not transmitted, by nothing.
// A BeiDou satellite beside it sees on B2b only the GLONASS L3OC
// (inter-system); a gain table offsets the powers by the elevation.
func TestSingleSatelliteClosedForm(t *testing.T) {
	eph, g := placed([]simtest.AzEl{{System: ephemeris.GLONASS, AzDeg: 30, ElDeg: 60}, {System: ephemeris.BeiDou, AzDeg: 200, ElDeg: 25}})
	glo := SkySat{System: ephemeris.GLONASS, PRN: "R01", Channel: -3, HasChannel: true}
	bds := SkySat{System: ephemeris.BeiDou, PRN: "C20"}
	m := fullModel(t)
	n0 := m.N0DBWHz

	one := eph.Subset([]int{0})
	_, eps := siteSeries(t, one, []SkySat{glo}, g, beijing, m, sim.Exec{})
	r := eps[victimIndex(m, "L1OF")]
	want := closedForm(t, n0, term{"L1OF", -3, "L1OC", 0, -161})
	if r.Victims != 1 || r.Worst != 0 || math.Abs(r.IntraDB-want) > 1e-12 || r.InterDB != 0 || r.SelfDB != 0 || math.Abs(r.TotalDB-want) > 1e-12 {
		t.Errorf("single GLONASS L1OF: %+v, want intra = total = %.15f dB", r, want)
	}
	if want < 1e-4 {
		t.Errorf("closed form %v dB: too small to test anything", want)
	}
	// Only the FDMA signals transmitted: nothing interferes.
	fdma := m
	fdma.Transmit = map[ephemeris.System][]string{ephemeris.GLONASS: {"L1OF", "L2OF"}}
	fdma.Victims = []string{"L1OF", "L2OF", "L1OC"}
	_, eps = siteSeries(t, one, []SkySat{glo}, g, beijing, fdma, sim.Exec{})
	if eps[0].TotalDB != 0 || eps[1].TotalDB != 0 || eps[0].Victims != 1 || eps[2].Victims != 0 || !math.IsNaN(eps[2].TotalDB) || eps[2].Worst != -1 {
		t.Errorf("FDMA only: %+v", eps)
	}

	// GLONASS + BeiDou: B2b is hit by L3OC only (inter-system).
	_, eps = siteSeries(t, eph, []SkySat{glo, bds}, g, beijing, m, sim.Exec{})
	r = eps[victimIndex(m, "B2b")]
	want = closedForm(t, n0, term{"B2b", 0, "L3OC", 0, -158})
	if r.Victims != 1 || r.Worst != 1 || r.IntraDB != 0 || math.Abs(r.InterDB-want) > 1e-12 || math.Abs(r.TotalDB-want) > 1e-12 {
		t.Errorf("B2b: %+v, want inter = total = %.15f dB", r, want)
	}
	// The L3OC victim sees B2b (inter) and nothing of its own system.
	r = eps[victimIndex(m, "L3OC")]
	want = closedForm(t, n0, term{"L3OC", 0, "B2b", 0, -160})
	if math.Abs(r.InterDB-want) > 1e-12 || r.IntraDB != 0 {
		t.Errorf("L3OC: %+v, want inter %.15f dB", r, want)
	}

	// A gain table: −3 dB at 0°, +3 dB at 90°, linear between: +1 dB at 60°.
	gt, err := NewGainTable([]float64{0, 90}, []float64{-3, 3})
	if err != nil {
		t.Fatal(err)
	}
	mg := m
	mg.Gain = gt
	_, eps = siteSeries(t, eph, []SkySat{glo, bds}, g, beijing, mg, sim.Exec{})
	r = eps[victimIndex(m, "B2b")]
	want = closedForm(t, n0, term{"B2b", 0, "L3OC", 0, -158 + 1})
	if math.Abs(r.InterDB-want) > 1e-9 {
		t.Errorf("B2b with gain table: inter %.12f dB, want %.12f", r.InterDB, want)
	}
	// A power override.
	mp := m
	mp.PowerDBW = map[string]float64{"L3OC": -150}
	_, eps = siteSeries(t, eph, []SkySat{glo, bds}, g, beijing, mp, sim.Exec{})
	want = closedForm(t, n0, term{"B2b", 0, "L3OC", 0, -150})
	if r := eps[victimIndex(m, "B2b")]; math.Abs(r.InterDB-want) > 1e-12 {
		t.Errorf("B2b with L3OC at −150 dBW: inter %.12f dB, want %.12f", r.InterDB, want)
	}
	// Below the mask nothing counts.
	mm := m
	mm.Mask = sim.Mask{ElevationDeg: 30}
	vis, eps := siteSeries(t, eph, []SkySat{glo, bds}, g, beijing, mm, sim.Exec{})
	if vis[0] != 1 || eps[victimIndex(m, "B2b")].Victims != 0 || math.Abs(eps[victimIndex(m, "L1OF")].TotalDB-closedForm(t, n0, term{"L1OF", -3, "L1OC", 0, -161})) > 1e-12 {
		t.Errorf("mask 30°: visible %d, B2b %+v", vis[0], eps[victimIndex(m, "B2b")])
	}
}

// TestFDMAChannels: two GLONASS satellites on channels −3 and −2 degrade
// each other's L1OF by κ at their offset; a satellite without a known
// channel transmits no FDMA signal (nor is an FDMA victim) but still its
// L1OC.
func TestFDMAChannels(t *testing.T) {
	eph, g := placed([]simtest.AzEl{{System: ephemeris.GLONASS, AzDeg: 30, ElDeg: 60}, {System: ephemeris.GLONASS, AzDeg: 130, ElDeg: 40}, {System: ephemeris.GLONASS, AzDeg: 250, ElDeg: 20}})
	sats := []SkySat{{System: ephemeris.GLONASS, PRN: "R01", Channel: -3, HasChannel: true}, {System: ephemeris.GLONASS, PRN: "R02", Channel: -2, HasChannel: true}, {System: ephemeris.GLONASS, PRN: "R03"}}
	m := fullModel(t)
	_, eps := siteSeries(t, eph, sats, g, beijing, m, sim.Exec{})
	r := eps[victimIndex(m, "L1OF")]
	// Victim R01 (k=−3): R02's L1OF (k=−2) self, three L1OC intra.
	w1 := closedForm(t, m.N0DBWHz, term{"L1OF", -3, "L1OF", -2, -161}, term{"L1OF", -3, "L1OC", 0, -161}, term{"L1OF", -3, "L1OC", 0, -161}, term{"L1OF", -3, "L1OC", 0, -161})
	w2 := closedForm(t, m.N0DBWHz, term{"L1OF", -2, "L1OF", -3, -161}, term{"L1OF", -2, "L1OC", 0, -161}, term{"L1OF", -2, "L1OC", 0, -161}, term{"L1OF", -2, "L1OC", 0, -161})
	worst, wsat := w1, 0
	if w2 > w1 {
		worst, wsat = w2, 1
	}
	if r.Victims != 2 || r.Worst != wsat || math.Abs(r.TotalDB-worst) > 1e-12 || math.Abs(r.MeanTotalDB-(w1+w2)/2) > 1e-12 {
		t.Errorf("L1OF: %+v; want victims 2, worst sat %d at %.15f, mean %.15f", r, wsat, worst, (w1+w2)/2)
	}
	self := 10 * math.Log10(1+dbw(-161)*kappaOf(t, "L1OF", -3+wsat, "L1OF", -2-wsat)/dbw(m.N0DBWHz))
	if math.Abs(r.SelfDB-self) > 1e-12 {
		t.Errorf("L1OF self %.15f dB, want %.15f", r.SelfDB, self)
	}
	if r := eps[victimIndex(m, "L1OC")]; r.Victims != 3 {
		t.Errorf("L1OC victims %d, want 3 (channel not needed)", r.Victims)
	}
}

func kappaOf(t *testing.T, v string, vch int, i string, ich int) float64 {
	t.Helper()
	sv, _ := Lookup(v)
	si, _ := Lookup(i)
	k, err := SignalKappa(sv, vch, si, ich, 0)
	if err != nil {
		t.Fatal(err)
	}
	return k.KappaPerHz
}

// TestE5aLeavesOwnE5Out: E5a is a receiver's view of the E5 its satellite
// transmits: a single Galileo satellite does not degrade its own E5a, a
// second one does, by its E5 (intra-system, and self: E5 holds E5a).
func TestE5aLeavesOwnE5Out(t *testing.T) {
	eph, g := placed([]simtest.AzEl{{System: ephemeris.Galileo, AzDeg: 30, ElDeg: 60}, {System: ephemeris.Galileo, AzDeg: 130, ElDeg: 40}})
	sats := []SkySat{{System: ephemeris.Galileo, PRN: "E01"}, {System: ephemeris.Galileo, PRN: "E02"}}
	m := fullModel(t)
	_, eps := siteSeries(t, eph.Subset([]int{0}), sats[:1], g, beijing, m, sim.Exec{})
	if r := eps[victimIndex(m, "E5a")]; r.Victims != 1 || r.TotalDB != 0 {
		t.Errorf("one Galileo satellite: E5a %+v, want 0 dB", r)
	}
	_, eps = siteSeries(t, eph, sats, g, beijing, m, sim.Exec{})
	e5, _ := Lookup("E5")
	want := closedForm(t, m.N0DBWHz, term{"E5a", 0, "E5", 0, e5.MinPowerDBW})
	if r := eps[victimIndex(m, "E5b")]; r.Victims != 2 || math.Abs(r.IntraDB-closedForm(t, m.N0DBWHz, term{"E5b", 0, "E5", 0, e5.MinPowerDBW})) > 1e-12 || r.InterDB != 0 {
		t.Errorf("E5b: %+v", r)
	}
	if r := eps[victimIndex(m, "E5a")]; math.Abs(r.IntraDB-want) > 1e-12 || math.Abs(r.SelfDB-want) > 1e-12 {
		t.Errorf("E5a: %+v, want intra = self = %.15f (the other satellite's E5 holds the E5a signal)", r, want)
	}
}

// realSky runs a few hours of the real snapshot at Beijing.
func realSky(t *testing.T, m SkyModel, x sim.Exec) (*dataset.Dataset, orbit.EpochGrid, []int, []VictimEpoch) {
	ds := builtinAll(t)
	g := orbit.EpochGrid{Start: start2026, Step: 15 * time.Minute, N: 25}
	vis, eps := siteSeries(t, ds.Propagator(dataset.PropagatorOptions{}), skySats(ds), g, beijing, m, x)
	return ds, g, vis, eps
}

// TestRealSkyByHand: every epoch and victim of the real sky equals
// Evaluator.Degradation called by hand on the interferers listed from
// sim.SkyTracks (the engine's sky), for every victim satellite, the worst
// and the mean; the parts add up: (10^(intra/10) − 1) + (10^(inter/10) −
// 1) = 10^(total/10) − 1, self ≤ intra.
func TestRealSkyByHand(t *testing.T) {
	m := fullModel(t)
	ds, g, vis, eps := realSky(t, m, sim.Exec{})
	sats := skySats(ds)
	eph, _, err := ds.Ephemeris(context.Background(), g, dataset.PropagatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := sim.SkyTracks(context.Background(), eph, g, beijing, sim.Model{}, sim.SkyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	e := m.Evaluator
	nv := len(m.Victims)
	checked := 0
	for k := 0; k < g.N; k++ {
		// The interferers: every signal of every satellite above the mask.
		var sky []Interferer
		var owner []int
		n := 0
		for i, s := range st.Sats {
			if math.IsNaN(st.ElDeg[i*g.N+k]) {
				continue
			}
			n++
			sat := sats[s]
			for _, name := range m.Transmit[sat.System] {
				sig, _ := Lookup(name)
				if sig.IsFDMA() && !sat.HasChannel {
					continue
				}
				key, err := e.Key(name, sat.Channel)
				if err != nil {
					t.Fatal(err)
				}
				sky = append(sky, Interferer{Key: key, PowerDBW: sig.MinPowerDBW, System: sat.System})
				owner = append(owner, s)
			}
		}
		if n != vis[k] {
			t.Fatalf("epoch %d: %d visible, SkyTracks %d", k, vis[k], n)
		}
		for v, name := range m.Victims {
			sig, _ := Lookup(name)
			got := eps[k*nv+v]
			worst, sum, cnt := math.Inf(-1), 0.0, 0
			for i, s := range st.Sats {
				sat := sats[s]
				if math.IsNaN(st.ElDeg[i*g.N+k]) || sat.System != sig.System || (sig.IsFDMA() && !sat.HasChannel) {
					continue
				}
				key, _ := e.Key(name, sat.Channel)
				// Leave out the victim satellite's own instance of the
				// signal (or, for E5a/E5b, of its whole E5).
				var others []Interferer
				for j, it := range sky {
					own, _, _ := e.Slot(it.Key)
					if owner[j] == s && (own.Name == sig.Name || own.Name == sig.PartOf) {
						continue
					}
					others = append(others, it)
				}
				d, err := e.Degradation(key, sat.System, others, m.N0DBWHz)
				if err != nil {
					t.Fatal(err)
				}
				if sig.PartOf != "" {
					// E5a/E5b: the other satellites' E5 holds the signal:
					// self is their share.
					self := 0.0
					for _, it := range others {
						whole, _, _ := e.Slot(it.Key)
						if whole.Name == sig.PartOf && it.System == sat.System {
							k, _ := e.KappaPerHz(key, it.Key)
							self += dbw(it.PowerDBW) * k
						}
					}
					d.SelfPerHz, d.SelfDB = self, 10*math.Log10(1+self/dbw(m.N0DBWHz))
				}
				cnt++
				sum += d.TotalDB
				if d.TotalDB > worst {
					worst = d.TotalDB
				}
				if s == got.Worst {
					for part, pair := range map[string][2]float64{"self": {got.SelfDB, d.SelfDB}, "intra": {got.IntraDB, d.IntraDB}, "inter": {got.InterDB, d.InterDB}, "total": {got.TotalDB, d.TotalDB}} {
						if math.Abs(pair[0]-pair[1]) > 1e-9 {
							t.Errorf("epoch %d %s worst sat %s: %s %.12f dB, by hand %.12f", k, name, sat.PRN, part, pair[0], pair[1])
						}
					}
				}
			}
			if got.Victims != cnt {
				t.Fatalf("epoch %d %s: %d victims, by hand %d", k, name, got.Victims, cnt)
			}
			if cnt == 0 {
				if got.Worst != -1 || !math.IsNaN(got.TotalDB) {
					t.Errorf("epoch %d %s: no victim but %+v", k, name, got)
				}
				continue
			}
			checked++
			if math.Abs(got.TotalDB-worst) > 1e-9 || math.Abs(got.MeanTotalDB-sum/float64(cnt)) > 1e-9 {
				t.Errorf("epoch %d %s: worst %.12f mean %.12f, by hand %.12f %.12f", k, name, got.TotalDB, got.MeanTotalDB, worst, sum/float64(cnt))
			}
			lin := func(db float64) float64 { return math.Pow(10, db/10) - 1 }
			if d := lin(got.IntraDB) + lin(got.InterDB) - lin(got.TotalDB); math.Abs(d) > 1e-12*math.Max(1, lin(got.TotalDB)) {
				t.Errorf("epoch %d %s: intra %v + inter %v ≠ total %v (Δ %v)", k, name, got.IntraDB, got.InterDB, got.TotalDB, d)
			}
			if got.SelfDB > got.IntraDB+1e-15 {
				t.Errorf("epoch %d %s: self %v > intra %v", k, name, got.SelfDB, got.IntraDB)
			}
		}
	}
	if checked < g.N*10 {
		t.Errorf("only %d victim epochs checked", checked)
	}
	// The sky is not trivial: B1C is degraded by GPS and Galileo, by more
	// than by BeiDou itself.
	b1c := eps[victimIndex(m, "B1C")]
	if !(b1c.InterDB > b1c.IntraDB && b1c.IntraDB > 0.05) {
		t.Errorf("B1C at the first epoch: %+v", b1c)
	}
}

// TestWorkersAndChunks: results are identical for 1 or 3 workers and any
// chunk length.
func TestWorkersAndChunks(t *testing.T) {
	m := fullModel(t)
	_, _, vis1, eps1 := realSky(t, m, sim.Exec{Workers: 1})
	for _, x := range []sim.Exec{{Workers: 3}, {Workers: 2, ChunkEpochs: 4}, {Workers: 1, ChunkEpochs: 1}} {
		_, _, vis, eps := realSky(t, m, x)
		for k := range vis1 {
			if vis[k] != vis1[k] {
				t.Fatalf("%+v: epoch %d visible %d vs %d", x, k, vis[k], vis1[k])
			}
		}
		for i := range eps1 {
			a, b := eps1[i], eps[i]
			if a.Victims != b.Victims || a.Worst != b.Worst || !same(a.TotalDB, b.TotalDB) || !same(a.MeanTotalDB, b.MeanTotalDB) || !same(a.IntraDB, b.IntraDB) || !same(a.InterDB, b.InterDB) {
				t.Fatalf("%+v: result %d differs: %+v vs %+v", x, i, b, a)
			}
		}
	}
}

func same(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestMapMatchesSite: a map cell's statistics equal the site series at its
// centre (SiteStats), for any number of workers and chunk length.
func TestMapMatchesSite(t *testing.T) {
	ds := builtinAll(t)
	sats := skySats(ds)
	m := fullModel(t)
	m.Victims = []string{"B1C"}
	g := orbit.EpochGrid{Start: start2026, Step: 30 * time.Minute, N: 13}
	grid := sim.GridSpec{CellDeg: 10, LatMinDeg: 30, LatMaxDeg: 60, LonMinDeg: 100, LonMaxDeg: 130}
	var maps []*DegradationMap
	for _, x := range []sim.Exec{{Workers: 1}, {Workers: 2, ChunkEpochs: 5}, {Workers: 4, ChunkEpochs: 1}} {
		dm, err := MapDegradation(context.Background(), ds.Propagator(dataset.PropagatorOptions{}), sats, g, grid, m, x)
		if err != nil {
			t.Fatal(err)
		}
		maps = append(maps, dm)
	}
	a := maps[0]
	for _, b := range maps[1:] {
		for c := range a.MeanTotalDB {
			if a.VictimEpochs[c] != b.VictimEpochs[c] || !same(a.MeanTotalDB[c], b.MeanTotalDB[c]) || !same(a.WorstTotalDB[c], b.WorstTotalDB[c]) || !same(a.MeanInterDB[c], b.MeanInterDB[c]) {
				t.Fatalf("cell %d differs between executions", c)
			}
		}
	}
	if a.NLat != 3 || a.NLon != 3 || a.LatDeg[0] != 35 || a.LonDeg[2] != 125 {
		t.Fatalf("grid %d×%d %v %v", a.NLat, a.NLon, a.LatDeg, a.LonDeg)
	}
	for _, c := range []int{0, 4, 8} {
		site := sim.Site{LatDeg: a.LatDeg[c/a.NLon], LonDeg: a.LonDeg[c%a.NLon]}
		var st SiteStats
		err := StreamSiteDegradation(context.Background(), ds.Propagator(dataset.PropagatorOptions{}), sats, g, site, m, sim.Exec{}, func(ch *SiteChunk) error { return st.Add(ch) })
		if err != nil {
			t.Fatal(err)
		}
		s := st.Summaries()[0]
		if s.VictimEpochs != a.VictimEpochs[c] || s.WorstTotalDB != a.WorstTotalDB[c] || math.Abs(s.MeanTotalDB-a.MeanTotalDB[c]) > 1e-12 ||
			math.Abs(s.MeanIntraDB-a.MeanIntraDB[c]) > 1e-12 || math.Abs(s.MeanInterDB-a.MeanInterDB[c]) > 1e-12 || math.Abs(s.MeanSelfDB-a.MeanSelfDB[c]) > 1e-12 {
			t.Errorf("cell %d: map %v/%v, site %+v", c, a.MeanTotalDB[c], a.WorstTotalDB[c], s)
		}
		if s.Epochs != g.N || !(s.MeanTotalDB > 0) || s.WorstSat < 0 || sats[s.WorstSat].System != ephemeris.BeiDou || s.WorstTotalDB < s.MeanTotalDB {
			t.Errorf("cell %d summary %+v", c, s)
		}
	}
}

// TestSiteStats checks the summary of a hand-made series.
func TestSiteStats(t *testing.T) {
	nan := math.NaN()
	mk := func(n int, total, intra, inter float64, worst int) VictimEpoch {
		if n == 0 {
			return VictimEpoch{Worst: -1, Degradation: Degradation{TotalDB: nan, IntraDB: nan, InterDB: nan, SelfDB: nan}, MeanTotalDB: nan}
		}
		return VictimEpoch{Victims: n, Worst: worst, Degradation: Degradation{TotalDB: total, IntraDB: intra, InterDB: inter, SelfDB: intra / 2}}
	}
	g := orbit.EpochGrid{Start: start2026, Step: time.Minute, N: 2}
	var st SiteStats
	c1 := &SiteChunk{Grid: g, K0: 0, Victims: []string{"A"}, Epochs: []VictimEpoch{mk(2, 1, 0.5, 0.6, 3), mk(0, 0, 0, 0, 0)}}
	c2 := &SiteChunk{Grid: g, K0: 2, Victims: []string{"A"}, Epochs: []VictimEpoch{mk(1, 3, 1, 2.5, 7), mk(1, 3, 2.9, 0.2, 9)}}
	for _, c := range []*SiteChunk{c1, c2} {
		if err := st.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	s := st.Summaries()[0]
	if s.Epochs != 4 || s.VictimEpochs != 3 || s.WorstTotalDB != 3 || s.WorstEpoch != 2 || s.WorstSat != 7 || s.WorstInterDB != 2.5 ||
		math.Abs(s.MeanTotalDB-7.0/3) > 1e-15 || s.MaxIntraDB != 2.9 || s.MaxInterDB != 2.5 || math.Abs(s.MeanSelfDB-4.4/6) > 1e-15 {
		t.Errorf("summary %+v", s)
	}
	if err := st.Add(c1); err == nil {
		t.Error("a chunk out of order was accepted")
	}
	var empty SiteStats
	if err := empty.Add(&SiteChunk{Grid: g, Victims: []string{"A"}, Epochs: []VictimEpoch{mk(0, 0, 0, 0, 0), mk(0, 0, 0, 0, 0)}}); err != nil {
		t.Fatal(err)
	}
	if s := empty.Summaries()[0]; !math.IsNaN(s.MeanTotalDB) || !math.IsNaN(s.WorstTotalDB) || s.WorstSat != -1 || s.VictimEpochs != 0 {
		t.Errorf("no victim: %+v", s)
	}
}

// TestSkyErrors: bad models and arguments are errors, never panics.
func TestSkyErrors(t *testing.T) {
	eph, g := placed([]simtest.AzEl{{System: ephemeris.GLONASS, AzDeg: 30, ElDeg: 60}})
	sats := []SkySat{{System: ephemeris.GLONASS, Channel: 1, HasChannel: true}}
	good := fullModel(t)
	cases := []struct {
		name string
		edit func(m *SkyModel)
		sats []SkySat
		want string
	}{
		{"no evaluator", func(m *SkyModel) { m.Evaluator = nil }, sats, "no evaluator"},
		{"NaN N0", func(m *SkyModel) { m.N0DBWHz = math.NaN() }, sats, "noise density"},
		{"no victim", func(m *SkyModel) { m.Victims = nil }, sats, "no victim"},
		{"unknown victim", func(m *SkyModel) { m.Victims = []string{"X1"} }, sats, "victim \"X1\""},
		{"victim twice", func(m *SkyModel) { m.Victims = []string{"B1C", "B1C"} }, sats, "twice"},
		{"E5a transmitted", func(m *SkyModel) { m.Transmit = map[ephemeris.System][]string{ephemeris.Galileo: {"E5a"}} }, sats, "part of E5"},
		{"unknown transmitted", func(m *SkyModel) { m.Transmit = map[ephemeris.System][]string{ephemeris.Galileo: {"E7"}} }, sats, "\"E7\""},
		{"power of unknown", func(m *SkyModel) { m.PowerDBW = map[string]float64{"E7": -150} }, sats, "power given for"},
		{"infinite power", func(m *SkyModel) { m.PowerDBW = map[string]float64{"B1C": math.Inf(1)} }, sats, "not finite"},
		{"bad mask", func(m *SkyModel) { m.Mask = sim.Mask{ElevationDeg: 95} }, sats, "mask"},
		{"channel out of range", func(m *SkyModel) {}, []SkySat{{System: ephemeris.GLONASS, Channel: 9, HasChannel: true}}, "channel 9"},
		{"sat count", func(m *SkyModel) {}, append(sats, sats...), "satellite descriptions"},
	}
	for _, tc := range cases {
		m := good
		tc.edit(&m)
		err := StreamSiteDegradation(context.Background(), eph, tc.sats, g, beijing, m, sim.Exec{}, func(*SiteChunk) error { return nil })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	m := good
	if _, err := MapDegradation(context.Background(), eph, sats, g, sim.GlobalGrid(30), m, sim.Exec{}); err == nil || !strings.Contains(err.Error(), "one victim") {
		t.Errorf("map with many victims: %v", err)
	}
	m.Victims = []string{"L1OF"}
	if _, err := MapDegradation(context.Background(), eph, sats, g, sim.GridSpec{CellDeg: 7}, m, sim.Exec{}); err == nil {
		t.Error("bad grid accepted")
	}
	if err := StreamSiteDegradation(context.Background(), eph, sats, g, sim.Site{LatDeg: 95}, good, sim.Exec{}, func(*SiteChunk) error { return nil }); err == nil {
		t.Error("bad site accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := MapDegradation(ctx, eph, sats, g, sim.GlobalGrid(30), m, sim.Exec{}); err == nil {
		t.Error("cancelled map ran")
	}
}

// TestSkyCost: memory is O(satellites × chunk + receivers), work
// receivers × epochs.
func TestSkyCost(t *testing.T) {
	a := SkyCost(100, 1, 1441, 19, sim.Exec{})
	b := SkyCost(100, 1, 14401, 19, sim.Exec{})
	if a.ReceiverEpochs != 1441 || a.SatelliteEpochs != 144100 || b.Bytes != SkyCost(100, 1, 100000, 19, sim.Exec{}).Bytes || b.Bytes > 10<<20 {
		t.Errorf("costs %+v %+v", a, b)
	}
	if m := SkyCost(100, 64800, 1441, 1, sim.Exec{}); m.ReceiverEpochs != 64800*1441 || m.Bytes < 64800*48 {
		t.Errorf("map cost %+v", m)
	}
}
