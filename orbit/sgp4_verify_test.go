package orbit

// The verification gate: regenerate all of Vallado's tcppver.out (the
// reference output of his C++ SGP4 for the 33 SGP4-VER.TLE cases, WGS-72,
// improved mode; see testdata/sgp4-verification/README.md) line by line.

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
)

const (
	verTLEPath = "../testdata/sgp4-verification/SGP4-VER.TLE"
	verOutPath = "../testdata/sgp4-verification/tcppver.out"

	// verTol is the tolerance on the seven leading columns (tsince, r km,
	// v km/s) used by the reference tests (python-sgp4, README.md).
	verTol = 2e-7
	// verLines is the number of lines of tcppver.out (README.md).
	verLines = 700
)

// verWantCodes is the sequence of SGP4 error codes met while generating
// tcppver.out (README.md, "error-code sequence").
var verWantCodes = []int{1, 1, 6, 6, 4, 3, 6}

// testTLE is a test-local parse of one element set, with the raw epoch
// fields Vallado's driver works from.
type testTLE struct {
	es        ephemeris.ElementSet
	epochYear int     // 4-digit year
	epochDays float64 // day of year with fraction, as parsed by twoline2rv
}

// parseTestTLE parses TLE lines 1 and 2 by fixed columns (no checksum
// check). Line 2 may carry extra text after column 69.
func parseTestTLE(name, line1, line2 string) (testTLE, error) {
	var out testTLE
	if len(line1) < 69 || len(line2) < 69 {
		return out, fmt.Errorf("short TLE lines (%d, %d)", len(line1), len(line2))
	}
	line1, line2 = line1[:69], line2[:69]
	if line1[0] != '1' || line2[0] != '2' {
		return out, errors.New("line numbers are not 1 and 2")
	}
	f := func(s string) (float64, error) { return strconv.ParseFloat(strings.TrimSpace(s), 64) }
	i := func(s string) (int, error) {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, nil
		}
		return strconv.Atoi(s)
	}
	// Mantissa with implied leading decimal point and exponent, "-30915-6".
	expField := func(s string) (float64, error) {
		mant, err := strconv.ParseFloat(strings.TrimSpace(s[:1]+"."+s[1:6]), 64)
		if err != nil {
			return 0, err
		}
		e, err := strconv.Atoi(s[6:8])
		if err != nil {
			return 0, err
		}
		return mant * math.Pow(10, float64(e)), nil // as twoline2rv
	}
	es := &out.es
	es.Name = name
	var err error
	var errs []error
	chk := func(e error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	es.CatalogNumber, err = i(line1[2:7])
	chk(err)
	es.Classification = line1[7]
	es.IntlDesignator = strings.TrimSpace(line1[9:17])
	yy, err := i(line1[18:20])
	chk(err)
	if yy < 57 {
		out.epochYear = 2000 + yy
	} else {
		out.epochYear = 1900 + yy
	}
	out.epochDays, err = f(line1[20:32])
	chk(err)
	// Exact epoch: day of year and 8 decimals of a day (1e-8 day = 864000 ns).
	dayStr := strings.TrimSpace(line1[20:32])
	dot := strings.IndexByte(dayStr, '.')
	if dot < 0 || len(dayStr)-dot-1 > 8 {
		return out, fmt.Errorf("epoch day %q", dayStr)
	}
	doy, err := strconv.Atoi(dayStr[:dot])
	chk(err)
	fracStr := dayStr[dot+1:] + strings.Repeat("0", 8-(len(dayStr)-dot-1))
	frac, err := strconv.ParseInt(fracStr, 10, 64)
	chk(err)
	es.Epoch = time.Date(out.epochYear, 1, 1, 0, 0, 0, 0, time.UTC).
		AddDate(0, 0, doy-1).Add(time.Duration(frac * 864000))
	es.MeanMotionDot, err = f(line1[33:43])
	chk(err)
	es.MeanMotionDDot, err = expField(line1[44:52])
	chk(err)
	es.BStar, err = expField(line1[53:61])
	chk(err)
	es.EphemerisType, err = i(line1[62:63])
	chk(err)
	es.ElementSetNo, err = i(line1[64:68])
	chk(err)

	es.InclinationDeg, err = f(line2[8:16])
	chk(err)
	es.RAANDeg, err = f(line2[17:25])
	chk(err)
	es.Eccentricity, err = f("." + line2[26:33])
	chk(err)
	es.ArgPerigeeDeg, err = f(line2[34:42])
	chk(err)
	es.MeanAnomalyDeg, err = f(line2[43:51])
	chk(err)
	es.MeanMotionRevPerDay, err = f(line2[52:63])
	chk(err)
	es.RevAtEpoch, err = i(line2[63:68])
	chk(err)
	es.Source.Format = ephemeris.FormatTLE
	if len(errs) > 0 {
		return out, fmt.Errorf("TLE %q: %w", line1[2:7], errors.Join(errs...))
	}
	return out, nil
}

