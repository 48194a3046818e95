package rinex

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
)

// esbcFile is the real RINEX 3.05 mixed navigation file of station ESBC for
// 2020-06-25 (see testdata/README.md).
const esbcFile = "ESBC00DNK_R_20201770000_01D_MN.rnx.gz"

func testdata(name string) string { return filepath.Join("testdata", name) }

func readESBC(t testing.TB) *File {
	t.Helper()
	f, err := ReadFile(testdata(esbcFile), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// esbcLines returns the decompressed lines of the real file (index = line − 1).
func esbcLines(t testing.TB) []string {
	t.Helper()
	fh, err := os.Open(testdata(esbcFile))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	zr, err := gzip.NewReader(fh)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}

func TestReadESBC(t *testing.T) {
	f := readESBC(t)
	h := f.Header
	if h.Version != 3.05 || !h.Mixed || h.FileType != 'N' || h.Program != "sbf2rin-13.4.5" || h.Lines != 207 {
		t.Errorf("header = %+v", h)
	}
	if h.Leap == nil || h.Leap.Current != 18 {
		t.Errorf("leap seconds = %+v, want 18", h.Leap)
	}
	// TIME SYSTEM CORR and IONOSPHERIC CORR lines 4-9 of the file.
	wantTC := []TimeSystemCorr{
		{Type: "GAGP", A0: 2.3574102670e-09, A1: 3.996802889e-15, RefSOW: 345600, RefWeek: 2111, Line: 7},
		{Type: "GAUT", A0: -9.3132257462e-10, A1: 0, RefSOW: 345600, RefWeek: 2111, Line: 8},
		{Type: "GPUT", A0: 9.3132257462e-10, A1: 2.664535259e-15, RefSOW: 589824, RefWeek: 2111, Line: 9},
	}
	if !reflect.DeepEqual(h.TimeCorr, wantTC) {
		t.Errorf("TIME SYSTEM CORR = %+v\nwant %+v", h.TimeCorr, wantTC)
	}
	wantIC := []IonoCorr{
		{Type: "GAL", Params: [4]float64{2.8250e+01, 7.8125e-03, 1.0071e-02, 0}, Line: 4},
		{Type: "GPSA", Params: [4]float64{4.6566e-09, 1.4901e-08, -5.9605e-08, -1.1921e-07}, Line: 5},
		{Type: "GPSB", Params: [4]float64{8.1920e+04, 9.8304e+04, -6.5536e+04, -5.2429e+05}, Line: 6},
	}
	if !reflect.DeepEqual(h.IonoCorr, wantIC) {
		t.Errorf("IONOSPHERIC CORR = %+v\nwant %+v", h.IonoCorr, wantIC)
	}
	// Record counts of SOURCES.md / the file's own B_SUM comments:
	// GLONASS 510, BeiDou 357 (D1 331, D2 26: C05 is the only GEO),
	// GPS 257, Galileo 1602, QZSS 15, SBAS 2130; 4871 in all.
	counts := map[string]int{}
	for _, r := range f.Records {
		in := r.Info()
		counts[in.Sat.System.Letter()+" "+string(in.Msg)]++
		if in.File != testdata(esbcFile) || in.Kind != KindEPH {
			t.Fatalf("record %v: file %q kind %q", in.Sat, in.File, in.Kind)
		}
	}
	want := map[string]int{"R FDMA": 510, "C D1": 331, "C D2": 26, "G LNAV": 257, "E INAV": 821, "E FNAV": 781, "J LNAV": 15, "S SBAS": 2130}
	if !reflect.DeepEqual(counts, want) || len(f.Records) != 4871 || len(f.Problems) != 0 {
		t.Errorf("counts %v (%d records, %d problems), want %v", counts, len(f.Records), len(f.Problems), want)
	}
}

// TestESBCSpotValues checks records against their text in the file (line
// numbers of the decompressed file).
func TestESBCSpotValues(t *testing.T) {
	f := readESBC(t)
	byLine := map[int]Record{}
	for _, r := range f.Records {
		byLine[r.Info().Line] = r
	}
	g := byLine[15880].(*GPSEph) // G01 2020 06 25 04 00 00
	if g.Sat != (SatID{ephemeris.GPS, 1}) || g.Msg != LNAV || g.Scale != orbit.GPST ||
		!g.Epoch.Equal(time.Date(2020, 6, 25, 4, 0, 0, 0, time.UTC)) ||
		g.Af0 != 1.604342833161e-05 || g.IODE != 58 || g.SqrtA != 5.153707128525e+03 || g.Toe != 360000 ||
		g.Week != 2111 || g.Health != 0 || g.IODC != 58 || g.FitHours != 4 || g.TransmitSOW != 356106 {
		t.Errorf("G01 record = %+v", g)
	}
	// t_oe 360000 s of GPS week 2111 = Thursday 04:00:00 GPST; transmitted
	// 356106 s = 02:55:06 GPST.
	if !g.ToeTime.Equal(time.Date(2020, 6, 25, 4, 0, 0, 0, time.UTC)) || !g.Transmit.Equal(time.Date(2020, 6, 25, 2, 55, 6, 0, time.UTC)) {
		t.Errorf("G01 t_oe %v, transmission %v", g.ToeTime, g.Transmit)
	}
	if u := g.UTC(g.ToeTime); !u.Equal(time.Date(2020, 6, 25, 3, 59, 42, 0, time.UTC)) {
		t.Errorf("G01 t_oe in UTC = %v, want 03:59:42 (GPST − UTC = 18 s)", u)
	}
	r := byLine[18056].(*GLONASSEph) // R01 2020 06 24 23 15 00
	if r.ClockBias != 6.355904042721e-05 || r.TauN() != -6.355904042721e-05 || r.FrameTime != 342000 ||
		r.Pos != [3]float64{1.090894238281e+04, -2.885726074219e+03, 2.288353955078e+04} ||
		r.Vel != [3]float64{1.407806396484e+00, 2.795855522156e+00, -3.169984817505e-01} ||
		r.Acc != [3]float64{-1.862645149231e-09, 0, -2.793967723846e-09} || r.FreqNum != 1 || r.Health != 0 ||
		!r.HasLine4 || r.DeltaTau != 0.999999999999e9 || r.URAI != 15 || r.Scale != orbit.UTC {
		t.Errorf("R01 record = %+v", r)
	}
	// t_k = 342000 s of the UTC week = Wednesday 23:00:00 UTC, 15 min before t_b.
	if !r.Transmit.Equal(time.Date(2020, 6, 24, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("R01 frame time %v", r.Transmit)
	}
	e1 := byLine[3064].(*GalileoEph)
	e2 := byLine[3072].(*GalileoEph)
	if e1.Msg != FNAV || e1.DataSources != 258 || e2.Msg != INAV || e2.DataSources != 517 || e1.IODnav != 61 ||
		e1.Scale != orbit.GST || e1.Week != 2111 || e1.Toe != 343800 || e1.SISA != 3.12 || !e1.Healthy() || !e2.Healthy() {
		t.Errorf("E01 records = %+v\n%+v", e1, e2)
	}
	c := byLine[208].(*BeiDouEph) // C05, GEO, D2
	if c.Msg != D2 || !c.GEO || c.Scale != orbit.BDT || c.Week != 755 || c.Toe != 338400 || c.AODE != 1 || c.AODC != 0 ||
		c.TGD1 != 1e-10 || c.TGD2 != -9.3e-09 || c.TransmitSOW != 338427.6 || !c.Healthy() {
		t.Errorf("C05 record = %+v", c)
	}
	// BDT week 755 + 338400 s = Wednesday 2020-06-24 22:00:00 BDT.
	if !c.ToeTime.Equal(time.Date(2020, 6, 24, 22, 0, 0, 0, time.UTC)) ||
		!c.Transmit.Equal(time.Date(2020, 6, 24, 22, 0, 27, 6e8, time.UTC)) {
		t.Errorf("C05 t_oe %v transmission %v", c.ToeTime, c.Transmit)
	}
	j := byLine[17936].(*GPSEph)
	if j.Sat != (SatID{ephemeris.QZSS, 1}) || j.Msg != LNAV || j.FitHours != 0 || j.IODC != 969 || j.Health != 0 {
		t.Errorf("J01 record = %+v", j)
	}
	s := byLine[20606].(*SBASEph)
	if s.Sat != (SatID{ephemeris.SBAS, 23}) || s.Pos != [3]float64{3.594460000000e+04, 2.204414000000e+04, 0} ||
		s.Health != 63 || s.URA != 32767 || s.IODN != 92 || !s.Transmit.Equal(time.Date(2020, 6, 25, 0, 0, 30, 0, time.UTC)) {
		t.Errorf("S23 record = %+v", s)
	}
}

// colsOf returns the numeric fields of a record line as strconv reads them
// (independently of parseFortran): nil for a blank field.
func colsOf(t *testing.T, l string, first bool) [4]*float64 {
	var out [4]*float64
	for j := range 4 {
		from := 4 + 19*j
		if first && j == 0 {
			continue
		}
		s := strings.TrimSpace(cols(l, from, from+19))
		if s == "" {
			continue
		}
		s = strings.NewReplacer("D", "e", "d", "e").Replace(s)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		out[j] = &v
	}
	return out
}

// TestESBCFieldColumns checks, for every record of the real file, that each
// struct field holds the number written in its columns (RINEX 3.05 record
// descriptions of each system): a check of the whole column mapping against
// strconv.
func TestESBCFieldColumns(t *testing.T) {
	f := readESBC(t)
	lines := esbcLines(t)
	i := func(v int) float64 { return float64(v) }
	for _, r := range f.Records {
		in := r.Info()
		var want [][4]any // float64 values; nil = not checked
		kep := func(k *Kepler, first1, first3 float64) [][4]any {
			return [][4]any{
				{nil, k.Af0, k.Af1, k.Af2},
				{first1, k.Crs, k.DeltaN, k.M0},
				{k.Cuc, k.Ecc, k.Cus, k.SqrtA},
				{first3, k.Cic, k.Omega0, k.Cis},
				{k.I0, k.Crc, k.Omega, k.OmegaDot},
			}
		}
		switch x := r.(type) {
		case *GPSEph:
			want = append(kep(&x.Kepler, i(x.IODE), x.Toe),
				[4]any{x.IDot, i(x.CodesL2), i(x.Week), i(x.L2PFlag)},
				[4]any{x.URA, i(x.Health), x.TGD, i(x.IODC)},
				[4]any{x.TransmitSOW, x.FitHours, nil, nil})
		case *GalileoEph:
			want = append(kep(&x.Kepler, i(x.IODnav), x.Toe),
				[4]any{x.IDot, i(x.DataSources), i(x.Week), nil},
				[4]any{x.SISA, i(x.Health), x.BGDE5aE1, x.BGDE5bE1},
				[4]any{x.TransmitSOW, nil, nil, nil})
		case *BeiDouEph:
			want = append(kep(&x.Kepler, i(x.AODE), x.Toe),
				[4]any{x.IDot, nil, i(x.Week), nil},
				[4]any{x.URA, i(x.SatH1), x.TGD1, x.TGD2},
				[4]any{x.TransmitSOW, i(x.AODC), nil, nil})
		case *GLONASSEph:
			want = [][4]any{
				{nil, x.ClockBias, x.GammaN, x.FrameTime},
				{x.Pos[0], x.Vel[0], x.Acc[0], i(x.Health)},
				{x.Pos[1], x.Vel[1], x.Acc[1], i(x.FreqNum)},
				{x.Pos[2], x.Vel[2], x.Acc[2], i(x.Age)},
				{nil, x.DeltaTau, i(x.URAI), nil}, // status and health flags are blank in this file
			}
		case *SBASEph:
			want = [][4]any{
				{nil, x.AGf0, x.AGf1, x.TransmitSOW},
				{x.Pos[0], x.Vel[0], x.Acc[0], i(x.Health)},
				{x.Pos[1], x.Vel[1], x.Acc[1], x.URA},
				{x.Pos[2], x.Vel[2], x.Acc[2], i(x.IODN)},
			}
		default:
			t.Fatalf("unexpected %T", r)
		}
		for li, row := range want {
			text := lines[in.Line-1+li]
			got := colsOf(t, text, li == 0)
			for j, w := range row {
				if w == nil {
					continue
				}
				if got[j] == nil {
					if w.(float64) != 0 {
						t.Fatalf("%s:%d field %d blank, struct has %v", in.Sat, in.Line+li, j, w)
					}
					continue
				}
				if *got[j] != w.(float64) {
					t.Fatalf("%s:%d field %d: text %v, struct %v\n%s", in.Sat, in.Line+li, j, *got[j], w, text)
				}
			}
		}
	}
}

// TestESBCTimes checks the time fields of every Keplerian record: t_oe is
// Week·604800 + Toe of the system's week count, within a day of t_oc
// (epoch), and the transmission time within a day of t_oe.
func TestESBCTimes(t *testing.T) {
	f := readESBC(t)
	for _, r := range f.Records {
		o, ok := r.(interface{ Orbit() *Kepler })
		if !ok {
			continue
		}
		k := o.Orbit()
		in := r.Info()
		if got := labelOfWeek(in.Sat.System, k.Week, k.Toe); !got.Equal(k.ToeTime) {
			t.Fatalf("%v line %d: ToeTime %v, week/sow give %v", in.Sat, in.Line, k.ToeTime, got)
		}
		if d := k.ToeTime.Sub(in.Epoch); d.Abs() > 24*time.Hour {
			t.Fatalf("%v line %d: t_oe %v is %v from t_oc", in.Sat, in.Line, k.ToeTime, d)
		}
		var tx time.Time
		switch x := r.(type) {
		case *GPSEph:
			tx = x.Transmit
		case *GalileoEph:
			tx = x.Transmit
		case *BeiDouEph:
			tx = x.Transmit
		}
		if tx.IsZero() || tx.Sub(k.ToeTime).Abs() > 24*time.Hour {
			t.Fatalf("%v line %d: transmission %v, t_oe %v", in.Sat, in.Line, tx, k.ToeTime)
		}
	}
}

// normalized returns a copy of a record with its file and line cleared, for
// comparing the same record read from two fixtures.
func normalized(r Record) Record {
	v := reflect.New(reflect.TypeOf(r).Elem())
	v.Elem().Set(reflect.ValueOf(r).Elem())
	c := v.Interface().(Record)
	c.Info().File, c.Info().Line = "", 0
	return c
}

// esbcByLine reads the real file and indexes its records by line.
func esbcByLine(t *testing.T) map[int]Record {
	m := map[int]Record{}
	for _, r := range readESBC(t).Records {
		m[r.Info().Line] = r
	}
	return m
}

func readFixture(t *testing.T, name string, opt Options) *File {
	t.Helper()
	f, err := ReadFile(testdata(name), opt)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// TestRINEX2MatchesRINEX3: the RINEX 2.11 fixtures hold records of the real
// file rewritten in 2.11 columns with D (and d) exponents; every field must
// read back as in the RINEX 3.05 original.
func TestRINEX2MatchesRINEX3(t *testing.T) {
	orig := esbcByLine(t)
	n := readFixture(t, "esbc1770.20n", Options{Strict: true})
	if n.Header.Version != 2.11 || n.Header.System != ephemeris.GPS || n.Header.Leap.Current != 18 {
		t.Errorf(".n header %+v", n.Header)
	}
	wantTC := []TimeSystemCorr{{Type: "GPUT", A0: 9.3132257462e-10, A1: 2.664535259e-15, RefSOW: 589824, RefWeek: 2111, Line: 6}}
	if !reflect.DeepEqual(n.Header.TimeCorr, wantTC) {
		t.Errorf(".n DELTA-UTC = %+v", n.Header.TimeCorr)
	}
	if len(n.Header.IonoCorr) != 2 || n.Header.IonoCorr[0].Params != [4]float64{0.4657e-08, 0.1490e-07, -0.5960e-07, -0.1192e-06} {
		t.Errorf(".n ION ALPHA/BETA = %+v", n.Header.IonoCorr)
	}
	for i, line := range []int{15880, 15888, 15936} {
		if got, want := normalized(n.Records[i]), normalized(orig[line]); !reflect.DeepEqual(got, want) {
			t.Errorf(".n record %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	g := readFixture(t, "esbc1770.20g", Options{Strict: true})
	if g.Header.System != ephemeris.GLONASS || len(g.Header.TimeCorr) != 1 || g.Header.TimeCorr[0].Type != "GLUT" ||
		!g.Header.TimeCorr[0].RefDate.Equal(time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)) {
		t.Errorf(".g header %+v", g.Header)
	}
	for i, line := range []int{18056, 18061, 18066, 18711, 18716} {
		want := normalized(orig[line]).(*GLONASSEph)
		want.HasLine4, want.DeltaTau, want.URAI = false, 0, 0 // RINEX 2 has no fourth orbit line
		got := normalized(g.Records[i]).(*GLONASSEph)
		if i == 4 {
			// t_k written as seconds of day (84600) in the fixture: the
			// resolved frame time is the same instant.
			if got.FrameTime != 84600 {
				t.Errorf("R07 t_k = %v", got.FrameTime)
			}
			got.FrameTime = want.FrameTime
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf(".g record %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
}

// TestRINEX4 reads the RINEX 4.01 fixture: EPH records equal their RINEX 3
// originals; the CNAV, CNV1 and CNV2 records built from LNAV/D1 records
// carry the same orbit; STO, EOP and ION records read back.
func TestRINEX4(t *testing.T) {
	orig := esbcByLine(t)
	f := readFixture(t, "esbc-v4.rnx", Options{Strict: true})
	if f.Header.Version != 4.01 || !f.Header.Mixed {
		t.Errorf("header %+v", f.Header)
	}
	type key struct {
		kind Kind
		sat  string
		msg  Message
	}
	got := map[key]Record{}
	for _, r := range f.Records {
		in := r.Info()
		got[key{in.Kind, in.Sat.String(), in.Msg}] = r
	}
	same := []struct {
		k    key
		line int
	}{
		{key{KindEPH, "G01", LNAV}, 15880}, {key{KindEPH, "E01", INAV}, 3072}, {key{KindEPH, "E01", FNAV}, 3064},
		{key{KindEPH, "R01", FDMA}, 18056}, {key{KindEPH, "C05", D2}, 208}, {key{KindEPH, "C06", D1}, 416},
		{key{KindEPH, "C19", D1}, 1304}, {key{KindEPH, "J01", LNAV}, 17936}, {key{KindEPH, "S23", SBASMsg}, 20606},
	}
	for _, c := range same {
		r, ok := got[c.k]
		if !ok {
			t.Errorf("no %v record", c.k)
			continue
		}
		if g, w := normalized(r), normalized(orig[c.line]); !reflect.DeepEqual(g, w) {
			t.Errorf("%v:\n got %+v\nwant %+v", c.k, g, w)
		}
	}
	// GPS CNAV from G01 06:00 LNAV (line 15888): same Kepler, t_oe = t_oc.
	cn := got[key{KindEPH, "G01", CNAV}].(*GPSEph)
	ln := orig[15888].(*GPSEph)
	if cn.Kepler != ln.Kepler || cn.Top != 367200 || cn.Health != 0 || cn.TGD != ln.TGD || cn.WeekCNAV != 2111 ||
		!cn.Transmit.Equal(ln.Transmit) {
		t.Errorf("G01 CNAV = %+v\nLNAV %+v", cn, ln)
	}
	qz := got[key{KindEPH, "J01", CNV2}].(*GPSEph)
	if qz.Kepler != orig[17944].(*GPSEph).Kepler || qz.Sat.System != ephemeris.QZSS {
		t.Errorf("J01 CNV2 = %+v", qz)
	}
	d1 := orig[1304].(*BeiDouEph)
	for _, m := range []Message{CNV1, CNV2} {
		b := got[key{KindEPH, "C19", m}].(*BeiDouEph)
		if b.Kepler != d1.Kepler || b.SatType != 3 || b.Top != d1.Toe || b.TGDB1Cp != d1.TGD1 || b.TGDB2ap != d1.TGD2 ||
			b.IODC != d1.AODC || b.IODE != d1.AODE || !b.Transmit.Equal(d1.Transmit) || !b.Healthy() || b.GEO {
			t.Errorf("C19 %s = %+v\nD1 %+v", m, b, d1)
		}
	}
	sto := got[key{KindSTO, "G01", LNAV}].(*TimeOffset)
	if sto.Type != "GPUT" || sto.UTCID != "UTC(USNO)" || sto.A != [3]float64{9.3132257462e-10, 2.664535259e-15, 0} ||
		sto.TransmitSOW != 345600 || !sto.Epoch.Equal(time.Date(2020, 6, 27, 19, 50, 24, 0, time.UTC)) {
		t.Errorf("STO = %+v", sto)
	}
	glo := got[key{KindSTO, "R00", FDMA}].(*TimeOffset)
	if glo.Type != "GLUT" || glo.Sat.System != ephemeris.GLONASS || glo.Scale != orbit.UTC {
		t.Errorf("GLONASS STO = %+v", glo)
	}
	eop := got[key{KindEOP, "G01", CNVX}].(*EarthOrientation)
	if eop.XP != 0.19 || eop.XPDot != 1e-3 || eop.YP != 0.41 || eop.YPDot != -2e-3 || eop.DUT1 != -0.24 || eop.DUT1Dot != 1e-4 || eop.TransmitSOW != 345600 {
		t.Errorf("EOP = %+v", eop)
	}
	ion := got[key{KindION, "G01", LNAV}].(*Ionosphere)
	if ion.Model != Klobuchar || ion.Alpha != [4]float64{4.6566e-09, 1.4901e-08, -5.9605e-08, -1.1921e-07} ||
		ion.Beta != [4]float64{8.1920e+04, 9.8304e+04, -6.5536e+04, -5.2429e+05} {
		t.Errorf("ION = %+v", ion)
	}
	gal := got[key{KindION, "E01", IFNV}].(*Ionosphere)
	if gal.Model != NeQuickG || gal.AI != [3]float64{2.8250e+01, 7.8125e-03, 1.0071e-02} {
		t.Errorf("Galileo ION = %+v", gal)
	}
	if len(f.Records) != 19 {
		t.Errorf("%d records, want 19", len(f.Records))
	}
}

// TestBadFixtures: each bad fixture has one defect, named by its file name.
// Lenient reading reports exactly that problem (file, line, column, field,
// sentinel) and keeps the good records; strict reading stops with it.
func TestBadFixtures(t *testing.T) {
	const good = 9 // records of esbc-small.rnx
	cases := []struct {
		file    string
		records int // good records read in lenient mode
		line    int
		col     int
		field   string
		err     error
	}{
		{"bad-exponent.rnx", good - 1, 14, 62, "sqrt(A)", ephemeris.ErrSyntax},
		{"blank-required-field.rnx", good - 1, 14, 62, "sqrt(A)", ephemeris.ErrMissingField},
		{"bad-eccentricity.rnx", good - 1, 14, 24, "e", ephemeris.ErrRange},
		{"bad-fractional-week.rnx", good - 1, 17, 43, "GPS week", ephemeris.ErrRange},
		{"bad-epoch.rnx", good - 1, 12, 10, "epoch month", ephemeris.ErrRange},
		{"bad-satellite.rnx", good - 1, 12, 1, "satellite", ephemeris.ErrSyntax},
		{"truncated-record.rnx", good - 1, 17, 0, "record length", ephemeris.ErrMissingField},
		{"extra-line.rnx", good - 1, 20, 1, "record length", ephemeris.ErrSyntax},
		{"bad-glonass-frequency.rnx", good - 1, 30, 62, "frequency number", ephemeris.ErrRange},
		{"bad-galileo-datasource.rnx", good - 1, 43, 24, "data sources", ephemeris.ErrRange},
		{"orphan-lines.rnx", good, 12, 1, "record start", ephemeris.ErrSyntax},
		{"bad-header-line.rnx", good, 7, 6, "a0", ephemeris.ErrSyntax},
		{"missing-end-of-header.rnx", good, 11, 61, "END OF HEADER", ephemeris.ErrMissingField},
		{"v4-bad-records.rnx", 16, 15, 11, "message type", ErrUnsupported},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			f, err := ReadFile(testdata(c.file), Options{})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(f.Records) != c.records || len(f.Problems) == 0 {
				t.Fatalf("lenient: %d records, %d problems; want %d records", len(f.Records), len(f.Problems), c.records)
			}
			p := f.Problems[0]
			if p.File != testdata(c.file) || p.Line != c.line || p.Column != c.col || p.Field != c.field || !errors.Is(p, c.err) {
				t.Errorf("problem = %v (line %d col %d field %q); want line %d col %d field %q %v", p, p.Line, p.Column, p.Field, c.line, c.col, c.field, c.err)
			}
			if p.Want == "" || p.Text == "" && c.field != "END OF HEADER" || !strings.Contains(p.Detail(), p.Error()) {
				t.Errorf("problem lacks want/text: %#v", p)
			}
			_, err = ReadFile(testdata(c.file), Options{Strict: true})
			var perr *ephemeris.ParseError
			if !errors.As(err, &perr) || perr.Line != c.line || perr.Field != c.field {
				t.Errorf("strict: %v; want the problem of line %d", err, c.line)
			}
		})
	}
	// v4-bad-records.rnx holds three defects.
	f, _ := ReadFile(testdata("v4-bad-records.rnx"), Options{})
	var got []string
	for _, p := range f.Problems {
		got = append(got, strconv.Itoa(p.Line)+" "+p.Field)
	}
	if want := []string{"15 message type", "35 satellite", "127 record length"}; !reflect.DeepEqual(got, want) {
		t.Errorf("v4-bad-records.rnx problems %v, want %v", got, want)
	}
}

// TestFatalInputs: input that is no navigation file stops the reading.
func TestFatalInputs(t *testing.T) {
	cases := []struct {
		file string
		err  error
		text string
	}{
		{"wrong-version.rnx", ErrUnsupported, "RINEX version 5"},
		{"not-navigation.rnx", ErrUnsupported, "not a navigation file"},
		{"header-only.rnx", ErrNoRecords, "no navigation records"},
		{"empty.rnx", ErrNoRecords, "empty input"},
		{"binary.rnx", ephemeris.ErrSyntax, "binary data"},
	}
	for _, c := range cases {
		_, err := ReadFile(testdata(c.file), Options{})
		if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.text) || !strings.Contains(err.Error(), c.file) {
			t.Errorf("%s: %v; want %v mentioning %q", c.file, err, c.err, c.text)
		}
	}
	if _, err := ReadAll(bytes.NewReader([]byte{0x1f, 0x9d, 0x90, 1, 2}), Options{File: "x.rnx.Z"}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Unix compress: %v", err)
	}
	if _, err := ReadAll(strings.NewReader("   \n\n  \n"), Options{}); !errors.Is(err, ErrNoRecords) {
		t.Errorf("blank input: %v", err)
	}
	long := "     3.05           NAVIGATION DATA     MIXED               RINEX VERSION / TYPE\n" + strings.Repeat("x", MaxLineBytes+10) + "\n"
	if _, err := ReadAll(strings.NewReader(long), Options{}); !errors.Is(err, ephemeris.ErrLineLength) {
		t.Errorf("long line: %v", err)
	}
	if _, err := ReadFile(testdata("no-such-file.rnx"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

// TestLayoutVariants: CRLF line ends, dropped trailing blanks, gzip and
// bzip2 compression and leading blank lines read the same records.
func TestLayoutVariants(t *testing.T) {
	plain, err := os.ReadFile(testdata("esbc-small.rnx"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := ReadAll(bytes.NewReader(plain), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	var trimmed []string
	for _, l := range strings.Split(string(plain), "\n") {
		trimmed = append(trimmed, strings.TrimRight(l, " "))
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	bz, err := os.ReadFile(testdata("esbc-small.rnx.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string][]byte{
		"crlf":          bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n")),
		"trimmed":       []byte(strings.Join(trimmed, "\n")),
		"trimmed crlf":  []byte(strings.Join(trimmed, "\r\n")),
		"gzip":          gz.Bytes(),
		"bzip2":         bz,
		"leading blank": append([]byte("\n  \n"), plain...),
		"no final LF":   bytes.TrimRight(plain, "\n"),
	}
	for name, data := range variants {
		f, err := ReadAll(bytes.NewReader(data), Options{Strict: true})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(f.Records) != len(ref.Records) {
			t.Errorf("%s: %d records, want %d", name, len(f.Records), len(ref.Records))
			continue
		}
		for i := range f.Records {
			g, w := normalized(f.Records[i]), normalized(ref.Records[i])
			if name == "leading blank" {
				g.Info().Line, w.Info().Line = 0, 0
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("%s: record %d differs:\n%+v\n%+v", name, i, g, w)
			}
		}
	}
}

// TestReaderAPI exercises the streaming reader: Header before Next, record
// types, Problems/Err in both modes.
func TestReaderAPI(t *testing.T) {
	fh, err := os.Open(testdata("bad-exponent.rnx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rd := NewReader(fh, Options{File: "bad-exponent.rnx"})
	h, err := rd.Header()
	if err != nil || h.Version != 3.05 {
		t.Fatalf("Header = %v, %v", h, err)
	}
	kinds := map[string]int{}
	for rd.Next() {
		switch rd.Record().(type) {
		case *GPSEph:
			kinds["gps"]++
		case *GLONASSEph:
			kinds["glo"]++
		case *GalileoEph:
			kinds["gal"]++
		case *BeiDouEph:
			kinds["bds"]++
		case *SBASEph:
			kinds["sbas"]++
		}
	}
	if rd.Err() != nil || len(rd.Problems()) != 1 || rd.Problems()[0].File != "bad-exponent.rnx" {
		t.Errorf("Err %v, problems %v", rd.Err(), rd.Problems())
	}
	if want := map[string]int{"gps": 2, "glo": 2, "gal": 1, "bds": 2, "sbas": 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("record kinds %v, want %v", kinds, want)
	}
	if rd.Next() || rd.Record() != nil {
		t.Error("Next after the end")
	}
	if h.String() != "RINEX 3.05 navigation, mixed" {
		t.Errorf("Header.String = %q", h.String())
	}
}

// TestRecordHealth covers the Healthy rules of the record types.
func TestRecordHealth(t *testing.T) {
	g := &GalileoEph{RecordInfo: RecordInfo{Msg: INAV}, SISA: 3.12}
	for _, c := range []struct {
		msg    Message
		health int
		sisa   float64
		ok     bool
	}{
		{INAV, 0, 3.12, true},
		{INAV, 1 << 0, 3.12, false}, // E1-B data not valid
		{INAV, 1 << 1, 3.12, false}, // E1-B signal out of service
		{INAV, 1 << 7, 3.12, false}, // E5b signal out of service
		{INAV, 1 << 4, 3.12, true},  // E5a out of service: irrelevant to I/NAV
		{FNAV, 1 << 4, 3.12, false}, // ... but not to F/NAV
		{FNAV, 1 << 1, 3.12, true},  // E1-B: irrelevant to F/NAV
		{INAV, 0, -1, false},        // NAPA
	} {
		g.Msg, g.Health, g.SISA = c.msg, c.health, c.sisa
		if g.Healthy() != c.ok {
			t.Errorf("Galileo %s health %b SISA %v: Healthy = %v", c.msg, c.health, c.sisa, !c.ok)
		}
	}
	if (&BeiDouEph{RecordInfo: RecordInfo{Msg: D1}, SatH1: 1}).Healthy() || !(&BeiDouEph{RecordInfo: RecordInfo{Msg: CNV1}, SatH1: 1}).Healthy() {
		t.Error("BeiDou health rules")
	}
	if (&GPSEph{Health: 1}).Healthy() || (&GLONASSEph{Health: 1}).Healthy() || !(&NavICEph{}).Healthy() {
		t.Error("GPS/GLONASS/NavIC health rules")
	}
}

// TestWeekResolution: t_oe and the transmission time are placed in the
// week that puts them within half a week of t_oc, whatever week the file
// writes (IS-GPS-200 Table 20-IV's half-week rule): a t_oe of 0 s with
// t_oc at the end of week 2111 belongs to week 2112; a week written modulo
// 1024 (as some receivers do) is restored.
func TestWeekResolution(t *testing.T) {
	plain, err := os.ReadFile(testdata("esbc-small.rnx"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(plain), "\n")
	const g01 = 11 // index of the G01 04:00 record's first line
	read := func(ls []string) *GPSEph {
		f, err := ReadAll(strings.NewReader(strings.Join(ls, "\n")), Options{Strict: true})
		if err != nil {
			t.Fatal(err)
		}
		return f.Records[0].(*GPSEph)
	}
	// Week written modulo 1024: 2111 − 2048 = 63.
	g := read(edit2(lines, g01+5, 42, " 6.300000000000e+01"))
	if g.Week != 2111 || !g.ToeTime.Equal(time.Date(2020, 6, 25, 4, 0, 0, 0, time.UTC)) || !g.Transmit.Equal(time.Date(2020, 6, 25, 2, 55, 6, 0, time.UTC)) {
		t.Errorf("week mod 1024: week %d t_oe %v transmit %v", g.Week, g.ToeTime, g.Transmit)
	}
	// t_oc Saturday 23:59:44, t_oe 0 s, week 2111 written: t_oe is the
	// start of week 2112; the transmission time 604700 s stays in 2111.
	ls := edit2(lines, g01, 4, "2020 06 27 23 59 44")
	ls = edit2(ls, g01+3, 4, " 0.000000000000e+00")
	ls = edit2(ls, g01+7, 4, " 6.047000000000e+05")
	g = read(ls)
	if g.Week != 2112 || g.Toe != 0 || !g.ToeTime.Equal(time.Date(2020, 6, 28, 0, 0, 0, 0, time.UTC)) ||
		!g.Transmit.Equal(time.Date(2020, 6, 27, 23, 58, 20, 0, time.UTC)) {
		t.Errorf("t_oe across the week: week %d toe %v t_oe %v transmit %v", g.Week, g.Toe, g.ToeTime, g.Transmit)
	}
	// A negative transmission time (RINEX: "adjusted by −604800 to refer to
	// the reported week") resolves the same way.
	g = read(edit2(edit2(edit2(lines, g01, 4, "2020 06 28 00 00 00"), g01+3, 4, " 0.000000000000e+00"), g01+7, 4, "-1.000000000000e+02"))
	if g.Week != 2112 || !g.Transmit.Equal(time.Date(2020, 6, 27, 23, 58, 20, 0, time.UTC)) {
		t.Errorf("negative transmission time: week %d transmit %v", g.Week, g.Transmit)
	}
}

// edit2 returns a copy of lines with text written over line i from column
// col (0-based).
func edit2(lines []string, i, col int, text string) []string {
	ls := append([]string(nil), lines...)
	ls[i] = ls[i][:col] + text + ls[i][col+len(text):]
	return ls
}

// TestBlankLinesBetweenRecords: blank lines between records are ignored,
// also after a four-line (RINEX 3.04) GLONASS record, whose optional fifth
// line must not be taken from the blank line.
func TestBlankLinesBetweenRecords(t *testing.T) {
	plain, err := os.ReadFile(testdata("esbc-small.rnx"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, l := range strings.Split(strings.TrimRight(string(plain), "\n"), "\n") {
		if i == 31 { // the fifth line of the first R01 record
			continue
		}
		if i > 11 && len(l) > 0 && l[0] != ' ' {
			out = append(out, "", "   ")
		}
		out = append(out, l)
	}
	f, err := ReadAll(strings.NewReader(strings.Join(out, "\n")+"\n\n"), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Records) != 9 {
		t.Fatalf("%d records", len(f.Records))
	}
	r := f.Records[2].(*GLONASSEph)
	if r.HasLine4 || r.Sat.PRN != 1 || !f.Records[3].(*GLONASSEph).HasLine4 {
		t.Errorf("GLONASS records: %+v", r)
	}
}
