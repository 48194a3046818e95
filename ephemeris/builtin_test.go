package ephemeris_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/ephemeris"
)

// The built-in snapshot is byte for byte testdata/tle/2026-03-18/*.tle, with
// names "builtin:2026-03-18/<file>", sorted; the copy in builtin/ (with
// SOURCES.md) is identical to testdata and holds no other file.
func TestBuiltinMatchesTestdata(t *testing.T) {
	src := filepath.Join("..", "testdata", "tle", ephemeris.BuiltinSnapshot)
	files, err := filepath.Glob(filepath.Join(src, "*.tle"))
	if err != nil || len(files) == 0 {
		t.Fatalf("testdata: %v %v", files, err)
	}
	got := ephemeris.Builtin()
	if len(got) != len(files) {
		t.Fatalf("%d builtin files, testdata has %d", len(got), len(files))
	}
	if !slices.IsSortedFunc(got, func(a, b ephemeris.NamedData) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Builtin() not sorted by name")
	}
	for i, f := range files { // Glob sorts
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := "builtin:" + ephemeris.BuiltinSnapshot + "/" + filepath.Base(f)
		if got[i].Name != name || !bytes.Equal(got[i].Data, want) {
			t.Errorf("file %d: %q (%d bytes), want %q (%d bytes)", i, got[i].Name, len(got[i].Data), name, len(want))
		}
	}
	copyDir := filepath.Join("builtin", ephemeris.BuiltinSnapshot)
	entries, err := os.ReadDir(copyDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		a, errA := os.ReadFile(filepath.Join(copyDir, e.Name()))
		b, errB := os.ReadFile(filepath.Join(src, e.Name()))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs from testdata (%v, %v)", e.Name(), errA, errB)
		}
	}
	wantNames := []string{"SOURCES.md", "beidou.tle", "galileo.tle", "glonass.tle", "gps.tle", "navic.tle", "qzss.tle"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("builtin dir holds %v, want %v", names, wantNames)
	}
	if md, _ := os.ReadFile(filepath.Join(src, "SOURCES.md")); ephemeris.BuiltinProvenance() != string(md) {
		t.Error("BuiltinProvenance differs from SOURCES.md")
	}
}

// Every built-in file parses; counts as in testdata/tle/README.md (2026-03-18
// row: glonass 28, beidou 55, gps 39, galileo 30, qzss 5, navic 9). Each call
// returns fresh copies.
func TestBuiltinParses(t *testing.T) {
	want := map[string]int{"beidou.tle": 55, "galileo.tle": 30, "glonass.tle": 28, "gps.tle": 39, "navic.tle": 9, "qzss.tle": 5}
	for _, f := range ephemeris.Builtin() {
		sets := catReadTLEs(t, f.Name, f.Data)
		base := strings.TrimPrefix(f.Name, "builtin:"+ephemeris.BuiltinSnapshot+"/")
		if len(sets) != want[base] {
			t.Errorf("%s: %d element sets, want %d", f.Name, len(sets), want[base])
		}
	}
	a := ephemeris.Builtin()
	a[0].Data[0] ^= 0xff
	if b := ephemeris.Builtin(); b[0].Data[0] == a[0].Data[0] {
		t.Error("Builtin data is shared between calls")
	}
}

func ExampleBuiltin() {
	for _, f := range ephemeris.Builtin() {
		fmt.Println(f.Name)
	}
	// Output:
	// builtin:2026-03-18/beidou.tle
	// builtin:2026-03-18/galileo.tle
	// builtin:2026-03-18/glonass.tle
	// builtin:2026-03-18/gps.tle
	// builtin:2026-03-18/navic.tle
	// builtin:2026-03-18/qzss.tle
}