// verCase is one SGP4-VER.TLE case with its propagation window (minutes).
type verCase struct {
	tle               testTLE
	start, stop, step float64
}

func readVerCases(t testing.TB) []verCase {
	t.Helper()
	data, err := os.ReadFile(verTLEPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\r\n") {
		t.Fatalf("%s: expected CRLF line endings (README.md)", verTLEPath)
	}
	var cases []verCase
	var line1 string
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '1':
			line1 = line
		case line[0] == '2':
			if len(line) < 69 || line1 == "" {
				t.Fatalf("bad line 2 %q", line)
			}
			tle, err := parseTestTLE("", line1, line)
			if err != nil {
				t.Fatal(err)
			}
			w := strings.Fields(line[69:])
			if len(w) != 3 {
				t.Fatalf("window of %q: %q", line[:7], line[69:])
			}
			var win [3]float64
			for k := range win {
				if win[k], err = strconv.ParseFloat(w[k], 64); err != nil {
					t.Fatal(err)
				}
			}
			cases = append(cases, verCase{tle, win[0], win[1], win[2]})
			line1 = ""
		default:
			t.Fatalf("unexpected line %q", line)
		}
	}
	if len(cases) != 33 { // README.md: 33 cases
		t.Fatalf("got %d cases, want 33", len(cases))
	}
	return cases
}

// Vallado's date routines (sgp4ext.cpp), used only to print the timestamp
// column exactly as his driver did: the epoch as a single float64 Julian
// date built by days2mdhms + jday, plus tsince/1440, back through invjday.

func valladoDays2mdhms(year int, days float64) (mon, day, hr, minute int, sec float64) {
	lmonth := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	dayofyr := int(math.Floor(days))
	if year%4 == 0 {
		lmonth[2] = 29
	}
	i, inttemp := 1, 0
	for dayofyr > inttemp+lmonth[i] && i < 12 {
		inttemp += lmonth[i]
		i++
	}
	mon = i
	day = dayofyr - inttemp
	temp := (days - float64(dayofyr)) * 24.0
	hr = int(math.Floor(temp))
	temp = (temp - float64(hr)) * 60.0
	minute = int(math.Floor(temp))
	sec = (temp - float64(minute)) * 60.0
	return
}

func valladoJday(year, mon, day, hr, minute int, sec float64) float64 {
	y, m := float64(year), float64(mon)
	return 367.0*y - math.Floor((7*(y+math.Floor((m+9)/12.0)))*0.25) +
		math.Floor(275*m/9.0) + float64(day) + 1721013.5 +
		((sec/60.0+float64(minute))/60.0+float64(hr))/24.0
}

func valladoInvjday(jd float64) (year, mon, day, hr, minute int, sec float64) {
	temp := jd - 2415019.5
	tu := temp / 365.25
	year = 1900 + int(math.Floor(tu))
	leapyrs := int(math.Floor(float64(year-1901) * 0.25))
	days := temp - (float64(year-1900)*365.0 + float64(leapyrs)) + 0.00000000001
	if days < 1.0 {
		year--
		leapyrs = int(math.Floor(float64(year-1901) * 0.25))
		days = temp - (float64(year-1900)*365.0 + float64(leapyrs))
	}
	mon, day, hr, minute, sec = valladoDays2mdhms(year, days)
	sec -= 0.00000086400
	return
}

// valladoTimestamp prints the calendar time of tsince the way tcppver.out
// does (" %5i%3i%3i %2i:%2i:%9.6f").
func valladoTimestamp(tle *testTLE, tsince float64) string {
	mon, day, hr, minute, sec := valladoDays2mdhms(tle.epochYear, tle.epochDays)
	jdsatepoch := valladoJday(tle.epochYear, mon, day, hr, minute, sec)
	y, mo, d, h, mi, s := valladoInvjday(jdsatepoch + tsince/1440.0)
	return fmt.Sprintf(" %5d%3d%3d %2d:%2d:%9.6f", y, mo, d, h, mi, s)
}

func verShortLine(tsince float64, r, v [3]float64) string {
	return fmt.Sprintf(" %16.8f %16.8f %16.8f %16.8f %12.9f %12.9f %12.9f",
		tsince, r[0], r[1], r[2], v[0], v[1], v[2])
}

