package precise

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
)

// poly is a polynomial in the fractional node index u, scaled so that its
// terms are of comparable size over [0, nodes−1] (values of order 10⁴ km,
// like GNSS positions).
type poly struct {
	c     []float64
	scale float64 // u is divided by scale before the powers
}

func (p poly) at(u float64) float64 {
	x, v := u/p.scale, 0.0
	for i := len(p.c) - 1; i >= 0; i-- {
		v = v*x + p.c[i]
	}
	return v
}

func (p poly) deriv(u float64) float64 {
	x, v := u/p.scale, 0.0
	for i := len(p.c) - 1; i >= 1; i-- {
		v = v*x + float64(i)*p.c[i]
	}
	return v / p.scale
}

func randPoly(r *rand.Rand, degree int, scale float64) poly {
	c := make([]float64, degree+1)
	for i := range c {
		c[i] = 2e4 * (r.Float64() - 0.5)
	}
	return poly{c: c, scale: scale}
}

// TestPolynomialExact: Lagrange interpolation through n points reproduces a
// polynomial of degree < n exactly, up to rounding. The bound: the node
// values carry float64 rounding (1.1e-16 relative) and the Lebesgue
// constant of 10 equispaced nodes is below 30 (≈ 2ⁿ/(e·n·ln n), Trefethen,
// Approximation Theory and Approximation Practice, ch. 15), so 1e-12 of the
// values' size leaves two orders of magnitude of margin for the positions;
// the derivative weights are larger by up to n² (Markov's inequality), so
// 1e-10 of the values' or derivatives' size for the velocities. A polynomial of degree n is not reproduced: the
// node polynomial ω(u) = Π (u − j) over one window vanishes at the window's
// nodes, so its interpolant there is 0 while ω itself is not (the test has
// teeth).
func TestPolynomialExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC) // GPST reading
	const nodes = 60
	h := 15 * time.Minute
	for _, points := range []int{2, 4, 8, 10, 12, 20} {
		for degree := 0; degree < points; degree += max(1, points/4) {
			var ps [3]poly
			for a := range ps {
				ps[a] = randPoly(r, degree, nodes)
			}
			src := synthetic(t0, h, nodes, points, 1, orbit.GPST, func(_, j int) [3]float64 {
				return [3]float64{ps[0].at(float64(j)), ps[1].at(float64(j)), ps[2].at(float64(j))}
			})
			var size, dsize float64
			for u := 0.0; u <= nodes-1; u += 0.25 {
				for a := range ps {
					size = math.Max(size, math.Abs(ps[a].at(u)))
					dsize = math.Max(dsize, math.Abs(ps[a].deriv(u)))
				}
			}
			var worst, dworst float64
			for i := 0; i < 1000; i++ {
				// GPST = UTC + 18 s in 2020: the reading is the UTC instant + 18 s.
				off := time.Duration(r.Int64N(int64(nodes-1) * int64(h)))
				utc := t0.Add(off - 18*time.Second)
				u := float64(off) / float64(h)
				pos, vel, ok := src.State(0, utc)
				p2, ok2 := src.Position(0, utc)
				if !ok || !ok2 || pos != p2 {
					t.Fatalf("points %d: State %v %v, Position %v %v", points, pos, ok, p2, ok2)
				}
				for a := range ps {
					worst = math.Max(worst, math.Abs(pos[a]-ps[a].at(u)))
					dworst = math.Max(dworst, math.Abs(vel[a]*h.Seconds()-ps[a].deriv(u)))
				}
			}
			if worst > 1e-12*size || dworst > 1e-10*math.Max(dsize, size) {
				t.Errorf("%d points, degree %d: error %.3g (%.3g of size), derivative %.3g (%.3g)", points, degree, worst, worst/size, dworst, dworst/dsize)
			}
		}
		// Teeth: ω(u) = Π_{j=20}^{20+points−1} (u − j), degree = points.
		omega := func(u float64) float64 {
			v := 1.0
			for j := 20; j < 20+points; j++ {
				v *= u - float64(j)
			}
			return v
		}
		src := synthetic(t0, h, nodes, points, 1, orbit.GPST, func(_, j int) [3]float64 {
			v := omega(float64(j))
			return [3]float64{v, v, v}
		})
		mid := 20 + points/2 - 1 // the interval whose window is nodes 20..20+points−1
		utc := t0.Add(time.Duration(mid)*h + h/2 - 18*time.Second)
		got, _ := src.Position(0, utc)
		if want := omega(float64(mid) + 0.5); got[0] != 0 || math.Abs(want) < 0.1 {
			t.Errorf("%d points, degree-%d ω: interpolated %v (want 0), ω = %v", points, points, got[0], want)
		}
	}
}

