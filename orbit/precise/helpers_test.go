package precise

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/ephemeris/sp3"
	"github.com/gnssim/gnssim/orbit"
)

// The real products of 2020-06-25, kept with the SP3 reader's test data.
const (
	fileIAC    = "Sta21114.sp3.gz"                           // SP3-d, IAC, 2020-06-25 00:00 to 06-26 00:00 GPST, 97 epochs
	fileGRG176 = "GRG0MGXFIN_20201760000_01D_15M_ORB.SP3.gz" // SP3-c, CNES/CLS, 2020-06-24, 96 epochs
	fileGRG177 = "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz" // SP3-c, CNES/CLS, 2020-06-25, 96 epochs
)

var sp3Dir = filepath.Join("..", "..", "ephemeris", "sp3", "testdata")

func loadSP3(t testing.TB, name string) *sp3.File {
	t.Helper()
	f, err := sp3.ReadFile(filepath.Join(sp3Dir, name), sp3.Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func newSource(t testing.TB, opt Options, files ...*sp3.File) *Source {
	t.Helper()
	s, err := New(files, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sp3Text returns the decompressed text of a real file, split into its
// header (up to the first epoch record) and its epoch blocks (each an
// epoch record and its records, with line feeds; EOF removed).
func sp3Text(t testing.TB, name string) (header string, blocks []string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sp3Dir, name))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	i := strings.Index(text, "\n*")
	header, body := text[:i+1], strings.TrimSuffix(strings.TrimRight(text[i+1:], "\n"), "EOF")
	for _, b := range strings.SplitAfter(body, "\n") {
		if strings.HasPrefix(b, "*") {
			blocks = append(blocks, b)
		} else if b != "" {
			blocks[len(blocks)-1] += b
		}
	}
	return header, blocks
}

// readText parses SP3 text leniently (subsets have a header that no longer
// matches their epochs: those problems are expected).
func readText(t testing.TB, name, text string) *sp3.File {
	t.Helper()
	f, err := sp3.Read(name, strings.NewReader(text), sp3.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// subset returns a File with the epoch blocks [a, b) of a real file, with
// block `drop` left out if it is in range.
func subset(t testing.TB, name string, a, b, drop int) *sp3.File {
	t.Helper()
	header, blocks := sp3Text(t, name)
	var sb strings.Builder
	sb.WriteString(header)
	for k := a; k < b; k++ {
		if k != drop {
			sb.WriteString(blocks[k])
		}
	}
	sb.WriteString("EOF\n")
	return readText(t, name+"[subset]", sb.String())
}

// slowLagrange is the textbook Lagrange interpolation on arbitrary
// abscissae, written independently of the production code (quotients per
// factor, no precomputation): the reference of the leave-one-out tests.
func slowLagrange(ts []float64, xs [][3]float64, t float64) [3]float64 {
	var out [3]float64
	for j := range ts {
		l := 1.0
		for m := range ts {
			if m != j {
				l *= (t - ts[m]) / (ts[j] - ts[m])
			}
		}
		for a := 0; a < 3; a++ {
			out[a] += l * xs[j][a]
		}
	}
	return out
}

func dist(a, b [3]float64) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return math.Sqrt(dx*dx + dy*dy + dz*dz)
}

// stat accumulates RMS and maximum of distances.
type stat struct {
	ss, max float64
	n       int
	worst   string
}

func (s *stat) add(d float64, label string) {
	s.ss += d * d
	s.n++
	if d > s.max {
		s.max, s.worst = d, label
	}
}

func (s *stat) rms() float64 {
	if s.n == 0 {
		return 0
	}
	return math.Sqrt(s.ss / float64(s.n))
}

// eccentric reports the two Galileo satellites launched into the wrong,
// eccentric orbit (e ≈ 0.16; GSAT0201 and GSAT0202, E18 and E14), whose
// perigee passages are the hardest case for interpolation.
func eccentric(prn string) bool { return prn == "E14" || prn == "E18" }

// group names the statistics group of a satellite.
func group(s Satellite) string {
	if eccentric(s.PRN) {
		return "Galileo E14/E18"
	}
	return s.System.Title()
}

// synthetic builds a Source on a regular grid without files: nsat
// satellites G01.., nodes epochs from the reading t0 in scale, values from
// f(sat, node).
func synthetic(t0 time.Time, h time.Duration, nodes, points, nsat int, scale orbit.TimeScale, f func(sat, j int) [3]float64) *Source {
	s := &Source{t0: t0, h: h, nodes: nodes, points: points, scale: scale, index: map[string]int{}}
	switch scale {
	case orbit.GPST:
		s.ts = sp3.TimeGPS
	case orbit.BDT:
		s.ts = sp3.TimeBDT
	case orbit.TAI:
		s.ts = sp3.TimeTAI
	default:
		s.ts = sp3.TimeUTC
	}
	for i := 0; i < nsat; i++ {
		id := sp3.SatID{System: ephemeris.GPS, PRN: i + 1}
		s.sats = append(s.sats, Satellite{ID: id, System: id.System, PRN: id.String()})
		s.index[id.String()] = i
	}
	s.pos = make([]float64, nsat*nodes*3)
	for sat := 0; sat < nsat; sat++ {
		for j := 0; j < nodes; j++ {
			p := f(sat, j)
			copy(s.pos[(sat*nodes+j)*3:], p[:])
		}
	}
	s.finish()
	return s
}
