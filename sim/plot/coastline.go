package plot

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sync"
)

// coastlineGeoJSON is the Natural Earth 1:110m coastline (public domain),
// see coastline/SOURCES.md.
//
//go:embed coastline/ne_110m_coastline.geojson
var coastlineGeoJSON []byte

// lonLat is a point in degrees, east-positive longitude first as in GeoJSON.
type lonLat struct{ lon, lat float64 }

var (
	coastOnce  sync.Once
	coastLines [][]lonLat
	coastErr   error
)

// coastlines returns the world coastline as polylines in degrees, split at
// the antimeridian. It is parsed from the embedded GeoJSON once, on first
// use. Only features of class "Coastline" are kept (the file also holds one
// small "Country" loop).
func coastlines() ([][]lonLat, error) {
	coastOnce.Do(func() {
		coastLines, coastErr = parseCoastlines(coastlineGeoJSON)
	})
	return coastLines, coastErr
}

// Coastlines returns the embedded world coastline (Natural Earth 1:110m) as
// polylines of [lon_deg, lat_deg] points, east-positive, split at the
// antimeridian so that no segment crosses it: what a map drawn by another
// front end (the web page of gnssim serve) needs. The result is a fresh
// copy.
func Coastlines() ([][][2]float64, error) {
	lines, err := coastlines()
	if err != nil {
		return nil, err
	}
	out := make([][][2]float64, 0, len(lines))
	for _, l := range lines {
		pts := make([][2]float64, len(l))
		for i, p := range l {
			pts[i] = [2]float64{p.lon, p.lat}
		}
		out = append(out, pts)
	}
	return out, nil
}