var rad2deg = 180.0 / sgpPi // Vallado's rad, evaluated in float64

func verElementsText(r, v [3]float64) string {
	el := OsculatingElements(r, v, 398600.8) // WGS-72 μ, km³/s² (getgravconst)
	return fmt.Sprintf(" %14.6f %8.6f %10.5f %10.5f %10.5f %10.5f %10.5f",
		el.SemiMajorAxisKm, el.Eccentricity, el.InclinationRad*rad2deg, el.RAANRad*rad2deg,
		el.ArgPerigeeRad*rad2deg, el.TrueAnomalyRad*rad2deg, el.MeanAnomalyRad*rad2deg)
}

// verRow is one generated line of tcppver.out.
type verRow struct {
	header   string // "<satnum> xx" for a block header, else ""
	short    string // the seven leading columns
	elements string // osculating-element columns (empty on t = 0 rows)
	stamp    string // Vallado-arithmetic timestamp (empty on t = 0 rows)
	exact    time.Time
	tle      *testTLE
}

func (r verRow) text() string {
	if r.header != "" {
		return r.header
	}
	return r.short + r.elements + r.stamp
}

// valladoEpochJD is the epoch Julian date as Vallado's twoline2rv forms it:
// one float64 from days2mdhms + jday. It differs from the exact epoch by up
// to half an ulp of 2.45e6 days (2.3e-10 d = 20 µs).
func valladoEpochJD(tle *testTLE) float64 {
	mon, day, hr, minute, sec := valladoDays2mdhms(tle.epochYear, tle.epochDays)
	return valladoJday(tle.epochYear, mon, day, hr, minute, sec)
}

// newVerSGP4 initialises a case through the public NewSGP4 (exact epoch),
// or, when valladoJD is set, with Vallado's float64 epoch Julian date.
func newVerSGP4(tle *testTLE, valladoJD bool) (*SGP4, error) {
	if !valladoJD {
		return NewSGP4(&tle.es)
	}
	p, err := NewSGP4(&tle.es) // validation and conversions of the public path
	if err != nil {
		return nil, err
	}
	if err := p.initJD(valladoEpochJD(tle), 0); err != nil {
		return nil, err
	}
	return p, nil
}

// generateVer runs Vallado's testcpp driver loop over all cases;
// valladoJD(catalog number) selects Vallado's epoch arithmetic per case.
func generateVer(t testing.TB, cases []verCase, valladoJD func(int) bool) (rows []verRow, codes []int) {
	t.Helper()
	var lastR, lastV [3]float64 // the driver prints stale r, v when SGP4 fails at epoch
	for ci := range cases {
		c := &cases[ci]
		rows = append(rows, verRow{header: fmt.Sprintf("%d xx", c.tle.es.CatalogNumber)})
		p, err := newVerSGP4(&c.tle, valladoJD(c.tle.es.CatalogNumber))
		if err != nil {
			var se *SGP4Error
			if !errors.As(err, &se) {
				t.Fatalf("case %d: NewSGP4: %v", c.tle.es.CatalogNumber, err)
			}
			codes = append(codes, se.Code)
			rows = append(rows, verRow{short: verShortLine(0, lastR, lastV)})
			continue
		}
		r, v, err := p.PropagateMinutes(0)
		if err != nil {
			t.Fatalf("case %d: t = 0: %v", c.tle.es.CatalogNumber, err)
		}
		lastR, lastV = r, v
		rows = append(rows, verRow{short: verShortLine(0, r, v)})

		tsince := c.start
		if math.Abs(tsince) > 1.0e-8 {
			tsince -= c.step
		}
		for tsince < c.stop {
			tsince += c.step
			if tsince > c.stop {
				tsince = c.stop
			}
			r, v, err := p.PropagateMinutes(tsince)
			if err != nil {
				var se *SGP4Error
				if !errors.As(err, &se) {
					t.Fatalf("case %d: t = %g: %v", c.tle.es.CatalogNumber, tsince, err)
				}
				codes = append(codes, se.Code)
				break
			}
			lastR, lastV = r, v
			rows = append(rows, verRow{
				short:    verShortLine(tsince, r, v),
				elements: verElementsText(r, v),
				stamp:    valladoTimestamp(&c.tle, tsince),
				exact:    c.tle.es.Epoch.Add(time.Duration(math.Round(tsince * 6e10))),
				tle:      &c.tle,
			})
		}
	}
	return rows, codes
}

