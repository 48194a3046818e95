package integrity_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/integrity"
)

func TestParseSky(t *testing.T) {
	in := "\xef\xbb\xbf# a sky from a paper\n" +
		"Epoch, satellite, system, azimuth, elevation, snr\n" +
		"2026-03-18T00:00:00Z,G05,gps,10.5,45,40\n" +
		"2026-03-18T00:00:00Z,E11,galileo,360,5.5,41\n" +
		"\n" +
		"2026-03-18 00:00:30,\"R07\",R,200,-2,30\n" +
		"2026-03-18T03:00:30+03:00,C19,beidou,0,90,50\n" +
		"2026-03-17T23:59:00Z,R07,glonass,1,2,3\n" // rows in any order
	skies, err := integrity.ParseSky("sky.csv", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 18, 0, 0, 0, 0, time.UTC)
	if len(skies) != 3 || !skies[0].Time.Equal(t0.Add(-time.Minute)) || !skies[1].Time.Equal(t0) || !skies[2].Time.Equal(t0.Add(30*time.Second)) ||
		skies[0].Line != 8 || skies[1].Line != 3 || skies[2].Line != 6 {
		t.Fatalf("skies %+v", skies)
	}
	skies = skies[1:]
	want := [][]integrity.SkySat{
		{{ID: "G05", System: ephemeris.GPS, AzDeg: 10.5, ElDeg: 45}, {ID: "E11", System: ephemeris.Galileo, AzDeg: 0, ElDeg: 5.5}},
		{{ID: "R07", System: ephemeris.GLONASS, AzDeg: 200, ElDeg: -2}, {ID: "C19", System: ephemeris.BeiDou, AzDeg: 0, ElDeg: 90}},
	}
	for k := range want {
		if len(skies[k].Sats) != len(want[k]) {
			t.Fatalf("epoch %d: %+v", k, skies[k].Sats)
		}
		for i, w := range want[k] {
			if skies[k].Sats[i] != w {
				t.Errorf("epoch %d sat %d: %+v, want %+v", k, i, skies[k].Sats[i], w)
			}
		}
	}
}

// TestParseSkyErrors: every refusal names the file, the line and the field.
func TestParseSkyErrors(t *testing.T) {
	const head = "epoch,satellite,system,azimuth_deg,elevation_deg\n"
	const row = "2026-03-18T00:00:00Z,G01,gps,10,20\n"
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", "sky.csv: empty file"},
		{"binary", "\x00\x01", "sky.csv: not a text file"},
		{"missing column", "epoch,satellite,system,azimuth_deg\n" + row, "sky.csv:1: elevation_deg: column missing"},
		{"twice in header", "epoch,epoch,satellite,system,azimuth_deg,elevation_deg\n", "sky.csv:1: epoch: column given twice"},
		{"header only", head, "sky.csv:1: no satellite lines"},
		{"short row", head + "2026-03-18T00:00:00Z,G01,gps\n", "sky.csv:2: 3 fields, want at least 5"},
		{"bad time", head + "yesterday,G01,gps,10,20\n", `sky.csv:2: epoch: "yesterday" is not a time`},
		{"empty satellite", head + "2026-03-18T00:00:00Z,,gps,10,20\n", "sky.csv:2: satellite: empty satellite name"},
		{"bad system", head + "2026-03-18T00:00:00Z,X01,mars,10,20\n", "sky.csv:2: system:"},
		{"letter disagrees", head + "2026-03-18T00:00:00Z,R05,gps,10,20\n", "sky.csv:2: system: satellite R05 is a GLONASS satellite by its letter, the system column says GPS"},
		{"azimuth NaN", head + "2026-03-18T00:00:00Z,G01,gps,NaN,20\n", `sky.csv:2: azimuth_deg: "NaN" is not a finite number`},
		{"azimuth range", head + "2026-03-18T00:00:00Z,G01,gps,361,20\n", "sky.csv:2: azimuth_deg: azimuth 361° outside [0, 360]"},
		{"elevation high", head + row + "2026-03-18T00:00:00Z,G02,gps,10,90.5\n", "sky.csv:3: elevation_deg: elevation 90.5° outside [-90, 90]"},
		{"elevation low", head + "2026-03-18T00:00:00Z,G02,gps,10,-91\n", "sky.csv:2: elevation_deg: elevation -91° outside [-90, 90]"},
		{"elevation text", head + "2026-03-18T00:00:00Z,G02,gps,10,high\n", `sky.csv:2: elevation_deg: "high" is not a finite number`},
		{"twice at an epoch", head + row + "2026-03-18T00:00:00Z,G02,gps,10,20\n" + "2026-03-18T00:00:00Z,g01,gps,50,60\n",
			"sky.csv:4: satellite: satellite g01 is listed twice at epoch 2026-03-18T00:00:00Z (lines 2 and 4)"},
		{"twice, rows by satellite", head + row + "2026-03-18T00:01:00Z,G01,gps,10,20\n" + "2026-03-18T01:00:00+01:00,G01,gps,10,20\n",
			"sky.csv:4: satellite: satellite G01 is listed twice at epoch 2026-03-18T00:00:00Z (lines 2 and 4)"},
		{"bare quote", head + "2026-03-18T00:00:00Z,G\"01,gps,10,20\n", "sky.csv:2: CSV:"},
	} {
		_, err := integrity.ParseSky("sky.csv", strings.NewReader(c.in))
		var pe *integrity.ParseError
		if err == nil || !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// FuzzParseSky: ParseSky never panics; it returns either a *ParseError
// naming the file, or skies in increasing time with valid satellites, each
// once per epoch.
func FuzzParseSky(f *testing.F) {
	f.Add([]byte("epoch,satellite,system,azimuth_deg,elevation_deg\n2026-03-18T00:00:00Z,G01,gps,10,20\n"))
	f.Add([]byte("time,prn,system,az_deg,el_deg\n2026-03-18T00:00:00Z,\"C,1\",C,0,90\n2026-03-18T00:00:01Z,R1,R,360,-90\n"))
	f.Add([]byte("# c\nsystem,epoch,satellite,elevation,azimuth,x\nE,2026-01-01T00:00:00+01:00,E1,1,2,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		skies, err := integrity.ParseSky("fuzz.csv", strings.NewReader(string(data)))
		if err != nil {
			var pe *integrity.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "fuzz.csv") {
				t.Fatalf("error %v (%T) does not name the file", err, err)
			}
			return
		}
		if len(skies) == 0 {
			t.Fatal("no skies and no error")
		}
		for k, s := range skies {
			if k > 0 && !s.Time.After(skies[k-1].Time) {
				t.Fatalf("epoch %d not after %d", k, k-1)
			}
			if len(s.Sats) == 0 {
				t.Fatalf("epoch %d without satellites", k)
			}
			seen := map[string]bool{}
			for _, p := range s.Sats {
				id := strings.ToUpper(p.ID)
				if seen[id] || !(p.AzDeg >= 0 && p.AzDeg < 360) || !(p.ElDeg >= -90 && p.ElDeg <= 90) || p.System == ephemeris.SystemUnknown {
					t.Fatalf("epoch %d: bad satellite %+v", k, p)
				}
				seen[id] = true
			}
		}
	})
}
