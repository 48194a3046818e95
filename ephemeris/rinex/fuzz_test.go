package rinex

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
)

// Fuzz properties:
//   - no panic, whatever the input (plain, gzip or bzip2 bytes);
//   - every problem is a *ephemeris.ParseError naming the file, with a
//     sentinel error, a line ≥ 0 and a column ≥ 0; Error and Detail work;
//   - every record is valid: satellite 1-99 of a known system, Keplerian
//     elements in range and t_oe consistent with week and seconds of week,
//     GLONASS/SBAS radius in range, finite numbers everywhere;
//   - strict mode reads the same records as lenient mode up to the first
//     problem.
//
// Seeds: the small fixtures of testdata/ (f.Add) and the corpus in
// testdata/fuzz/FuzzX/.

var fuzzFixtures = []string{"esbc-small.rnx", "esbc1770.20n", "esbc1770.20g", "esbc-v4.rnx", "v4-bad-records.rnx",
	"truncated-record.rnx", "missing-end-of-header.rnx", "orphan-lines.rnx"}

func FuzzRead(f *testing.F) {
	for _, name := range fuzzFixtures {
		data, err := os.ReadFile(testdata(name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.rnx"
		lenient, lerr := ReadAll(bytes.NewReader(data), Options{File: name})
		strict, serr := ReadAll(bytes.NewReader(data), Options{File: name, Strict: true})
		if lenient == nil {
			if lerr == nil {
				t.Fatal("nil file without error")
			}
			return
		}
		for _, p := range lenient.Problems {
			checkProblem(t, p, name)
		}
		for _, r := range lenient.Records {
			checkRecord(t, r)
		}
		if strict == nil {
			if len(lenient.Problems) == 0 {
				t.Fatalf("strict failed (%v) where lenient had no problem", serr)
			}
			return
		}
		if len(strict.Records) > len(lenient.Records) {
			t.Fatalf("strict read %d records, lenient %d", len(strict.Records), len(lenient.Records))
		}
		for i := range strict.Records {
			if strict.Records[i].Info().Line != lenient.Records[i].Info().Line {
				t.Fatalf("record %d: strict line %d, lenient line %d", i, strict.Records[i].Info().Line, lenient.Records[i].Info().Line)
			}
		}
		if len(lenient.Problems) == 0 && (len(strict.Records) != len(lenient.Records) || (serr == nil) != (lerr == nil)) {
			t.Fatalf("no problems, yet strict (%d, %v) differs from lenient (%d, %v)", len(strict.Records), serr, len(lenient.Records), lerr)
		}
		if len(lenient.Problems) > 0 && serr == nil {
			t.Fatal("strict mode ended without error despite a problem")
		}
	})
}

func checkProblem(t *testing.T, p *ephemeris.ParseError, name string) {
	t.Helper()
	if p == nil || p.Err == nil || p.File != name || p.Line < 0 || p.Column < 0 || p.Field == "" {
		t.Fatalf("bad problem %#v", p)
	}
	known := false
	for _, s := range []error{ephemeris.ErrSyntax, ephemeris.ErrRange, ephemeris.ErrMissingField, ephemeris.ErrLineLength, ErrUnsupported} {
		known = known || errors.Is(p, s)
	}
	if !known {
		t.Fatalf("problem without a sentinel: %v", p)
	}
	if !strings.Contains(p.Detail(), p.Error()) {
		t.Fatalf("Detail lacks Error: %q", p.Detail())
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func checkRecord(t *testing.T, r Record) {
	t.Helper()
	in := r.Info()
	if in.Line < 1 || in.Sat.System == ephemeris.SystemUnknown || in.Sat.PRN < 0 || in.Sat.PRN > 99 ||
		(in.Kind == KindEPH && in.Sat.PRN == 0) {
		t.Fatalf("bad record info %+v", in)
	}
	if o, ok := r.(interface{ Orbit() *Kepler }); ok {
		k := o.Orbit()
		if k.Ecc < 0 || k.Ecc >= 1 || k.SqrtA < 1000 || k.SqrtA > 20000 || k.Toe < 0 || k.Toe >= 604800 ||
			math.Abs(k.DeltaN) > 1e-6 || math.Abs(k.IDot) > 1e-6 || math.Abs(k.OmegaDot) > 1e-5 || math.Abs(k.ADot) > 100 ||
			!finite(k.Af0, k.Af1, k.Af2, k.Crs, k.DeltaN, k.M0, k.Cuc, k.Cus, k.Toe, k.Cic, k.Omega0, k.Cis, k.I0, k.Crc, k.Omega, k.OmegaDot, k.IDot, k.ADot, k.DeltaNDot) {
			t.Fatalf("bad Keplerian record %+v", r)
		}
		if !labelOfWeek(in.Sat.System, k.Week, k.Toe).Equal(k.ToeTime) {
			t.Fatalf("t_oe %v inconsistent with week %d + %v s", k.ToeTime, k.Week, k.Toe)
		}
	}
	if g, ok := r.(*GLONASSEph); ok {
		rad := math.Hypot(math.Hypot(g.Pos[0], g.Pos[1]), g.Pos[2])
		if rad <= 6378 || rad >= 100000 || g.FreqNum < -7 || g.FreqNum > 13 || !finite(g.Vel[0], g.Vel[1], g.Vel[2], g.Acc[0], g.Acc[1], g.Acc[2], g.ClockBias, g.GammaN) {
			t.Fatalf("bad GLONASS record %+v", g)
		}
	}
}

func FuzzParseFortran(f *testing.F) {
	for _, s := range []string{" 1.604342833161e-05", "-0.000000000000e+00", "  .999999999999e+09", "0.4657D-08", "1d3", "NaN", "1e400", "  "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := parseFortran(s)
		if !ok {
			return
		}
		if !finite(v) {
			t.Fatalf("parseFortran(%q) = %v", s, v)
		}
		// Independent reading: strconv after D → e.
		w, err := strconv.ParseFloat(strings.NewReplacer("D", "e", "d", "e").Replace(strings.Trim(s, " ")), 64)
		if err != nil || w != v {
			t.Fatalf("parseFortran(%q) = %v, strconv %v, %v", s, v, w, err)
		}
		// Round trip through the RINEX D19.12 layout: 13 significant
		// digits, so the value comes back within half a unit of the 13th
		// digit (relative 5e-13).
		txt := strings.Replace(strconv.FormatFloat(v, 'E', 12, 64), "E", "D", 1)
		back, ok := parseFortran(txt)
		if !ok || (v != 0 && math.Abs(back-v) > 5e-13*math.Abs(v)) || (v == 0 && back != 0) {
			t.Fatalf("round trip of %v via %q gave %v, %v", v, txt, back, ok)
		}
		// And exactly through the shortest representation.
		if back, ok := parseFortran(strconv.FormatFloat(v, 'e', -1, 64)); !ok || back != v {
			t.Fatalf("shortest round trip of %v gave %v", v, back)
		}
	})
}

func FuzzParseSatID(f *testing.F) {
	for _, s := range []string{"G05", "R 7", "C63", "X01", "G00", "E1x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, err := ParseSatID(s)
		if err != nil {
			return
		}
		if id.PRN < 1 || id.PRN > 99 || id.System == ephemeris.SystemUnknown {
			t.Fatalf("ParseSatID(%q) = %+v", s, id)
		}
		back, err := ParseSatID(id.String())
		if err != nil || back != id {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}
