package accuracy_test

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/accuracy"
	"github.com/gnssim/gnssim/sim/simtest"
)

const deg = math.Pi / 180

// refOrbits are circular orbits of every class: GLONASS MEO (i = 64.8°),
// BeiDou GEO, IGSO (i = 55°) and MEO, and a GPS-like orbit, each with its
// rate fixed so that a perturbed copy moves at the same rate.
func refOrbits(grid orbit.EpochGrid) []simtest.CircularOrbit {
	all := append(simtest.GLONASS()[:2], simtest.BeiDou(simtest.GMST(grid))...)
	var out []simtest.CircularOrbit
	for _, o := range all {
		switch o.Sat.PRN {
		case "R01", "R02", "C01", "C02", "C06", "C19", "C30":
			out = append(out, o)
		}
	}
	out = append(out, simtest.CircularOrbit{Sat: sim.Satellite{System: ephemeris.GPS, PRN: "G05"}, AKm: 26560, IncDeg: 55, RAANDeg: 200, ArgLatDeg: 30})
	for i := range out {
		if out[i].RateRadS == 0 {
			out[i].RateRadS = math.Sqrt(simtest.MuKm3s2 / math.Pow(out[i].AKm, 3))
		}
	}
	return out
}

// racCase is a perturbation of a circular orbit with its exact difference
// in the RAC frame of the unperturbed orbit at argument of latitude u.
type racCase struct {
	name    string
	perturb func(o simtest.CircularOrbit) simtest.CircularOrbit
	want    func(o simtest.CircularOrbit, u float64) (r, a, c float64) // km
}

// The perturbations, with their closed forms. With the perturbed orbit at
// radius a' = a + δa, argument of latitude u + δu and inclination i + δi
// (same node), and the reference frame r̂ = (cos u) n̂ + (sin u) m̂,
// â = −(sin u) n̂ + (cos u) m̂, ĥ (n̂ the node direction, m̂ in-plane 90°
// ahead), the perturbed position is a'·((cos(u+δu)) n̂ + (sin(u+δu)) m̂'),
// m̂' = (cos δi) m̂ + (sin δi) ĥ, so:
//
//	R = a'(cos(u+δu) cos u + sin(u+δu) sin u cos δi) − a
//	A = a'(−cos(u+δu) sin u + sin(u+δu) cos u cos δi)
//	C = a' sin(u+δu) sin δi
var racCases = []racCase{
	{
		// A time offset τ = 2 ms along the orbit and a radius 1.5 m larger:
		// R = a' cos δu − a, A = a' sin δu, C = 0.
		name: "time offset and scale",
		perturb: func(o simtest.CircularOrbit) simtest.CircularOrbit {
			o.ArgLatDeg += o.RateRadS * 0.002 / deg
			o.AKm += 1.5e-3
			return o
		},
		want: func(o simtest.CircularOrbit, u float64) (float64, float64, float64) {
			du, ap := o.RateRadS*0.002, o.AKm+1.5e-3
			return ap*math.Cos(du) - o.AKm, ap * math.Sin(du), 0
		},
	},
	{
		// The orbital plane tilted by δi about the line of nodes, 10 m at
		// the orbit's highest point: a cross-track sine of the argument of
		// latitude.
		name: "inclination",
		perturb: func(o simtest.CircularOrbit) simtest.CircularOrbit {
			o.IncDeg += 0.010 / o.AKm / deg
			return o
		},
		want: func(o simtest.CircularOrbit, u float64) (float64, float64, float64) {
			di := 0.010 / o.AKm
			return o.AKm * math.Sin(u) * math.Sin(u) * (math.Cos(di) - 1),
				o.AKm * math.Sin(u) * math.Cos(u) * (math.Cos(di) - 1),
				o.AKm * math.Sin(u) * math.Sin(di)
		},
	},
	{
		// Everything at once: the general formula.
		name: "combined",
		perturb: func(o simtest.CircularOrbit) simtest.CircularOrbit {
			o.ArgLatDeg += 3e-7 / deg
			o.AKm -= 2e-3
			o.IncDeg += 2e-7 / deg
			return o
		},
		want: func(o simtest.CircularOrbit, u float64) (float64, float64, float64) {
			ap, du, di := o.AKm-2e-3, 3e-7, 2e-7
			return ap*(math.Cos(u+du)*math.Cos(u)+math.Sin(u+du)*math.Sin(u)*math.Cos(di)) - o.AKm,
				ap * (-math.Cos(u+du)*math.Sin(u) + math.Sin(u+du)*math.Cos(u)*math.Cos(di)),
				ap * math.Sin(u+du) * math.Sin(di)
		},
	},
}