// TestTabulatedExact: at every tabulated epoch of the real files the
// interpolated position is the tabulated one, bit for bit, through every
// path (Position, State, FillGrid, FillBatch).
func TestTabulatedExact(t *testing.T) {
	for _, name := range []string{fileIAC, fileGRG177} {
		f := loadSP3(t, name)
		src := newSource(t, Options{}, f)
		n := len(f.Epochs)
		grid := orbit.EpochGrid{Start: f.EpochsUTC[0], Step: 15 * time.Minute, N: n}
		x, y, z := make([]float64, n), make([]float64, n), make([]float64, n)
		sats := make([]int, len(src.Satellites()))
		for i := range sats {
			sats[i] = i
		}
		b := orbit.NewBatch(len(sats), n, true)
		if err := src.FillBatch(b, sats, grid); err != nil {
			t.Fatal(err)
		}
		checked := 0
		for sat, s := range src.Satellites() {
			fi := f.SatIndex(s.ID)
			if _, err := src.FillGrid(sat, grid, x, y, z); err != nil {
				t.Fatal(err)
			}
			for k := 0; k < n; k++ {
				want := f.Position(fi, k)
				p, ok := src.Position(sat, f.EpochsUTC[k])
				ps, _, _ := src.State(sat, f.EpochsUTC[k])
				e := b.Index(sat, k)
				if !ok || p != want || ps != want || [3]float64{x[k], y[k], z[k]} != want || [3]float64{b.X[e], b.Y[e], b.Z[e]} != want || b.Status[e] != orbit.StatusOK {
					t.Fatalf("%s %s epoch %d: %v %v, want %v", name, s.PRN, k, p, ok, want)
				}
				checked++
			}
		}
		t.Logf("%s: %d tabulated positions reproduced exactly", name, checked)
	}
}

// TestSlowPath compares the production interpolation at random instants of
// the real IAC file with the independent textbook Lagrange formula on the
// same ten nodes. Both are the same polynomial; the bound 1e-9 km (1 µm)
// covers float64 rounding of 3·10⁴ km values (≈ 4e-12 km) times the
// Lebesgue constant (< 30) with margin.
func TestSlowPath(t *testing.T) {
	f := loadSP3(t, fileIAC)
	src := newSource(t, Options{}, f)
	r := rand.New(rand.NewPCG(3, 4))
	start, end := src.Span()
	worst := 0.0
	for i := 0; i < 3000; i++ {
		sat := r.IntN(len(src.Satellites()))
		tt := start.Add(time.Duration(r.Int64N(int64(end.Sub(start)) + 1)))
		got, ok := src.Position(sat, tt)
		if !ok {
			t.Fatalf("no position at %v", tt)
		}
		// Independent window choice: the interval [k, k+1) holding tt, then
		// 4 nodes before k and 5 after it, shifted inside [0, 96].
		sec := tt.Sub(start).Seconds()
		k := int(math.Floor(sec / 900))
		a := min(max(k-4, 0), len(f.Epochs)-10)
		var ts []float64
		var xs [][3]float64
		for j := a; j < a+10; j++ {
			ts = append(ts, float64(j)*900)
			xs = append(xs, src.NodePosition(sat, j))
		}
		want := slowLagrange(ts, xs, sec)
		worst = math.Max(worst, dist(got, want))
	}
	if worst > 1e-9 {
		t.Errorf("production vs textbook Lagrange: %.3g km", worst)
	}
	t.Logf("production vs textbook Lagrange: max %.2g km over 3000 random queries", worst)
}

