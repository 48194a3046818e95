package plot_test

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var regen = flag.Bool("regen", false, "regenerate the golden files in testdata from the examples")

// checkGolden runs example, which writes the named files into testdata,
// and compares each with its golden file (name_golden.ext): SVG byte for
// byte, PNG pixel for pixel (decoded, so independent of PNG compression).
// A matching output file is removed; a differing one is kept for
// inspection. With -regen the outputs become the new golden files.
func checkGolden(t *testing.T, example func(), names ...string) {
	t.Helper()
	example()
	for _, name := range names {
		path := filepath.Join("testdata", name)
		ext := filepath.Ext(path)
		golden := strings.TrimSuffix(path, ext) + "_golden" + ext
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("example output: %v", err)
			continue
		}
		if *regen {
			if err := os.Rename(path, golden); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("golden file: %v (run go test -regen to create it)", err)
			continue
		}
		var same bool
		switch ext {
		case ".svg":
			same = bytes.Equal(got, want)
		case ".png":
			same, err = samePixels(got, want)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
		default:
			t.Fatalf("no comparison for %s", ext)
		}
		if !same {
			t.Errorf("%s differs from %s (kept for inspection; run go test -regen to accept)", path, golden)
			continue
		}
		os.Remove(path)
	}
}

// samePixels decodes two PNG images and reports whether they have the same
// size and identical pixels. (gonum.org/v1/plot/cmpimg would do this, but
// it imports rsc.io/pdf, which is not a dependency of this module.)
func samePixels(a, b []byte) (bool, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return false, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return false, err
	}
	return imagesEqual(ia, ib), nil
}

func imagesEqual(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

func TestSkyPlotGolden(t *testing.T) {
	checkGolden(t, ExampleSkyPlot, "skyplot.svg", "skyplot.png")
	checkGolden(t, ExampleSkyPlot_terrainMask, "skyplot_mask.svg")
}

func TestDOPAndVisibleGolden(t *testing.T) {
	checkGolden(t, ExampleDOPAndVisible, "dop_visible.svg", "dop_visible.png")
}

func TestTimeSeriesGolden(t *testing.T) {
	checkGolden(t, ExampleTimeSeries, "timeseries.svg")
}

func TestCoverageMapGolden(t *testing.T) {
	checkGolden(t, ExampleCoverageMap, "coverage.svg", "coverage.png")
	checkGolden(t, ExampleCoverageMap_region, "coverage_region.svg")
	checkGolden(t, ExampleCoverageMap_antimeridian, "coverage_pacific.svg", "coverage_pacific.png")
	checkGolden(t, ExampleCoverageMap_zeroTo360, "coverage_0to360.svg", "coverage_0to360.png")
}

func TestGroundTracksGolden(t *testing.T) {
	checkGolden(t, ExampleGroundTracks, "groundtracks.svg", "groundtracks.png")
	checkGolden(t, ExampleGroundTracks_pacific, "groundtracks_pacific.svg", "groundtracks_pacific.png")
}
