package sp3

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
)

// FuzzRead checks, for any input (plain or gzip):
//   - no panic;
//   - a result is either a File or an error, never both nil;
//   - a File is consistent: epochs strictly increasing with a UTC twin,
//     records sorted by satellite and within range, positions all NaN or
//     all finite, absent clocks NaN, every problem a located *ParseError;
//   - Strict mode agrees with lenient mode: it fails exactly when lenient
//     mode has problems or fails, with the first problem, and otherwise
//     returns the same data.
//
// Seeds: the fixtures of testdata/ (good and bad), a cut of the real IAC
// file, and the corpus in testdata/fuzz/FuzzRead/.
func FuzzRead(f *testing.F) {
	names, err := filepath.Glob(filepath.Join("testdata", "*.sp3"))
	if err != nil {
		f.Fatal(err)
	}
	names = append(names, filepath.Join("testdata", "not-sp3.txt"))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	iac := gunzip(f, fileIAC)
	cut := bytes.Index(iac, []byte("\n*  2020 06 25  0 30"))
	f.Add(append(append([]byte{}, iac[:cut+1]...), "EOF\n"...))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	small, _ := os.ReadFile(filepath.Join("testdata", "sp3c-small.sp3"))
	zw.Write(small)
	zw.Close()
	f.Add(gz.Bytes())

	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read("fuzz", bytes.NewReader(data), Options{})
		strict, serr := Read("fuzz", bytes.NewReader(data), Options{Strict: true})
		if (file == nil) == (err == nil) || (strict == nil) == (serr == nil) {
			t.Fatalf("file %v err %v; strict file %v err %v", file != nil, err, strict != nil, serr)
		}
		if err != nil {
			if serr == nil {
				t.Fatalf("lenient failed (%v), strict succeeded", err)
			}
			var pe *ephemeris.ParseError
			if errors.As(err, &pe) {
				checkProblem(t, pe)
			}
			return
		}
		checkFile(t, file)
		if len(file.Problems()) > 0 {
			var pe *ephemeris.ParseError
			if !errors.As(serr, &pe) {
				t.Fatalf("lenient has %d problems, strict returned %v", len(file.Problems()), serr)
			}
			first := file.Problems()[0]
			if pe.Line != first.Line || pe.Field != first.Field || pe.Column != first.Column {
				t.Fatalf("strict error %v, first lenient problem %v", pe, first)
			}
			return
		}
		if serr != nil {
			t.Fatalf("no lenient problem, strict error %v", serr)
		}
		if len(strict.Epochs) != len(file.Epochs) {
			t.Fatal("strict and lenient epochs differ")
		}
		for k := range file.Epochs {
			a, b := file.Records(k), strict.Records(k)
			if len(a) != len(b) {
				t.Fatal("strict and lenient records differ")
			}
			for i := range a {
				if !sameFloats(a[i].Pos[:], b[i].Pos[:]) || !sameFloats([]float64{a[i].Clock}, []float64{b[i].Clock}) {
					t.Fatal("strict and lenient values differ")
				}
			}
		}
	})
}

func sameFloats(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func checkProblem(t *testing.T, p *ephemeris.ParseError) {
	t.Helper()
	if p == nil || p.Err == nil || p.Line < 0 || p.Column < 0 || p.File != "fuzz" || len(p.Text) > maxErrorText+3 {
		t.Fatalf("bad problem %#v", p)
	}
	if !strings.HasPrefix(p.Error(), "fuzz") {
		t.Fatalf("problem without file name: %v", p)
	}
	_ = p.Detail()
}

func checkFile(t *testing.T, f *File) {
	t.Helper()
	if len(f.Epochs) == 0 || len(f.Epochs) != len(f.EpochsUTC) || len(f.Epochs) != len(f.recs) {
		t.Fatalf("%d epochs, %d UTC, %d record sets", len(f.Epochs), len(f.EpochsUTC), len(f.recs))
	}
	if _, ok := f.Header.TimeSystem.Scale(); !ok {
		t.Fatalf("time system %v", f.Header.TimeSystem)
	}
	if len(f.Header.Accuracy) != len(f.Header.Satellites) {
		t.Fatal("accuracy list length")
	}
	for i, id := range f.Header.Satellites {
		if f.SatIndex(id) != i || id.PRN < 1 || id.PRN > 99 {
			t.Fatalf("satellite %d: %v", i, id)
		}
	}
	for k := range f.Epochs {
		if k > 0 && (!f.Epochs[k].After(f.Epochs[k-1]) || !f.EpochsUTC[k].After(f.EpochsUTC[k-1])) {
			t.Fatalf("epochs not increasing at %d", k)
		}
		rs := f.Records(k)
		for i, r := range rs {
			if r.Sat < 0 || r.Sat >= len(f.Header.Satellites) || (i > 0 && rs[i-1].Sat >= r.Sat) {
				t.Fatalf("epoch %d: records unsorted or out of range", k)
			}
			nan := 0
			for _, v := range r.Pos {
				if math.IsNaN(v) {
					nan++
				} else if math.IsInf(v, 0) || v == 0 {
					t.Fatalf("position %v", r.Pos)
				}
			}
			if nan != 0 && nan != 3 {
				t.Fatalf("partial position %v", r.Pos)
			}
			if !math.IsNaN(r.Clock) && (math.IsInf(r.Clock, 0) || r.Clock >= 999999) {
				t.Fatalf("clock %v", r.Clock)
			}
			if got, ok := f.Record(r.Sat, k); !ok || got.Sat != r.Sat {
				t.Fatal("Record lookup")
			}
		}
	}
	for _, p := range f.Problems() {
		checkProblem(t, p)
	}
}