// TestNoExtrapolation: nothing before the first or after the last epoch.
func TestNoExtrapolation(t *testing.T) {
	src := newSource(t, Options{}, loadSP3(t, fileGRG177))
	start, end := src.Span()
	// GRG's 2020-06-25 00:00:00 and 23:45:00 GPST are 18 s earlier in UTC.
	if !start.Equal(time.Date(2020, 6, 24, 23, 59, 42, 0, time.UTC)) || !end.Equal(time.Date(2020, 6, 25, 23, 44, 42, 0, time.UTC)) {
		t.Fatalf("span %v to %v", start, end)
	}
	for _, tc := range []struct {
		t  time.Time
		ok bool
	}{
		{start.Add(-time.Nanosecond), false}, {start, true}, {end, true}, {end.Add(time.Nanosecond), false},
		{time.Time{}, false}, {time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), false}, {start.Add(-100 * 365 * 24 * time.Hour), false},
	} {
		p, ok := src.Position(0, tc.t)
		_, v, ok2 := src.State(0, tc.t)
		if ok != tc.ok || ok2 != tc.ok || math.IsNaN(p[0]) == tc.ok || math.IsNaN(v[0]) == tc.ok {
			t.Errorf("%v: %v %v %v", tc.t, p, ok, ok2)
		}
	}
	// A grid from 1 h before to 1 h after the span, at 60 s.
	grid := orbit.EpochGrid{Start: start.Add(-time.Hour), Step: time.Minute, N: 24*60 + 120}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	n, err := src.FillGrid(0, grid, x, y, z)
	if err != nil {
		t.Fatal(err)
	}
	if want := 23*60 + 45 + 1; n != want { // 00:00 to 23:45 inclusive, per minute
		t.Errorf("%d epochs with a position, want %d", n, want)
	}
	if !math.IsNaN(x[59]) || math.IsNaN(x[60]) || math.IsNaN(x[60+1425]) || !math.IsNaN(x[60+1426]) {
		t.Error("grid edges")
	}
	if _, ok := src.Position(-1, start); ok {
		t.Error("satellite -1")
	}
	if _, _, ok := src.State(len(src.Satellites()), start); ok {
		t.Error("satellite out of range")
	}
}

