package plot_test

import (
	"fmt"
	"log"

	"github.com/gnssim/gnssim/sim/plot"
)

// Moscow and Beijing, the receivers of the examples, in degrees.
const (
	moscowLat, moscowLon   = 55.75, 37.62
	beijingLat, beijingLon = 39.90, 116.40
)

// ExampleSkyPlot draws 12 hours of GLONASS and BeiDou tracks over Beijing
// with a 10° elevation mask.
func ExampleSkyPlot() {
	tracks := skyTracks(constellation(), beijingLat, beijingLon, 12, 5, 0)
	opt := plot.SkyPlotOptions{
		Title:            "Sky plot, Beijing 39.9°N 116.4°E, 2024-07-16 00:00–12:00 UTC",
		ElevationMaskDeg: 10,
	}
	for _, name := range []string{"testdata/skyplot.svg", "testdata/skyplot.png"} {
		if err := plot.SaveSkyPlot(name, tracks, opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleSkyPlot_terrainMask draws 6 hours of GLONASS tracks over Moscow
// with an azimuth-dependent mask.
func ExampleSkyPlot_terrainMask() {
	tracks := skyTracks(constellation()[:24], moscowLat, moscowLon, 6, 5, 0)
	opt := plot.SkyPlotOptions{
		Title:     "GLONASS over Moscow with a terrain mask",
		MaskAzDeg: []float64{0, 45, 90, 135, 180, 225, 270, 315},
		MaskElDeg: []float64{5, 20, 30, 10, 5, 5, 15, 5},
	}
	if err := plot.SaveSkyPlot("testdata/skyplot_mask.svg", tracks, opt); err != nil {
		log.Fatal(err)
	}
}

// ExampleDOPAndVisible draws PDOP and the visible count for GLONASS,
// BeiDou and both combined over a day in Moscow, with a 10° mask and a
// receiver outage from 10:00 to 11:00 UTC.
func ExampleDOPAndVisible() {
	dop, vis := dopAndVisible(moscowLat, moscowLon, 24, 5, 10, 10, 11)
	opt := plot.DOPAndVisibleOptions{Title: "Moscow 55.75°N 37.62°E, elevation mask 10°"}
	for _, name := range []string{"testdata/dop_visible.svg", "testdata/dop_visible.png"} {
		if err := plot.SaveDOPAndVisible(name, dop, vis, opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleTimeSeries draws the visible count alone over six hours.
func ExampleTimeSeries() {
	_, vis := dopAndVisible(beijingLat, beijingLon, 6, 2, 10, 99, 99)
	opt := plot.TimeSeriesOptions{Title: "Visible satellites, Beijing", YLabel: "visible satellites", Step: true}
	if err := plot.SaveTimeSeries("testdata/timeseries.svg", vis, opt); err != nil {
		log.Fatal(err)
	}
}

// ExampleCoverageMap maps the mean number of visible GLONASS+BeiDou
// satellites on a 5° grid, with cells over part of the Pacific left
// uncomputed (NaN, grey).
func ExampleCoverageMap() {
	g := meanVisibleGrid(centres(-90, 90, 5), centres(-180, 180, 5), 24, 20, 10,
		plot.Region{LatMinDeg: -20, LatMaxDeg: 10, LonMinDeg: -160, LonMaxDeg: -130})
	opt := plot.MapOptions{Title: "Mean visible GLONASS+BeiDou satellites, mask 10°, 2024-07-16", Label: "visible satellites"}
	for _, name := range []string{"testdata/coverage.svg", "testdata/coverage.png"} {
		if err := plot.SaveCoverageMap(name, g, opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleCoverageMap_region maps a regional grid over East Asia with a
// fixed colour scale.
func ExampleCoverageMap_region() {
	g := meanVisibleGrid(centres(10, 60, 2.5), centres(70, 150, 2.5), 24, 30, 10, plot.Region{})
	opt := plot.MapOptions{
		Title:    "Mean visible satellites over East Asia",
		Label:    "visible satellites",
		ValueMin: 14, ValueMax: 20,
		Region: plot.Region{LatMinDeg: 10, LatMaxDeg: 60, LonMinDeg: 70, LonMaxDeg: 150},
	}
	if err := plot.SaveCoverageMap("testdata/coverage_region.svg", g, opt); err != nil {
		log.Fatal(err)
	}
}

// ExampleGroundTracks draws one day of ground tracks of the BeiDou IGSO
// and GEO satellites and of one plane of each MEO constellation.
func ExampleGroundTracks() {
	sats := constellation()
	var pick = append(append(sats[0:3:3], sats[24:27]...), sats[48:]...)
	tracks := groundTracks(pick, 24, 5)
	opt := plot.MapOptions{Title: "Ground tracks, 2024-07-16 00:00–24:00 UTC"}
	for _, name := range []string{"testdata/groundtracks.svg", "testdata/groundtracks.png"} {
		if err := plot.SaveGroundTracks(name, tracks, opt); err != nil {
			log.Fatal(err)
		}
	}
}

func ExampleFormatFromPath() {
	for _, name := range []string{"sky.png", "MAP.SVG", "report.pdf"} {
		f, err := plot.FormatFromPath(name)
		fmt.Println(f, err)
	}
	// Output:
	// png <nil>
	// svg <nil>
	// format(0) figure file "report.pdf": unsupported extension ".pdf": want .png or .svg
}

// ExampleCoverageMap_antimeridian maps a 2° grid across the antimeridian,
// from 100°E to 100°W (longitudes 100 to 260, cell centres 101 to 259 as
// the coverage engine gives them), as `gnssim coverage --region
// -40,60,100,260 --plot` does: the zero Region shows the extent of the
// cells. The synthetic field peaks on Japan and on the Gulf of Alaska;
// cells south of Hawaii are left uncomputed (NaN, grey).
func ExampleCoverageMap_antimeridian() {
	g := bumpsGrid(centres(-40, 60, 2), centres(100, 260, 2),
		plot.Region{LatMinDeg: -20, LatMaxDeg: -10, LonMinDeg: 190, LonMaxDeg: 210})
	opt := plot.MapOptions{Title: "Synthetic field across the antimeridian, 100°E to 100°W", Label: "value"}
	for _, name := range []string{"testdata/coverage_pacific.svg", "testdata/coverage_pacific.png"} {
		if err := plot.SaveCoverageMap(name, g, opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleCoverageMap_zeroTo360 maps a 5° grid of the whole world starting
// at 0°E (longitudes 0 to 360), with the region of the grid as `gnssim
// compare --region -90,90,0,360` passes it.
func ExampleCoverageMap_zeroTo360() {
	g := bumpsGrid(centres(-90, 90, 5), centres(0, 360, 5), plot.Region{})
	opt := plot.MapOptions{
		Title:  "Synthetic field, world from 0°E to 360°E",
		Label:  "value",
		Region: plot.Region{LatMinDeg: -90, LatMaxDeg: 90, LonMinDeg: 0, LonMaxDeg: 360},
	}
	for _, name := range []string{"testdata/coverage_0to360.svg", "testdata/coverage_0to360.png"} {
		if err := plot.SaveCoverageMap(name, g, opt); err != nil {
			log.Fatal(err)
		}
	}
}

// ExampleGroundTracks_pacific draws 12 hours of ground tracks on a map
// across the antimeridian, from 120°E to 120°W: the tracks are given in
// [-180°, 180°) and drawn continuously over 180°, with the end dots and
// labels of R01, C19 and C20 east of it.
func ExampleGroundTracks_pacific() {
	sats := constellation()
	pick := []synthSat{sats[0], sats[24], sats[25], sats[48], sats[53]} // R01, C19, C20, C38 (IGSO), C61 (GEO 140°E)
	tracks := groundTracks(pick, 12, 5)
	opt := plot.MapOptions{
		Title:  "Ground tracks across the antimeridian, 120°E to 120°W",
		Region: plot.Region{LatMinDeg: -60, LatMaxDeg: 60, LonMinDeg: 120, LonMaxDeg: 240},
		Size:   plot.Size{WidthCm: 20, HeightCm: 16},
	}
	for _, name := range []string{"testdata/groundtracks_pacific.svg", "testdata/groundtracks_pacific.png"} {
		if err := plot.SaveGroundTracks(name, tracks, opt); err != nil {
			log.Fatal(err)
		}
	}
}
