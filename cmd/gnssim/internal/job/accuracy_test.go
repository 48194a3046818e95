package job

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/sim/dataset"
)

// The real data of 2020-06-25 (see ephemeris/rinex/testdata and
// ephemeris/sp3/testdata).
var (
	accNav = filepath.Join("..", "..", "..", "..", "ephemeris", "rinex", "testdata", "ESBC00DNK_R_20201770000_01D_MN.rnx.gz")
	accIAC = filepath.Join("..", "..", "..", "..", "ephemeris", "sp3", "testdata", "Sta21114.sp3.gz")                           // 00:00–24:00 GPST
	accGRG = filepath.Join("..", "..", "..", "..", "ephemeris", "sp3", "testdata", "GRG0MGXFIN_20201770000_01D_15M_ORB.SP3.gz") // 00:00–23:45 GPST
)

func accLoad(t *testing.T, in Inputs) *dataset.Dataset {
	t.Helper()
	ds, err := DefaultLoader{}.Load(in, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestAccuracyGrid: the default period is the UTC day of the data both
// files cover, up to the end of that data (no epoch after the end of an
// SP3 file: IAC ends at 24:00 GPST = 23:59:42 UTC, GRG at 23:44:42 UTC);
// a navigation file's records reach past midnight, so 24:00 is included;
// --start and --duration are taken as given.
func TestAccuracyGrid(t *testing.T) {
	nav, iac, grg := accLoad(t, Inputs{Nav: []string{accNav}}), accLoad(t, Inputs{SP3: []string{accIAC}}), accLoad(t, Inputs{SP3: []string{accGRG}})
	day := time.Date(2020, 6, 25, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name      string
		ref, test *dataset.Dataset
		period    Period
		toEnd     bool
		start     time.Time
		n         int
	}{
		{"IAC–nav 30 s", iac, nav, Period{Step: 30 * time.Second}, true, day, 2880},
		{"nav–IAC 60 s", nav, iac, Period{Step: time.Minute}, true, day, 1440},
		{"IAC–GRG 30 s", iac, grg, Period{Step: 30 * time.Second}, true, day, 2850},
		{"nav–nav", nav, nav, Period{Step: time.Minute}, true, day, 1441},
		{"from 06:00", iac, nav, Period{Start: day.Add(6 * time.Hour), Step: time.Minute}, true, day.Add(6 * time.Hour), 1080},
		{"--duration 2h", iac, grg, Period{Start: day.Add(23 * time.Hour), Duration: 2 * time.Hour, Step: 15 * time.Minute}, false, day.Add(23 * time.Hour), 9},
	} {
		j := &Accuracy{Period: c.period, ToDataEnd: c.toEnd}
		g, err := j.grid(c.ref, c.test)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !g.Start.Equal(c.start) || g.N != c.n || g.Step != c.period.Step {
			t.Errorf("%s: %v + %d × %v, want %v + %d", c.name, g.Start, g.N, g.Step, c.start, c.n)
		}
	}
}

// TestAccuracyValidate: one kind per side, levels and formats that go
// together, before any file is read.
func TestAccuracyValidate(t *testing.T) {
	ok := AccuracySource{SP3: []string{"a.sp3"}}
	for _, c := range []struct {
		j    Accuracy
		want string
	}{
		{Accuracy{Test: ok, Period: Period{Step: time.Minute}, ToDataEnd: true}, "no reference source"},
		{Accuracy{Ref: ok, Period: Period{Step: time.Minute}, ToDataEnd: true}, "no tested source"},
		{Accuracy{Ref: AccuracySource{SP3: ok.SP3, TLE: []string{"x"}}, Test: ok, Period: Period{Step: time.Minute}, ToDataEnd: true}, "the reference takes one kind"},
		{Accuracy{Ref: ok, Test: AccuracySource{Nav: ok.SP3, SP3: ok.SP3}, Period: Period{Step: time.Minute}, ToDataEnd: true}, "the tested source takes one kind"},
		{Accuracy{Ref: ok, Test: ok, By: BySite, Period: Period{Step: time.Minute}, ToDataEnd: true}, "--by site"},
		{Accuracy{Ref: ok, Test: ok, Sites: []SiteArg{{Arg: "x"}}, Format: output.CSV, Period: Period{Step: time.Minute}, ToDataEnd: true}, "a CSV holds one table"},
		{Accuracy{Ref: ok, Test: ok, PlotKind: "pie", Period: Period{Step: time.Minute}, ToDataEnd: true}, "--plot-kind"},
		{Accuracy{Ref: ok, Test: ok, Period: Period{Step: time.Millisecond}, ToDataEnd: true}, "epochs"},
		{Accuracy{Ref: ok, Test: ok, Period: Period{Duration: -time.Hour, Step: time.Minute}}, "negative"},
	} {
		err := c.j.Validate()
		if err == nil || !IsUsage(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want a usage error with %q", c.j, err, c.want)
		}
	}
}

// TestAccuracyRunNotes: the notes of each side name it, and the job run
// through Env gives the text report.
func TestAccuracyRunNotes(t *testing.T) {
	var out bytes.Buffer
	var notes []string
	env := &Env{Stdout: &out, Version: "test", Note: func(n dataset.Note) { notes = append(notes, n.String()) }}
	j := &Accuracy{Ref: AccuracySource{SP3: []string{accGRG}}, Test: AccuracySource{Nav: []string{accNav}}, Period: Period{Step: time.Hour}, ToDataEnd: true, Format: output.Text}
	if _, err := j.Run(context.Background(), env); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "per system") || !strings.Contains(out.String(), "reference:     precise orbits (SP3) "+accGRG+" (GLONASS 21, GPS 30, Galileo 24 satellites)") {
		t.Errorf("report:\n%s", out.String())
	}
	if len(notes) == 0 {
		t.Fatal("no notes (the navigation file has gaps)")
	}
	for _, n := range notes {
		if !strings.Contains(n, "tested source (--nav ESBC00DNK_R_20201770000_01D_MN.rnx.gz): ") {
			t.Errorf("note without its side: %s", n)
		}
	}
}
