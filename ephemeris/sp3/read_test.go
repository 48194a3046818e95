package sp3

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

// The real products of 2020-06-25 (see /work/shared/data/rinex/2020-06-25/
// SOURCES.md; copied unchanged, gzip): IAC's SP3-d and CNES/CLS's SP3-c.
const (
	fileIAC    = "Sta21114.sp3.gz"
	fileGRG176 = "GRG0MGXFIN_20201760000_01D_15M_ORB.SP3.gz"
	fileGRG177 = "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz"
)

func testdata(name string) string { return filepath.Join("testdata", name) }

func mustRead(t testing.TB, name string, opt Options) *File {
	t.Helper()
	f, err := ReadFile(testdata(name), opt)
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", name, err)
	}
	return f
}

// gunzip returns the decompressed content of a testdata file.
func gunzip(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(testdata(name))
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
	return data
}

func countBySystem(ids []SatID) map[string]int {
	m := map[string]int{}
	for _, id := range ids {
		m[id.System.Letter()]++
	}
	return m
}

// TestReadIAC checks the SP3-d file of IAC field by field against its text
// (header lines 1-2 and the first and last records, read by eye from the
// file) and its contents against SOURCES.md (97 epochs, BeiDou 40, GLONASS
// 22, Galileo 24, GPS 31, QZSS 4).
func TestReadIAC(t *testing.T) {
	f := mustRead(t, fileIAC, Options{Strict: true})
	h := f.Header
	if h.Version != 'd' || h.Velocities || h.NumEpochs != 97 || h.DataUsed != "__u+U" || h.CoordSystem != "IGS14" ||
		h.OrbitType != "FIT" || h.Agency != "IAC" {
		t.Errorf("line 1: %+v", h)
	}
	if !h.Start.Equal(time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("start %v", h.Start)
	}
	if h.GPSWeek != 2111 || h.SecondsOfWeek != 345600 || h.Interval != 15*time.Minute || h.MJD != 59025 || h.FracDay != 0 {
		t.Errorf("line 2: week %d sow %v interval %v mjd %d frac %v", h.GPSWeek, h.SecondsOfWeek, h.Interval, h.MJD, h.FracDay)
	}
	if h.TimeSystem != TimeGPS || h.FileType != "M" || h.PosBase != 1.25 || h.ClockBase != 1.025 {
		t.Errorf("%%c/%%f: %v %q %v %v", h.TimeSystem, h.FileType, h.PosBase, h.ClockBase)
	}
	if len(h.Comments) != 4 || !strings.HasPrefix(h.Comments[0], "INFORMATION & ANALYSIS CENTER (IAC)") {
		t.Errorf("comments %q", h.Comments)
	}
	want := map[string]int{"C": 40, "R": 22, "E": 24, "G": 31, "J": 4}
	got := countBySystem(h.Satellites)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s satellites: %d, want %d", k, got[k], v)
		}
	}
	if len(h.Satellites) != 121 || len(h.Accuracy) != 121 || h.Satellites[0].String() != "C01" || h.Satellites[120].String() != "R26" {
		t.Errorf("satellites %v", h.Satellites)
	}
	if len(f.Epochs) != 97 || len(f.EpochsUTC) != 97 {
		t.Fatalf("%d epochs", len(f.Epochs))
	}
	// GPS time = UTC + 18 s in 2020 (TAI − UTC = 37 s, GPST = TAI − 19 s).
	if !f.EpochsUTC[0].Equal(time.Date(2020, 6, 24, 23, 59, 42, 0, time.UTC)) ||
		!f.Epochs[96].Equal(time.Date(2020, 6, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("epochs %v (UTC %v) .. %v", f.Epochs[0], f.EpochsUTC[0], f.Epochs[96])
	}
	// "PC01 -34346.145771  24493.239073    626.704364   -387.166264"
	c01 := f.SatIndex(SatID{System: ephemeris.BeiDou, PRN: 1})
	if p := f.Position(c01, 0); p != [3]float64{-34346.145771, 24493.239073, 626.704364} || f.Clock(c01, 0) != -387.166264 {
		t.Errorf("C01 at epoch 0: %v %v", p, f.Clock(c01, 0))
	}
	// Last record: "PR26 -12699.804671   5258.967720  21500.325395   -392.016830"
	r26 := f.SatIndex(SatID{System: ephemeris.GLONASS, PRN: 26})
	if p := f.Position(r26, 96); p != [3]float64{-12699.804671, 5258.967720, 21500.325395} || f.Clock(r26, 96) != -392.016830 {
		t.Errorf("R26 at the last epoch: %v %v", p, f.Clock(r26, 96))
	}
	// 118 records carry the absent clock 999999.999999 (grep), with positions.
	missingClock, missingPos := 0, 0
	for k := range f.Epochs {
		rs := f.Records(k)
		if len(rs) != 121 {
			t.Fatalf("epoch %d: %d records", k, len(rs))
		}
		for _, r := range rs {
			if math.IsNaN(r.Clock) {
				missingClock++
			}
			if !r.HasPosition() {
				missingPos++
			}
		}
	}
	if missingClock != 118 || missingPos != 0 {
		t.Errorf("%d absent clocks (want 118), %d absent positions (want 0)", missingClock, missingPos)
	}
	if s := f.String(); !strings.Contains(s, "SP3-d IAC IGS14, 97 epochs") {
		t.Errorf("String: %s", s)
	}
}