// TestRACClosedForm: a source perturbed by a known along-track (time
// offset), radial (scale) and cross-track (inclination) amount gives, epoch
// by epoch (OnChunk), the closed-form split of the difference, for MEO,
// IGSO and GEO orbits and grid steps of 30 s to 15 min, in the interior of
// the day (five-point velocity stencil) and at its first and last two
// epochs (one-sided stencils). For Keplerian orbits the frame is exact
// whatever the stencil (see rac.go): what remains is rounding, the
// positions being km values with an ulp of 4e-9 m at GNSS radii; measured
// at most 1e-8 of |Δ| plus 4e-9 m. Tolerance: 1e-7 relative plus 2e-8 m.
func TestRACClosedForm(t *testing.T) {
	steps := []time.Duration{30 * time.Second, 5 * time.Minute, 15 * time.Minute}
	for _, tc := range racCases {
		for _, st := range steps {
			t.Run(fmt.Sprintf("%s/%v", tc.name, st), func(t *testing.T) {
				grid := orbit.EpochGrid{Start: time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), Step: st, N: int(24 * time.Hour / st)}
				ref := refOrbits(grid)
				pert := make([]simtest.CircularOrbit, len(ref))
				for i, o := range ref {
					pert[i] = tc.perturb(o)
				}
				a, b := simtest.Propagate(grid, ref), simtest.Propagate(grid, pert)
				worst := map[bool]float64{}
				check := func(ch *accuracy.Chunk) error {
					for p, pr := range ch.Pairs {
						o := ref[pr.A]
						for k := 0; k < ch.Grid.N; k++ {
							kk := ch.K0 + k
							u := o.ArgLatDeg*deg + o.RateRadS*st.Seconds()*float64(kk)
							wr, wa, wc := o2m(tc.want(o, u))
							i := p*ch.Grid.N + k
							size := math.Sqrt(wr*wr + wa*wa + wc*wc)
							errv := math.Max(math.Abs(ch.R[i]-wr), math.Max(math.Abs(ch.A[i]-wa), math.Abs(ch.C[i]-wc)))
							edge := kk < 2 || kk >= grid.N-2
							if !(errv <= 1e-7*size+2e-8) {
								t.Errorf("%s epoch %d: R A C = %.9f %.9f %.9f m, want %.9f %.9f %.9f", o.Sat.PRN, kk, ch.R[i], ch.A[i], ch.C[i], wr, wa, wc)
							}
							if d := math.Abs(ch.D3[i] - size); d > 1e-6 {
								t.Errorf("%s epoch %d: 3-D %.9f m, want %.9f", o.Sat.PRN, kk, ch.D3[i], size)
							}
							if size > 1e-3 {
								worst[edge] = math.Max(worst[edge], errv/size)
							}
						}
					}
					return nil
				}
				res, err := accuracy.Compare(context.Background(), a, b, grid, accuracy.Options{OnChunk: check})
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("relative error where |Δ| > 1 mm: interior %.1e, first/last two epochs %.1e", worst[false], worst[true])
				if res.Total.Compared != len(ref)*grid.N || res.Total.NoFrame != 0 {
					t.Errorf("counts %+v", res.Total.Counts)
				}
			})
		}
	}
}

func o2m(r, a, c float64) (float64, float64, float64) { return r * 1e3, a * 1e3, c * 1e3 }