// TestGapsSynthetic: a missing node makes exactly the queries whose window
// holds it unavailable, and Gaps lists exactly those ranges.
func TestGapsSynthetic(t *testing.T) {
	t0 := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC) // UTC-labelled source
	h := 15 * time.Minute
	const nodes = 40
	nan := math.NaN()
	src := synthetic(t0, h, nodes, 10, 5, orbit.UTC, func(sat, j int) [3]float64 {
		missing := (sat == 0 && j == 20) || (sat == 1 && j == 0) || (sat == 2 && j == nodes-1) || sat == 3
		if missing {
			return [3]float64{nan, nan, nan}
		}
		return [3]float64{20000 + float64(j), 1000, 3000}
	})
	at := func(j int) time.Time { return t0.Add(time.Duration(j) * h) }
	last := at(nodes - 1)
	// Window of the interval [j, j+1) for 10 points: nodes j−4 .. j+5,
	// shifted into [0, 39]. Node 20 is in the windows of intervals 15..24;
	// node 0 in those of 0..4; node 39 in those of 34..38 and the last node.
	want := []Gap{
		{Sat: 0, PRN: "G01", Start: at(15), End: at(25), Missing: 1},
		{Sat: 1, PRN: "G02", Start: at(0), End: at(5), Missing: 1},
		{Sat: 2, PRN: "G03", Start: at(34), End: last, Missing: 1},
		{Sat: 3, PRN: "G04", Start: at(0), End: last, Missing: nodes},
	}
	got := src.Gaps()
	if len(got) != len(want) {
		t.Fatalf("gaps %+v", got)
	}
	for i := range want {
		if got[i].Sat != want[i].Sat || got[i].PRN != want[i].PRN || !got[i].Start.Equal(want[i].Start) || !got[i].End.Equal(want[i].End) || got[i].Missing != want[i].Missing {
			t.Errorf("gap %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	ns := time.Nanosecond
	for _, tc := range []struct {
		sat int
		t   time.Time
		ok  bool
	}{
		{0, at(15).Add(-ns), true}, {0, at(15), false}, {0, at(20), false}, {0, at(25).Add(-ns), false}, {0, at(25), true},
		{1, at(0), false}, {1, at(5).Add(-ns), false}, {1, at(5), true},
		{2, at(34).Add(-ns), true}, {2, at(34), false}, {2, last, false},
		{3, at(10), false}, {4, at(0), true}, {4, last, true},
	} {
		if p, ok := src.Position(tc.sat, tc.t); ok != tc.ok || math.IsNaN(p[0]) == tc.ok {
			t.Errorf("sat %d at %v: %v %v, want ok=%v", tc.sat, tc.t, p, ok, tc.ok)
		}
	}
	// FillGrid agrees, at every minute.
	grid := orbit.EpochGrid{Start: t0, Step: time.Minute, N: (nodes-1)*15 + 1}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	for sat := range src.Satellites() {
		n, _ := src.FillGrid(sat, grid, x, y, z)
		unavailable := 0
		for k := range x {
			p, ok := src.Position(sat, grid.Time(k))
			if ok == math.IsNaN(x[k]) || (ok && p != [3]float64{x[k], y[k], z[k]}) {
				t.Fatalf("sat %d epoch %d: FillGrid %v, Position %v", sat, k, x[k], p)
			}
			if !ok {
				unavailable++
			}
		}
		if n+unavailable != grid.N {
			t.Errorf("sat %d: count %d + %d != %d", sat, n, unavailable, grid.N)
		}
	}
}

// TestGapReal removes the 12:00 epoch of the IAC file: every satellite has a
// gap over the ten intervals whose window holds 12:00, and nothing else.
func TestGapReal(t *testing.T) {
	f := subset(t, fileIAC, 0, 97, 48)
	src := newSource(t, Options{}, f)
	if src.Nodes() != 97 {
		t.Fatalf("%d nodes", src.Nodes())
	}
	gaps := src.Gaps()
	if len(gaps) != len(src.Satellites()) {
		t.Fatalf("%d gaps for %d satellites", len(gaps), len(src.Satellites()))
	}
	for _, g := range gaps {
		if !g.Start.Equal(src.NodeTime(43)) || !g.End.Equal(src.NodeTime(53)) || g.Missing != 1 {
			t.Errorf("%+v", g)
		}
	}
	if _, ok := src.Position(0, src.NodeTime(48)); ok {
		t.Error("position at the removed epoch")
	}
	if p, ok := src.Position(0, src.NodeTime(53)); !ok || p != src.NodePosition(0, 53) {
		t.Error("position after the gap")
	}
}

// TestTimeSystemConversion: the same data labelled in another time system
// moves in UTC by the difference of the systems (GPST − BDT = 14 s; GLO and
// UTC files are UTC), bit for bit.
func TestTimeSystemConversion(t *testing.T) {
	header, blocks := sp3Text(t, fileGRG177)
	text := header + strings.Join(blocks, "") + "EOF\n"
	gps := newSource(t, Options{}, readText(t, "gps", text))
	for _, tc := range []struct {
		code  string
		shift time.Duration // UTC of the same reading, relative to the GPS-labelled file
	}{
		{"BDT", 14 * time.Second}, {"UTC", 18 * time.Second}, {"GLO", 18 * time.Second}, {"TAI", -19 * time.Second}, {"GAL", 0}, {"QZS", 0},
	} {
		other := newSource(t, Options{}, readText(t, tc.code, strings.Replace(text, "%c M  cc GPS", "%c M  cc "+tc.code, 1)))
		a, _ := gps.Span()
		b, _ := other.Span()
		if b.Sub(a) != tc.shift {
			t.Errorf("%s: span starts %v after the GPS one, want %v", tc.code, b.Sub(a), tc.shift)
		}
		for _, off := range []time.Duration{0, 7 * time.Minute, 5*time.Hour + 3*time.Second, 23*time.Hour + 40*time.Minute} {
			p, ok := gps.Position(5, a.Add(off))
			q, ok2 := other.Position(5, b.Add(off))
			if !ok || !ok2 || p != q {
				t.Errorf("%s at +%v: %v vs %v", tc.code, off, p, q)
			}
		}
	}
}

// TestLeapSecondGrid: a grid across the leap second at the end of
// 2016-12-31 takes the per-epoch conversion path and agrees with Position,
// and the readings it interpolates at are UTC + 17 s before and UTC + 18 s
// after the leap second (GPST).
func TestLeapSecondGrid(t *testing.T) {
	t0 := time.Date(2016, 12, 31, 12, 0, 0, 0, time.UTC) // GPST reading
	h := 15 * time.Minute
	p := poly{c: []float64{20000, 3000, -500, 40}, scale: 96}
	src := synthetic(t0, h, 97, 10, 1, orbit.GPST, func(_, j int) [3]float64 {
		v := p.at(float64(j))
		return [3]float64{v, v, v}
	})
	grid := orbit.EpochGrid{Start: time.Date(2016, 12, 31, 23, 59, 0, 0, time.UTC), Step: 10 * time.Second, N: 13}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	if n, err := src.FillGrid(0, grid, x, y, z); err != nil || n != grid.N {
		t.Fatal(n, err)
	}
	for k := 0; k < grid.N; k++ {
		utc := grid.Time(k)
		q, _ := src.Position(0, utc)
		if q[0] != x[k] {
			t.Errorf("epoch %d: FillGrid %v, Position %v", k, x[k], q[0])
		}
		leap := 17 * time.Second
		if !utc.Before(time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)) {
			leap = 18 * time.Second
		}
		u := float64(utc.Add(leap).Sub(t0)) / float64(h)
		if d := math.Abs(x[k] - p.at(u)); d > 1e-9 {
			t.Errorf("epoch %d (%v): %v, want %v (reading UTC + %v)", k, utc, x[k], p.at(u), leap)
		}
	}
}

// TestBatch: FillBatch equals Position and State element by element (bit
// for bit), marks unavailable elements, and checks its arguments.
func TestBatch(t *testing.T) {
	src := newSource(t, Options{}, subset(t, fileIAC, 0, 97, 30))
	start, _ := src.Span()
	grid := orbit.EpochGrid{Start: start.Add(-10 * time.Minute), Step: 97 * time.Second, N: 900}
	sats := []int{3, 0, 7, 120, 50}
	for _, withVel := range []bool{false, true} {
		b := orbit.NewBatch(len(sats), grid.N, withVel)
		if err := src.FillBatch(b, sats, grid); err != nil {
			t.Fatal(err)
		}
		bad := 0
		for i, sat := range sats {
			for k := 0; k < grid.N; k++ {
				e := b.Index(i, k)
				pos, vel, ok := src.State(sat, grid.Time(k))
				if [3]float64{b.X[e], b.Y[e], b.Z[e]} != pos && ok {
					t.Fatalf("sat %d epoch %d position", sat, k)
				}
				if withVel && ok && [3]float64{b.VX[e], b.VY[e], b.VZ[e]} != vel {
					t.Fatalf("sat %d epoch %d velocity", sat, k)
				}
				if ok != (b.Status[e] == orbit.StatusOK) || (!ok && !math.IsNaN(b.X[e])) {
					t.Fatalf("sat %d epoch %d status %d ok %v", sat, k, b.Status[e], ok)
				}
				if !ok {
					bad++
				}
			}
		}
		// 7 epochs before the span (−10 min at 97 s), the gap of the removed
		// epoch 30 (ten 15-min intervals, ≈ 93 epochs), nothing after.
		if bad == 0 || bad > len(sats)*(7+95) {
			t.Errorf("%d unavailable elements", bad)
		}
	}
	b := orbit.NewBatch(2, 10, false)
	for _, tc := range []struct {
		b    *orbit.Batch
		sats []int
		grid orbit.EpochGrid
	}{
		{nil, []int{0, 1}, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}},
		{b, []int{0}, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}},
		{b, []int{0, 1}, orbit.EpochGrid{Start: start, Step: time.Second, N: 11}},
		{b, []int{0, 999}, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}},
		{b, []int{0, 1}, orbit.EpochGrid{Start: start, Step: -time.Second, N: 10}},
		{&orbit.Batch{NSat: 2, NEpoch: 10}, []int{0, 1}, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}},
		{&orbit.Batch{NSat: 2, NEpoch: 10, X: b.X, Y: b.Y, Z: b.Z, Status: b.Status, VX: b.X}, []int{0, 1}, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}},
	} {
		if err := src.FillBatch(tc.b, tc.sats, tc.grid); err == nil {
			t.Errorf("FillBatch(%v, %v) accepted", tc.sats, tc.grid.N)
		}
	}
	x := make([]float64, 10)
	if _, err := src.FillGrid(0, orbit.EpochGrid{Start: start, Step: time.Second, N: 11}, x, x, x); err == nil {
		t.Error("short slices accepted")
	}
	if _, err := src.FillGrid(-1, orbit.EpochGrid{Start: start, Step: time.Second, N: 10}, x, x, x); err == nil {
		t.Error("satellite -1 accepted")
	}
	if _, err := src.FillGrid(0, orbit.EpochGrid{N: -1}, x, x, x); err == nil {
		t.Error("bad grid accepted")
	}
}