// TestReadGRG checks the two SP3-c files of CNES/CLS.
func TestReadGRG(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start time.Time
		week  int
		sow   float64
		mjd   int
		acc   []int // first accuracy exponents, from the '++' line
	}{
		{fileGRG176, time.Date(2020, 6, 24, 0, 0, 0, 0, time.UTC), 2111, 259200, 59024, nil},
		{fileGRG177, time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC), 2111, 345600, 59025, []int{5, 5, 5, 4, 4, 5, 4, 4}},
	} {
		f := mustRead(t, tc.name, Options{Strict: true})
		h := f.Header
		if h.Version != 'c' || h.NumEpochs != 96 || h.CoordSystem != "IGb14" || h.Agency != "GRGS" || h.DataUsed != "TRACK" ||
			!h.Start.Equal(tc.start) || h.GPSWeek != tc.week || h.SecondsOfWeek != tc.sow || h.MJD != tc.mjd || h.TimeSystem != TimeGPS {
			t.Errorf("%s header %+v", tc.name, h)
		}
		if got := countBySystem(h.Satellites); got["E"] != 24 || got["R"] != 21 || got["G"] != 30 || len(h.Satellites) != 75 {
			t.Errorf("%s satellites %v", tc.name, got)
		}
		for i, a := range tc.acc {
			if h.Accuracy[i] != a {
				t.Errorf("%s accuracy[%d] = %d, want %d", tc.name, i, h.Accuracy[i], a)
			}
		}
		if len(f.Epochs) != 96 || !f.Epochs[95].Equal(tc.start.Add(95*15*time.Minute)) {
			t.Errorf("%s epochs %d", tc.name, len(f.Epochs))
		}
	}
}

// TestRealFilesSlowPath reads every P record of the real files a second
// way, independent of the column layout (whitespace-separated fields,
// strconv.ParseFloat), and requires the same values, missing-value
// conventions applied.
func TestRealFilesSlowPath(t *testing.T) {
	for _, name := range []string{fileIAC, fileGRG176, fileGRG177} {
		f := mustRead(t, name, Options{Strict: true})
		sc := bufio.NewScanner(bytes.NewReader(gunzip(t, name)))
		k, n := -1, 0
		for sc.Scan() {
			line := strings.TrimRight(sc.Text(), "\r")
			switch {
			case strings.HasPrefix(line, "*"):
				k++
			case strings.HasPrefix(line, "P"):
				fs := strings.Fields(line[1:])
				id, err := ParseSatID(line[1:4])
				if err != nil {
					t.Fatal(err)
				}
				var v [4]float64
				for i := range v {
					if v[i], err = strconv.ParseFloat(fs[i+1], 64); err != nil {
						t.Fatal(err)
					}
				}
				sat := f.SatIndex(id)
				p, c := f.Position(sat, k), f.Clock(sat, k)
				if p != [3]float64{v[0], v[1], v[2]} {
					t.Fatalf("%s line %q: position %v", name, line, p)
				}
				if v[3] >= 999999 != math.IsNaN(c) || (!math.IsNaN(c) && c != v[3]) {
					t.Fatalf("%s line %q: clock %v", name, line, c)
				}
				n++
			}
		}
		if k+1 != len(f.Epochs) || n != len(f.Epochs)*len(f.Header.Satellites) {
			t.Errorf("%s: %d epochs, %d records", name, k+1, n)
		}
	}
}