// parseCoastlines reads a GeoJSON FeatureCollection of LineString and
// MultiLineString features with [lon, lat] coordinates, keeping those whose
// "featurecla" property is "Coastline" (or that have none).
func parseCoastlines(data []byte) ([][]lonLat, error) {
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct {
				Featurecla string `json:"featurecla"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, fmt.Errorf("coastline GeoJSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("coastline GeoJSON: type %q, want FeatureCollection", fc.Type)
	}
	var out [][]lonLat
	for i, f := range fc.Features {
		if f.Properties.Featurecla != "" && f.Properties.Featurecla != "Coastline" {
			continue
		}
		var lines [][][]float64
		switch f.Geometry.Type {
		case "LineString":
			var l [][]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &l); err != nil {
				return nil, fmt.Errorf("coastline GeoJSON feature %d: %w", i, err)
			}
			lines = [][][]float64{l}
		case "MultiLineString":
			if err := json.Unmarshal(f.Geometry.Coordinates, &lines); err != nil {
				return nil, fmt.Errorf("coastline GeoJSON feature %d: %w", i, err)
			}
		default:
			return nil, fmt.Errorf("coastline GeoJSON feature %d: geometry %q, want LineString or MultiLineString", i, f.Geometry.Type)
		}
		for j, l := range lines {
			pts := make([]lonLat, len(l))
			for k, c := range l {
				if len(c) < 2 || !finite(c[0]) || !finite(c[1]) || math.Abs(c[0]) > 180 || math.Abs(c[1]) > 90 {
					return nil, fmt.Errorf("coastline GeoJSON feature %d, line %d, point %d: bad coordinate %v", i, j, k, c)
				}
				pts[k] = lonLat{c[0], c[1]}
			}
			out = append(out, splitAntimeridian(pts)...)
		}
	}
	return out, nil
}

// splitAntimeridian breaks a polyline wherever consecutive points are more
// than 180° apart in longitude, which means the shorter way between them
// crosses the antimeridian: the first piece is extended to ±180° and the
// next one starts at ∓180°, at the latitude interpolated linearly in
// longitude. Longitudes must lie in [-180, 180]. It is splitWrapped with
// the range starting at -180°.
func splitAntimeridian(pts []lonLat) [][]lonLat { return splitWrapped(pts, -180) }

// splitWrapped breaks a polyline whose longitudes lie in the continuous
// range [lo, lo+360] wherever consecutive points are more than 180° apart
// in longitude, which means the shorter way between them crosses the edge
// of the range (lo ≡ lo+360, i.e. the meridian lo+180±180): the first
// piece is extended to that edge and the next one starts at the other edge,
// at the latitude interpolated linearly in longitude. Points exactly 180°
// apart are not split (the shorter way is ambiguous).
func splitWrapped(pts []lonLat, lo float64) [][]lonLat {
	if len(pts) == 0 {
		return nil
	}
	hi := lo + 360
	var out [][]lonLat
	cur := []lonLat{pts[0]}
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		if d := b.lon - a.lon; d > 180 || d < -180 {
			// Crossing: unwrap b next to a, find where the segment meets
			// the edge it crosses, and start again at the other edge.
			edge, next := hi, lo // eastward over hi
			blon := b.lon + 360
			if d > 180 { // westward over lo
				edge, next = lo, hi
				blon = b.lon - 360
			}
			t := (edge - a.lon) / (blon - a.lon)
			lat := a.lat + t*(b.lat-a.lat)
			cur = append(cur, lonLat{edge, lat})
			out = append(out, cur)
			cur = []lonLat{{next, lat}}
		}
		cur = append(cur, b)
	}
	return append(out, cur)
}

// Region is a latitude/longitude box in degrees (east-positive longitude).
// The zero Region means automatic (see MapOptions).
//
// Latitudes must satisfy -90 ≤ LatMinDeg < LatMaxDeg ≤ 90. Longitudes are
// continuous across the antimeridian, so that a box across it is given
// with LonMaxDeg beyond 180: -180 ≤ LonMinDeg < LonMaxDeg ≤ 360 with
// LonMaxDeg ≤ LonMinDeg+360. For example 100 to 260 is the Pacific from
// 100°E to 100°W with 180° in the middle, and 0 to 360 the whole world
// starting at 0°E (the ranges of the coverage grids, see sim.GridSpec). A
// box such as 170 to -170 is refused: write it as 170 to 190.
type Region struct {
	LatMinDeg, LatMaxDeg float64
	LonMinDeg, LonMaxDeg float64
}

// World is the whole equirectangular map.
var World = Region{LatMinDeg: -90, LatMaxDeg: 90, LonMinDeg: -180, LonMaxDeg: 180}

// validate checks the rules documented on Region.
func (r Region) validate() error {
	ok := finite(r.LatMinDeg) && finite(r.LatMaxDeg) && finite(r.LonMinDeg) && finite(r.LonMaxDeg) &&
		r.LatMinDeg >= -90 && r.LatMaxDeg <= 90 && r.LatMinDeg < r.LatMaxDeg &&
		r.LonMinDeg >= -180 && r.LonMinDeg < r.LonMaxDeg && r.LonMaxDeg <= 360 && r.LonMaxDeg <= r.LonMinDeg+360
	if !ok {
		return fmt.Errorf("region lat [%g, %g]°, lon [%g, %g]°: want -90 ≤ latmin < latmax ≤ 90 and -180 ≤ lonmin < lonmax ≤ min(lonmin+360, 360) in degrees east (a box across the antimeridian continues beyond 180, e.g. lon 100 to 260)",
			r.LatMinDeg, r.LatMaxDeg, r.LonMinDeg, r.LonMaxDeg)
	}
	return nil
}

// wrapOffsets returns, in ascending order, the multiples of 360° by which
// the longitude interval [lo, hi] must be shifted to overlap the region's
// longitudes over a positive width: where data or coastlines given in one
// range of longitudes appear on a map of another (a coastline at -170°
// appears at 190° on a map from 100° to 260°). Offsets that only touch the
// region's edge are left out, so that for data and region in the same
// range the answer is just 0.
func wrapOffsets(lo, hi float64, r Region) []float64 {
	var out []float64
	for k := math.Floor((r.LonMinDeg - hi) / 360); k <= math.Ceil((r.LonMaxDeg-lo)/360); k++ {
		if off := k * 360; lo+off < r.LonMaxDeg && hi+off > r.LonMinDeg {
			out = append(out, off)
		}
	}
	return out
}

// clipPolyline clips a polyline to the region box (Liang–Barsky on each
// segment) and returns the pieces inside it.
func clipPolyline(pts []lonLat, r Region) [][]lonLat {
	var out [][]lonLat
	var cur []lonLat
	flush := func() {
		if len(cur) > 1 {
			out = append(out, cur)
		}
		cur = nil
	}
	if len(pts) == 1 {
		if p := pts[0]; p.lon >= r.LonMinDeg && p.lon <= r.LonMaxDeg && p.lat >= r.LatMinDeg && p.lat <= r.LatMaxDeg {
			return [][]lonLat{{p}}
		}
		return nil
	}
	for k := 1; k < len(pts); k++ {
		a, b := pts[k-1], pts[k]
		ca, cb, ok := clipSegment(a, b, r)
		if !ok {
			flush()
			continue
		}
		if len(cur) == 0 || cur[len(cur)-1] != ca {
			flush()
			cur = append(cur, ca)
		}
		cur = append(cur, cb)
		if cb != b { // left the box
			flush()
		}
	}
	flush()
	return out
}

// clipSegment clips segment ab to the box with the Liang–Barsky algorithm.
func clipSegment(a, b lonLat, r Region) (lonLat, lonLat, bool) {
	dx, dy := b.lon-a.lon, b.lat-a.lat
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{
		{-dx, a.lon - r.LonMinDeg},
		{dx, r.LonMaxDeg - a.lon},
		{-dy, a.lat - r.LatMinDeg},
		{dy, r.LatMaxDeg - a.lat},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return a, b, false
			}
			t0 = math.Max(t0, t)
		} else {
			if t < t0 {
				return a, b, false
			}
			t1 = math.Min(t1, t)
		}
	}
	ca, cb := a, b
	if t0 > 0 {
		ca = lonLat{a.lon + t0*dx, a.lat + t0*dy}
	}
	if t1 < 1 {
		cb = lonLat{a.lon + t1*dx, a.lat + t1*dy}
	}
	return ca, cb, true
}