// TestNoAllocations: the evaluation paths do not allocate.
func TestNoAllocations(t *testing.T) {
	src := newSource(t, Options{}, loadSP3(t, fileGRG177))
	start, _ := src.Span()
	grid := orbit.EpochGrid{Start: start, Step: 30 * time.Second, N: 500}
	x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
	b := orbit.NewBatch(3, grid.N, true)
	sats := []int{0, 10, 20}
	for name, fn := range map[string]func(){
		"Position":  func() { src.Position(3, start.Add(time.Hour)) },
		"State":     func() { src.State(3, start.Add(time.Hour)) },
		"FillGrid":  func() { src.FillGrid(3, grid, x, y, z) },
		"FillBatch": func() { src.FillBatch(b, sats, grid) },
	} {
		if a := testing.AllocsPerRun(20, fn); a != 0 {
			t.Errorf("%s: %v allocations per call", name, a)
		}
	}
}

// TestVelocity: State's velocity is the derivative of its position: a
// central difference over ±0.5 s agrees within 1e-8 km/s (the difference
// quotient's error, h²/24 times the third derivative, is below 1e-9 km/s
// for GNSS orbits; the rounding 2e-11 km / 1 s).
func TestVelocity(t *testing.T) {
	src := newSource(t, Options{}, loadSP3(t, fileIAC))
	start, end := src.Span()
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 500; i++ {
		sat := r.IntN(len(src.Satellites()))
		tt := start.Add(time.Second + time.Duration(r.Int64N(int64(end.Sub(start)-2*time.Second))))
		_, v, ok := src.State(sat, tt)
		a, ok1 := src.Position(sat, tt.Add(-500*time.Millisecond))
		b, ok2 := src.Position(sat, tt.Add(500*time.Millisecond))
		if !ok || !ok1 || !ok2 {
			t.Fatal("unavailable")
		}
		for k := 0; k < 3; k++ {
			if d := math.Abs(v[k] - (b[k] - a[k])); d > 1e-8 {
				t.Fatalf("%s at %v: velocity %v, difference quotient %v", src.Satellites()[sat].PRN, tt, v[k], b[k]-a[k])
			}
		}
		// Earth-fixed speeds of GNSS satellites: 1.5 to 4.5 km/s (GEO ~0 is
		// excluded by the lower bound only for MEO).
		if s := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2]); s > 4.5 {
			t.Fatalf("speed %v km/s", s)
		}
	}
}