// TestGzipAndPlainAgree reads the same content compressed and plain.
func TestGzipAndPlainAgree(t *testing.T) {
	plain, err := Read("plain", bytes.NewReader(gunzip(t, fileGRG177)), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	gz := mustRead(t, fileGRG177, Options{Strict: true})
	if len(plain.Epochs) != len(gz.Epochs) {
		t.Fatal("epoch counts differ")
	}
	for k := range plain.Epochs {
		a, b := plain.Records(k), gz.Records(k)
		for i := range a {
			if a[i].Pos != b[i].Pos || a[i].Clock != b[i].Clock {
				t.Fatalf("epoch %d record %d differs", k, i)
			}
		}
	}
}

// TestSmallSP3c checks the hand-made SP3-c fixture: absent clock and
// position, standard deviations and flags (columns 62-80).
func TestSmallSP3c(t *testing.T) {
	f := mustRead(t, "sp3c-small.sp3", Options{Strict: true})
	if f.Header.Interval != 5*time.Minute || len(f.Epochs) != 4 || !slicesEqual(f.Header.Accuracy, []int{4, 5, 6}) {
		t.Fatalf("%v", f)
	}
	g01, r07, e11 := 0, 1, 2
	if f.Header.Satellites[r07] != (SatID{ephemeris.GLONASS, 7}) {
		t.Fatal(f.Header.Satellites)
	}
	r, _ := f.Record(g01, 1)
	if !math.IsNaN(r.Clock) || !r.HasPosition() || r.Flags != ClockEvent|ClockPredicted|Maneuver || r.ClockSdev != 999 || r.PosSdev != [3]int{4, 4, 5} {
		t.Errorf("G01 at 00:05: %+v", *r)
	}
	r, _ = f.Record(r07, 2)
	if r.HasPosition() || !math.IsNaN(r.Pos[1]) || !math.IsNaN(r.Pos[2]) || r.Clock != 200.002 {
		t.Errorf("R07 at 00:10 (0.000000 coordinates): %+v", *r)
	}
	r, _ = f.Record(e11, 3)
	if r.Flags != OrbitPredicted || !math.IsNaN(r.Vel[0]) || r.EP != nil {
		t.Errorf("E11 at 00:15: %+v", *r)
	}
	if _, ok := f.Record(e11, 4); ok {
		t.Error("record beyond the last epoch")
	}
	if p := f.Position(7, 0); !math.IsNaN(p[0]) {
		t.Error("unknown satellite has a position")
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestLongSP3d checks an SP3-d header with 90 satellites on six '+' lines
// and seven comment lines, one of 80 columns (SP3-d extensions).
func TestLongSP3d(t *testing.T) {
	f := mustRead(t, "sp3d-long.sp3", Options{Strict: true})
	h := f.Header
	if len(h.Satellites) != 90 || h.Satellites[89].String() != "C04" || h.Accuracy[89] != 4 || h.Accuracy[0] != 3 {
		t.Fatalf("satellites %v accuracy %v", h.Satellites, h.Accuracy)
	}
	if len(h.Comments) != 7 || len(h.Comments[2]) != 77 || h.Comments[6] != "LINE 7: THE LAST COMMENT" {
		t.Errorf("comments %q", h.Comments)
	}
	c04 := f.SatIndex(SatID{ephemeris.BeiDou, 4})
	if p := f.Position(c04, 1); !math.IsNaN(p[0]) || !math.IsNaN(f.Clock(c04, 1)) {
		t.Errorf("C04 at epoch 1 should be absent: %v", p)
	}
	if h.CoordSystem != "IGb14" {
		t.Error(h.CoordSystem)
	}
}

// TestVelocityRecords checks V, EP and EV records and their units (the
// records follow the example layout of the SP3-c document).
func TestVelocityRecords(t *testing.T) {
	f := mustRead(t, "sp3c-velocity.sp3", Options{Strict: true})
	if !f.Header.Velocities || f.Header.Version != 'c' {
		t.Fatal(f.Header)
	}
	r, _ := f.Record(0, 0)
	// dm/s → km/s and 10⁻⁴ µs/s → µs/s: × 1e-4, to the last bit (one
	// rounding of the division against one of the decimal literal).
	want := [4]float64{20298.880364e-4, -18462.044804e-4, 1381.387685e-4, -4.534317e-4}
	for i, got := range [4]float64{r.Vel[0], r.Vel[1], r.Vel[2], r.ClockRate} {
		if math.Abs(got-want[i]) > 1e-15*math.Abs(want[i]) {
			t.Errorf("G01 velocity %d: %v, want %v", i, got, want[i])
		}
	}
	if r.Flags != ClockEvent|ClockPredicted|Maneuver|OrbitPredicted|HasVelocity || r.VelSdev != [3]int{14, 14, 14} || r.ClockRateSdev != 191 {
		t.Errorf("G01 flags %b sdev %v %v", r.Flags, r.VelSdev, r.ClockRateSdev)
	}
	wantEP := Correlation{Sdev: [3]int{55, 55, 55}, ClockSdev: 222, Corr: [6]int{1234567, -1234567, 5999999, -30, 21, -1234567}}
	wantEV := Correlation{Sdev: [3]int{22, 22, 22}, ClockSdev: 111, Corr: [6]int{1234567, 1234567, 1234567, 1234567, 1234567, 1234567}}
	if r.EP == nil || *r.EP != wantEP || r.EV == nil || *r.EV != wantEV {
		t.Errorf("EP %+v EV %+v", r.EP, r.EV)
	}
	r, _ = f.Record(1, 0)
	if !math.IsNaN(r.Clock) || !math.IsNaN(r.ClockRate) || math.IsNaN(r.Vel[0]) || r.EP != nil {
		t.Errorf("R02 at epoch 0: %+v", *r)
	}
	r, _ = f.Record(1, 1)
	if r.Clock != 43.201 || !math.IsNaN(r.Vel[0]) || r.Flags&HasVelocity == 0 {
		t.Errorf("R02 at epoch 1 (absent velocity 0.000000): %+v", *r)
	}
}

// TestSP3a reads an SP3-a file: numeric satellite identifiers (blank
// system letter = GPS) and a %c line of placeholders (GPS time).
func TestSP3a(t *testing.T) {
	f := mustRead(t, "sp3a-gps.sp3", Options{Strict: true})
	if f.Header.Version != 'a' || f.Header.TimeSystem != TimeGPS || f.Header.FileType != "" {
		t.Fatal(f.Header)
	}
	if got := []SatID{{ephemeris.GPS, 1}, {ephemeris.GPS, 21}}; len(f.Header.Satellites) != 2 || f.Header.Satellites[0] != got[0] || f.Header.Satellites[1] != got[1] {
		t.Fatal(f.Header.Satellites)
	}
	if p := f.Position(1, 1); p[0] != -8890.214 {
		t.Error(p)
	}
}

// wantProblem describes an expected problem.
type wantProblem struct {
	line   int
	field  string
	column int
	err    error
}

// TestBadFixtures reads each fixture named for its defect: in lenient mode
// the listed problems (line, field, column, sentinel) and the good records;
// in strict mode the first problem as the error.
func TestBadFixtures(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fatal   error // non-nil: fatal in both modes
		want    []wantProblem
		epochs  int
		records int // records kept in total
	}{
		{name: "bad-epoch.sp3", want: []wantProblem{{27, "epoch month", 9, ephemeris.ErrRange}, {1, "number of epochs", 33, ephemeris.ErrRange}}, epochs: 3, records: 9},
		{name: "satellite-not-in-header.sp3", want: []wantProblem{{25, "satellite", 2, ephemeris.ErrRange}}, epochs: 4, records: 12},
		{name: "duplicate-satellite.sp3", want: []wantProblem{{29, "satellite", 2, ephemeris.ErrSyntax}}, epochs: 4, records: 12},
		{name: "out-of-order-epoch.sp3", want: []wantProblem{{31, "epoch", 4, ephemeris.ErrRange}, {1, "number of epochs", 33, ephemeris.ErrRange}}, epochs: 3, records: 9},
		{name: "garbage-number.sp3", want: []wantProblem{{29, "x", 5, ephemeris.ErrSyntax}}, epochs: 4, records: 11},
		{name: "misaligned-column.sp3", want: []wantProblem{{37, "x", 5, ephemeris.ErrSyntax}}, epochs: 4, records: 11},
		{name: "interval-mismatch.sp3", want: []wantProblem{{31, "epoch", 4, ephemeris.ErrRange}}, epochs: 4, records: 12},
		{name: "epoch-count.sp3", want: []wantProblem{{1, "number of epochs", 33, ephemeris.ErrRange}}, epochs: 4, records: 12},
		{name: "missing-eof.sp3", want: []wantProblem{{38, "EOF", 0, ephemeris.ErrMissingField}}, epochs: 4, records: 12},
		{name: "header-week-mismatch.sp3", want: []wantProblem{{2, "GPS week", 4, ephemeris.ErrRange}}, epochs: 4, records: 12},
		{name: "velocity-without-position.sp3", want: []wantProblem{{25, "satellite", 2, ephemeris.ErrSyntax}}, epochs: 4, records: 12},
		{name: "missing-satellite-record.sp3", want: []wantProblem{{27, "satellite records", 1, ephemeris.ErrMissingField}}, epochs: 4, records: 11},
		{name: "truncated-header.sp3", fatal: ephemeris.ErrMissingField},
		{name: "unknown-time-system.sp3", fatal: ErrUnsupported},
		{name: "not-sp3.txt", fatal: ErrNotSP3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := ReadFile(testdata(tc.name), Options{})
			serr := func() error { _, e := ReadFile(testdata(tc.name), Options{Strict: true}); return e }()
			if tc.fatal != nil {
				if !errors.Is(err, tc.fatal) || !errors.Is(serr, tc.fatal) || f != nil {
					t.Fatalf("lenient %v, strict %v; want %v", err, serr, tc.fatal)
				}
				var pe *ephemeris.ParseError
				if !errors.As(err, &pe) || pe.File != testdata(tc.name) || pe.Want == "" {
					t.Errorf("fatal error lacks location: %#v", err)
				}
				t.Log(pe.Detail())
				return
			}
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			ps := f.Problems()
			if len(ps) != len(tc.want) {
				for _, p := range ps {
					t.Log(p.Detail())
				}
				t.Fatalf("%d problems, want %d", len(ps), len(tc.want))
			}
			for i, w := range tc.want {
				p := ps[i]
				if p.Line != w.line || p.Field != w.field || p.Column != w.column || !errors.Is(p, w.err) || p.File != testdata(tc.name) || p.Want == "" {
					t.Errorf("problem %d: %v (line %d field %q column %d); want line %d field %q column %d %v",
						i, p, p.Line, p.Field, p.Column, w.line, w.field, w.column, w.err)
				}
				if !strings.Contains(p.Detail(), p.Error()) {
					t.Error("Detail does not start with Error")
				}
			}
			t.Log(ps[0].Detail())
			if len(f.Epochs) != tc.epochs {
				t.Errorf("%d epochs, want %d", len(f.Epochs), tc.epochs)
			}
			n := 0
			for k := range f.Epochs {
				n += len(f.Records(k))
			}
			if n != tc.records {
				t.Errorf("%d records, want %d", n, tc.records)
			}
			// Strict: the first problem, as a *ParseError.
			var pe *ephemeris.ParseError
			if !errors.As(serr, &pe) || pe.Line != tc.want[0].line || pe.Field != tc.want[0].field {
				t.Errorf("strict: %v, want the first problem %v", serr, ps[0])
			}
		})
	}
}

// TestGarbageDetail shows the message a user gets for a garbage number.
func TestGarbageDetail(t *testing.T) {
	f := mustRead(t, "garbage-number.sp3", Options{})
	got := f.Problems()[0].Detail()
	for _, want := range []string{
		"testdata/garbage-number.sp3:29:5: field x:",
		`"2127x.268793" is not a decimal number`,
		"want the x coordinate in km, a decimal number right-justified in columns 5-18 (F14.6; 0.000000 = absent)",
		"PR07  2127x.268793",
		"\n        ^",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Detail lacks %q:\n%s", want, got)
		}
	}
}