func readVerOut(t testing.TB) []string {
	t.Helper()
	data, err := os.ReadFile(verOutPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != verLines {
		t.Fatalf("%s has %d lines, want %d", verOutPath, len(lines), verLines)
	}
	return lines
}

// verStats summarises a comparison with tcppver.out.
type verStats struct {
	maxPos, maxVel float64         // max |diff| of columns 2-4 (km) and 5-7 (km/s)
	maxPosByCase   map[int]float64 // per catalog number (blocks of 20413 merged)
	maxStampSec    float64         // max |exact epoch+tsince - printed timestamp|, s
	elemLastDigit  []string        // element fields equal only within one last-digit unit
	mismatches     []string        // hard failures
}

// compareVer compares generated rows with tcppver.out. posTol(catalog)
// gives the tolerance on the seven leading columns.
func compareVer(rows []verRow, want []string, posTol func(int) float64) verStats {
	st := verStats{maxPosByCase: map[int]float64{}}
	fail := func(i int, format string, args ...any) {
		st.mismatches = append(st.mismatches, fmt.Sprintf("line %d: ", i+1)+fmt.Sprintf(format, args...))
	}
	if len(rows) != len(want) {
		fail(len(want), "generated %d lines, want %d", len(rows), len(want))
		return st
	}
	cat := 0
	for i, row := range rows {
		w := want[i]
		if row.header != "" {
			if w != row.header {
				fail(i, "got %q, want %q", row.header, w)
			}
			cat, _ = strconv.Atoi(strings.Fields(row.header)[0])
			continue
		}
		wantF := strings.Fields(w)
		if len(wantF) < 7 || strings.HasSuffix(w, "xx") {
			fail(i, "got data row, want %q", w)
			continue
		}
		// Columns 1-7 within the tolerance.
		gotF := strings.Fields(row.short)
		tol := posTol(cat)
		for k := 0; k < 7; k++ {
			g, err1 := strconv.ParseFloat(gotF[k], 64)
			x, err2 := strconv.ParseFloat(wantF[k], 64)
			if err1 != nil || err2 != nil {
				fail(i, "column %d: %q vs %q", k+1, gotF[k], wantF[k])
				continue
			}
			d := math.Abs(g - x)
			if d > tol {
				fail(i, "column %d: got %s, want %s (|diff| %.3g > %g)", k+1, gotF[k], wantF[k], d, tol)
			}
			switch {
			case k >= 1 && k <= 3:
				st.maxPos = math.Max(st.maxPos, d)
				st.maxPosByCase[cat] = math.Max(st.maxPosByCase[cat], d)
			case k >= 4:
				st.maxVel = math.Max(st.maxVel, d)
			}
		}
		// t = 0 rows have exactly seven columns.
		if row.elements == "" {
			if len(wantF) != 7 || len(w) != len(row.short) {
				fail(i, "got a 7-column row, want %q", w)
			}
			continue
		}
		if len(w) != len(row.text()) {
			fail(i, "length %d, want %d:\n got %q\nwant %q", len(row.text()), len(w), row.text(), w)
			continue
		}
		// Osculating elements as printed text; a field may differ by one
		// unit of its last printed digit (recorded, and bounded by the caller).
		n := len(row.short)
		wantElem := w[n : n+len(row.elements)]
		if wantElem != row.elements {
			ge, we := strings.Fields(row.elements), strings.Fields(wantElem)
			for k := range ge {
				if ge[k] == we[k] {
					continue
				}
				g, err1 := strconv.ParseFloat(ge[k], 64)
				x, err2 := strconv.ParseFloat(we[k], 64)
				unit := math.Pow(10, -float64(len(we[k])-strings.IndexByte(we[k], '.')-1))
				d := math.Abs(g - x)
				if k >= 2 { // angles may print on either side of 0/360 deg
					d = math.Min(d, math.Abs(d-360))
				}
				if err1 != nil || err2 != nil || d > unit*(1+1e-9) {
					fail(i, "element column %d: got %s, want %s", k+8, ge[k], we[k])
				} else {
					st.elemLastDigit = append(st.elemLastDigit, fmt.Sprintf("line %d col %d: %s vs %s", i+1, k+8, ge[k], we[k]))
				}
			}
		}
		// Timestamp: exact text with Vallado's float64 Julian-date arithmetic.
		wantStamp := w[n+len(row.elements):]
		if wantStamp != row.stamp {
			fail(i, "timestamp %q, want %q", row.stamp, wantStamp)
		}
		// The exact time.Time epoch + tsince agrees with the printed
		// timestamp within the resolution of a float64 Julian date near
		// 2.45e6 days (ulp 4.66e-10 d = 40.2 µs) plus 0.5 µs of printing.
		ref, err := time.Parse("2006 1 2 15 4 5.000000",
			strings.Join(strings.Fields(strings.ReplaceAll(wantStamp, ":", " ")), " "))
		if err != nil {
			fail(i, "timestamp %q: %v", wantStamp, err)
			continue
		}
		dt := math.Abs(row.exact.Sub(ref).Seconds())
		st.maxStampSec = math.Max(st.maxStampSec, dt)
		if dt > 40.7e-6 {
			fail(i, "exact time %s differs from printed %q by %.1f µs",
				row.exact.Format(time.RFC3339Nano), wantStamp, dt*1e6)
		}
	}
	return st
}

func reportVer(t *testing.T, st verStats, codes []int) {
	t.Helper()
	if fmt.Sprint(codes) != fmt.Sprint(verWantCodes) {
		t.Errorf("error codes %v, want %v", codes, verWantCodes)
	}
	for k, m := range st.mismatches {
		if k == 30 {
			t.Errorf("... %d more", len(st.mismatches)-k)
			break
		}
		t.Error(m)
	}
	// Allow a handful of last-digit rounding differences in the element
	// columns (brief: "if a handful differ only by last-digit rounding").
	if len(st.elemLastDigit) > 5 {
		t.Errorf("%d osculating-element fields differ in the last printed digit (at most 5 allowed): %v",
			len(st.elemLastDigit), st.elemLastDigit)
	}
	t.Logf("max |Δr| %.3g km, max |Δv| %.3g km/s; error codes %v", st.maxPos, st.maxVel, codes)
	t.Logf("element fields equal only within one unit of the last printed digit: %d %v",
		len(st.elemLastDigit), st.elemLastDigit)
	t.Logf("max |exact epoch+tsince - printed timestamp| = %.1f µs", st.maxStampSec*1e6)
}

// verValladoJD lists the cases whose reference output can only be
// reproduced to 2e-7 km with Vallado's own epoch arithmetic (a single
// float64 Julian date from days2mdhms + jday, off the exact epoch by up to
// 2.3e-10 day); see TestSGP4VerificationExactEpoch for how far the exact
// epoch lands. 23333 (WIND, e = 0.97, period 13.7 days, strong lunar
// terms) differs by 4.1e-6 km already at t = 0; 20413 (e = 0.79) reaches
// 4.6e-7 km (its second window ends 3.5 years after epoch).
var verValladoJD = map[int]bool{23333: true, 20413: true}

// TestSGP4VerificationVallado is the verification gate: all 700 lines of
// tcppver.out, columns 1-7 within 2e-7 (km, km/s), element columns and
// timestamps as printed text, line structure exact, error codes
// [1 1 6 6 4 3 6]. Every case goes through NewSGP4 except the two in
// verValladoJD, which use Vallado's epoch Julian date.
func TestSGP4VerificationVallado(t *testing.T) {
	cases := readVerCases(t)
	want := readVerOut(t)
	rows, codes := generateVer(t, cases, func(cat int) bool { return verValladoJD[cat] })
	st := compareVer(rows, want, func(int) float64 { return verTol })
	reportVer(t, st, codes)
}

// TestSGP4VerificationValladoJDAll runs every case with Vallado's epoch
// arithmetic: the model alone must then reproduce the reference.
func TestSGP4VerificationValladoJDAll(t *testing.T) {
	cases := readVerCases(t)
	want := readVerOut(t)
	rows, codes := generateVer(t, cases, func(int) bool { return true })
	st := compareVer(rows, want, func(int) float64 { return verTol })
	reportVer(t, st, codes)
}

// TestSGP4VerificationExactEpoch runs every case through NewSGP4 with the
// exact epoch. All cases but those in verValladoJD must meet 2e-7; those
// two get the measured effect of the epoch rounding plus margin: 23333
// 4.1e-6 km measured -> 6e-6 km; 20413 4.6e-7 km measured -> 7e-7 km.
func TestSGP4VerificationExactEpoch(t *testing.T) {
	cases := readVerCases(t)
	want := readVerOut(t)
	rows, codes := generateVer(t, cases, func(int) bool { return false })
	tol := func(cat int) float64 {
		switch cat {
		case 23333:
			return 6e-6
		case 20413:
			return 7e-7
		}
		return verTol
	}
	st := compareVer(rows, want, tol)
	reportVer(t, st, codes)
	t.Logf("max |Δr| km for the Vallado-JD cases: 23333 %.3g, 20413 %.3g",
		st.maxPosByCase[23333], st.maxPosByCase[20413])
}