// TestNewErrors: arguments New refuses.
func TestNewErrors(t *testing.T) {
	grg := loadSP3(t, fileGRG177)
	header, blocks := sp3Text(t, fileGRG177)
	bdt := readText(t, "bdt", strings.Replace(header, "%c M  cc GPS", "%c M  cc BDT", 1)+strings.Join(blocks, "")+"EOF\n")
	var every2 strings.Builder
	every2.WriteString(strings.Replace(header, "   900.00000000", "  1800.00000000", 1))
	for k := 0; k < len(blocks); k += 2 {
		every2.WriteString(blocks[k])
	}
	every2.WriteString("EOF\n")
	slow := readText(t, "1800s", every2.String())
	short := subset(t, fileGRG177, 0, 9, -1)
	for _, tc := range []struct {
		name  string
		files []*sp3.File
		opt   Options
		want  string
	}{
		{"no files", nil, Options{}, "no SP3 files"},
		{"nil file", []*sp3.File{grg, nil}, Options{}, "nil"},
		{"empty file", []*sp3.File{{Name: "empty"}}, Options{}, "no epochs"},
		{"odd points", []*sp3.File{grg}, Options{Points: 9}, "even"},
		{"too many points", []*sp3.File{grg}, Options{Points: 22}, "even"},
		{"one point", []*sp3.File{grg}, Options{Points: -2}, "even"},
		{"time systems", []*sp3.File{grg, bdt}, Options{}, "time system"},
		{"intervals", []*sp3.File{grg, slow}, Options{}, "interval"},
		{"too short", []*sp3.File{short}, Options{}, "fewer than the 10"},
	} {
		if _, err := New(tc.files, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %q", tc.name, err, tc.want)
		}
	}
	if s, err := New([]*sp3.File{short}, Options{Points: 8}); err != nil || s.Points() != 8 {
		t.Errorf("8 points on 9 epochs: %v", err)
	}
	// UTC-labelled epochs across the leap second at the end of 2016 are not
	// equispaced in time: refused.
	small, err := os.ReadFile(filepath.Join(sp3Dir, "sp3c-small.sp3"))
	if err != nil {
		t.Fatal(err)
	}
	leap := strings.NewReplacer(
		"%c M  cc GPS", "%c M  cc UTC",
		"#cP2020  6 25  0  0", "#cP2016 12 31 23 50",
		"*  2020  6 25  0  0", "*  2016 12 31 23 50",
		"*  2020  6 25  0  5", "*  2016 12 31 23 55",
		"*  2020  6 25  0 10", "*  2017  1  1  0  0",
		"*  2020  6 25  0 15", "*  2017  1  1  0  5",
	).Replace(string(small))
	if _, err := New([]*sp3.File{readText(t, "leap", leap)}, Options{Points: 2}); err == nil || !strings.Contains(err.Error(), "leap second") {
		t.Errorf("UTC file across a leap second: %v", err)
	}
}