// TestReadEdgeCases covers inputs that are not files on disk.
func TestReadEdgeCases(t *testing.T) {
	small, err := os.ReadFile(testdata("sp3c-small.sp3"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(small), "\n")
	for _, tc := range []struct {
		name  string
		input string
		fatal error
		probs int
	}{
		{"empty", "", ErrNotSP3, 0},
		{"binary", "\x00\x01\x02\x03", ErrNotSP3, 0},
		{"bad gzip", "\x1f\x8b\x08\x00garbage", nil, 0},
		{"header only", strings.Join(lines[:22], ""), ErrNoEpochs, 0},
		{"line 1 only", lines[0], ephemeris.ErrMissingField, 0},
		{"bad line 2", lines[0] + "X" + strings.Join(lines[1:], "")[1:], ephemeris.ErrSyntax, 0},
		{"no satellite list", strings.Join(lines[:2], "") + strings.Join(lines[12:], ""), ephemeris.ErrMissingField, 0},
		{"BOM and CRLF", "\xEF\xBB\xBF" + strings.ReplaceAll(string(small), "\n", "\r\n"), nil, 0},
		{"long line", strings.Join(lines[:24], "") + strings.Repeat("P", 5000) + "\n" + strings.Join(lines[24:], ""), nil, 1},
		{"after EOF", string(small) + "junk\n", nil, 1},
		{"blank lines", strings.Join(lines[:23], "") + "\n\n" + strings.Join(lines[23:], "") + "\n\n", nil, 0},
		{"unknown record", strings.Join(lines[:24], "") + "X junk\n" + strings.Join(lines[24:], ""), nil, 1},
		{"record before epoch", strings.Join(lines[:22], "") + lines[23] + strings.Join(lines[22:], ""), nil, 1},
		{"leap second epoch", strings.Join(lines[:26], "") + "*  2020  6 25  0  4 60.00000000\n" + strings.Join(lines[26:], ""), nil, 1},
		{"all epochs bad", strings.Join(lines[:22], "") + "*  2020  6 32  0  0  0.00000000\nEOF\n", ErrNoEpochs, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Read(tc.name, strings.NewReader(tc.input), Options{})
			if tc.name == "bad gzip" {
				if err == nil || !strings.Contains(err.Error(), "gzip") {
					t.Fatalf("err %v", err)
				}
				return
			}
			if tc.fatal != nil {
				if !errors.Is(err, tc.fatal) {
					t.Fatalf("err %v, want %v", err, tc.fatal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Problems()) != tc.probs {
				for _, p := range f.Problems() {
					t.Log(p.Detail())
				}
				t.Fatalf("%d problems, want %d", len(f.Problems()), tc.probs)
			}
			if len(f.Epochs) == 0 {
				t.Fatal("no epochs")
			}
		})
	}
}

// TestTimeSystems checks every %c code against the orbit time scales: the
// first epoch 2020-06-25 00:00:00 read in each system, as UTC.
func TestTimeSystems(t *testing.T) {
	small, err := os.ReadFile(testdata("sp3c-small.sp3"))
	if err != nil {
		t.Fatal(err)
	}
	label := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		code string
		ts   TimeSystem
		utc  time.Time
	}{
		{"GPS", TimeGPS, label.Add(-18 * time.Second)}, // GPST − UTC = 37 − 19 s
		{"GAL", TimeGAL, label.Add(-18 * time.Second)}, // GST = GPST
		{"QZS", TimeQZS, label.Add(-18 * time.Second)}, // QZSST = GPST
		{"BDT", TimeBDT, label.Add(-4 * time.Second)},  // BDT − UTC = 37 − 33 s
		{"TAI", TimeTAI, label.Add(-37 * time.Second)}, // TAI − UTC = 37 s since 2017
		{"UTC", TimeUTC, label},
		{"GLO", TimeGLO, label}, // SP3-c: "the GLONASS UTC time system"
	} {
		in := strings.Replace(string(small), "%c M  cc GPS", "%c M  cc "+tc.code, 1)
		f, err := Read(tc.code, strings.NewReader(in), Options{Strict: tc.ts == TimeGPS || tc.ts == TimeGAL || tc.ts == TimeQZS})
		if err != nil {
			t.Fatalf("%s: %v", tc.code, err)
		}
		if f.Header.TimeSystem != tc.ts || f.Header.TimeSystem.String() != tc.code || !f.EpochsUTC[0].Equal(tc.utc) {
			t.Errorf("%s: %v, UTC %v want %v", tc.code, f.Header.TimeSystem, f.EpochsUTC[0], tc.utc)
		}
	}
	in := strings.Replace(string(small), "%c M  cc GPS", "%c M  cc ccc", 1)
	f, err := Read("ccc", strings.NewReader(in), Options{})
	if err != nil || f.Header.TimeSystem != TimeGPS || len(f.Problems()) != 1 || f.Problems()[0].Field != "time system" {
		t.Errorf("ccc in SP3-c: %v %v", err, f.Problems())
	}
	if _, err := ParseTimeSystem("IRN"); err == nil {
		t.Error("IRN accepted")
	}
	if _, ok := TimeUnknown.Scale(); ok {
		t.Error("TimeUnknown has a scale")
	}
}

func TestParseSatID(t *testing.T) {
	for in, want := range map[string]string{"G01": "G01", "R07": "R07", "E11": "E11", "C19": "C19", "J02": "J02", "  5": "G05", "G 1": "G01", "S20": "S20", "I09": "I09"} {
		id, err := ParseSatID(in)
		if err != nil || id.String() != want {
			t.Errorf("%q: %v %v", in, id, err)
		}
	}
	for _, in := range []string{"", "G1", "G001", "X01", "L01", "G-1", "Gab", "G  ", "G00"} {
		if id, err := ParseSatID(in); err == nil {
			t.Errorf("%q accepted as %v", in, id)
		}
	}
}

// TestIntervalFallback: with an unreadable interval on line 2 (reported),
// File.Interval falls back to the smallest spacing of the epochs.
func TestIntervalFallback(t *testing.T) {
	small, err := os.ReadFile(testdata("sp3c-small.sp3"))
	if err != nil {
		t.Fatal(err)
	}
	in := strings.Replace(string(small), "   300.00000000", "        garbage", 1)
	f, err := Read("interval", strings.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Problems()) != 1 || f.Problems()[0].Field != "epoch interval" || f.Header.Interval != 0 || f.Interval() != 5*time.Minute {
		t.Fatalf("problems %v, interval %v / %v", f.Problems(), f.Header.Interval, f.Interval())
	}
	if f.NumEpochs() != 4 || len(f.Satellites()) != 3 || f.EpochLine(0) != 23 || f.EpochLine(3) != 35 || f.EpochLine(4) != 0 || f.Records(-1) != nil {
		t.Errorf("accessors: %d %d %d %d", f.NumEpochs(), len(f.Satellites()), f.EpochLine(0), f.EpochLine(3))
	}
	if (&File{}).Interval() != 0 {
		t.Error("empty file interval")
	}
}