// TestSourceAccessors covers the small accessors.
func TestSourceAccessors(t *testing.T) {
	src := newSource(t, Options{}, loadSP3(t, fileIAC))
	if src.Points() != DefaultPoints || src.Interval() != 15*time.Minute || src.TimeSystem() != sp3.TimeGPS || src.Frame() != "IGS14" || src.Nodes() != 97 {
		t.Error("accessors")
	}
	sats := src.Satellites()
	// System order GLONASS, BeiDou, GPS, Galileo, QZSS, then number.
	if sats[0].PRN != "R01" || sats[22].PRN != "C01" || sats[62].PRN != "G01" || sats[93].PRN != "E01" || sats[117].PRN != "J01" || len(sats) != 121 {
		t.Errorf("order %v %v %v %v %v", sats[0], sats[22], sats[62], sats[93], sats[117])
	}
	if src.Index("C19") < 0 || src.Satellites()[src.Index("C19")].PRN != "C19" || src.Index("X99") != -1 || src.Index(" R07 ") != src.Index("R07") {
		t.Error("Index")
	}
	if len(src.Gaps()) != 0 || len(src.Joins()) != 0 || len(src.Problems()) != 0 {
		t.Errorf("gaps %v joins %v problems %v", src.Gaps(), src.Joins(), src.Problems())
	}
	start, end := src.Span()
	if !src.NodeTime(0).Equal(start) || !src.NodeTime(96).Equal(end) || end.Sub(start) != 24*time.Hour {
		t.Error("NodeTime and Span")
	}
}

// TestHandBuiltFile: a File assembled by hand (epochs out of order, no
// records) gives a source whose every position is missing, not a panic.
func TestHandBuiltFile(t *testing.T) {
	t0 := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)
	var epochs []time.Time
	for k := 11; k >= 0; k-- {
		epochs = append(epochs, t0.Add(time.Duration(k)*15*time.Minute))
	}
	f := &sp3.File{Name: "hand", Header: sp3.Header{TimeSystem: sp3.TimeGPS, Interval: 15 * time.Minute,
		Satellites: []sp3.SatID{{System: 3, PRN: 1}}}, Epochs: epochs}
	src, err := New([]*sp3.File{f}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if src.Nodes() != 12 || len(src.Gaps()) != 1 || src.Gaps()[0].Missing != 12 {
		t.Fatalf("nodes %d gaps %+v", src.Nodes(), src.Gaps())
	}
	if _, ok := src.Position(0, t0.Add(time.Hour)); ok {
		t.Error("position without data")
	}
}

// TestConcurrentUse runs the evaluation paths from several goroutines on
// one Source (run with -race to check the documented goroutine safety).
func TestConcurrentUse(t *testing.T) {
	src := newSource(t, Options{}, loadSP3(t, fileGRG177))
	start, _ := src.Span()
	grid := orbit.EpochGrid{Start: start, Step: time.Minute, N: 300}
	want := orbit.NewBatch(4, grid.N, true)
	sats := []int{0, 5, 10, 70}
	if err := src.FillBatch(want, sats, grid); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			b := orbit.NewBatch(4, grid.N, true)
			x, y, z := make([]float64, grid.N), make([]float64, grid.N), make([]float64, grid.N)
			for rep := 0; rep < 5; rep++ {
				if err := src.FillBatch(b, sats, grid); err != nil {
					done <- err
					return
				}
				src.FillGrid(sats[g], grid, x, y, z)
				src.Position(sats[g], grid.Time(rep))
				for i := range b.X {
					if b.X[i] != want.X[i] || b.VZ[i] != want.VZ[i] {
						done <- errors.New("concurrent results differ")
						return
					}
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
