package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// city is a built-in named site: WGS-84 geodetic latitude and longitude in
// degrees (east-positive) and an ellipsoidal height in metres, rounded to
// about 0.01° (1 km) — ample for visibility and DOP, which vary over
// hundreds of kilometres.
type city struct {
	Name           string
	LatDeg, LonDeg float64
	HeightM        float64
}

// cities are well-known places, picked to span latitudes and the service areas
// of the regional systems. Coordinates are public city-centre values.
var cities = []city{
	{"anchorage", 61.22, -149.90, 40},
	{"beijing", 39.90, 116.40, 50},
	{"berlin", 52.52, 13.40, 80},
	{"buenos-aires", -34.60, -58.38, 25},
	{"cape-town", -33.92, 18.42, 40},
	{"delhi", 28.61, 77.21, 215},
	{"harbin", 45.80, 126.53, 150},
	{"hong-kong", 22.32, 114.17, 30},
	{"jakarta", -6.21, 106.85, 10},
	{"lhasa", 29.65, 91.13, 3650},
	{"london", 51.51, -0.13, 30},
	{"longyearbyen", 78.22, 15.65, 30},
	{"los-angeles", 34.05, -118.24, 90},
	{"mcmurdo", -77.85, 166.67, 20},
	{"moscow", 55.76, 37.62, 150},
	{"murmansk", 68.97, 33.07, 50},
	{"nairobi", -1.29, 36.82, 1700},
	{"new-york", 40.71, -74.01, 10},
	{"norilsk", 69.35, 88.20, 90},
	{"novosibirsk", 55.03, 82.92, 150},
	{"paris", 48.86, 2.35, 50},
	{"quito", -0.18, -78.47, 2850},
	{"reykjavik", 64.15, -21.94, 20},
	{"rio-de-janeiro", -22.91, -43.17, 10},
	{"santiago", -33.45, -70.67, 570},
	{"sao-paulo", -23.55, -46.63, 760},
	{"seoul", 37.57, 126.98, 40},
	{"shanghai", 31.23, 121.47, 10},
	{"singapore", 1.35, 103.82, 20},
	{"sydney", -33.87, 151.21, 40},
	{"tokyo", 35.68, 139.69, 40},
	{"tromso", 69.65, 18.96, 20},
	{"urumqi", 43.83, 87.62, 800},
	{"vladivostok", 43.12, 131.89, 50},
	{"washington", 38.91, -77.04, 20},
	{"wuhan", 30.59, 114.31, 30},
	{"yakutsk", 62.03, 129.73, 100},
}

// lookupCity finds a built-in site by name (case-insensitive; spaces and
// underscores count as hyphens).
func lookupCity(name string) (city, bool) {
	key := strings.ToLower(strings.TrimSpace(name))
	key = strings.NewReplacer(" ", "-", "_", "-").Replace(key)
	for _, c := range cities {
		if c.Name == key {
			return c, true
		}
	}
	return city{}, false
}

func cityNames() string {
	names := make([]string, len(cities))
	for i, c := range cities {
		names[i] = c.Name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// parseSiteArg parses --site NAME | LAT,LON[,HEIGHT_M] (degrees, metres).
// A coordinate site may carry a name: NAME=LAT,LON[,HEIGHT_M].
func parseSiteArg(arg string) (city, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return city{}, fmt.Errorf("empty --site (want a city name such as beijing, or LAT,LON[,HEIGHT_M])")
	}
	name := ""
	coords := arg
	if i := strings.IndexByte(arg, '='); i >= 0 {
		name, coords = strings.TrimSpace(arg[:i]), arg[i+1:]
	}
	if !strings.ContainsAny(coords, ",0123456789") || (name == "" && !strings.Contains(coords, ",")) {
		c, ok := lookupCity(coords)
		if !ok {
			return city{}, fmt.Errorf("unknown site %q: use LAT,LON[,HEIGHT_M] in degrees and metres, or one of: %s", arg, cityNames())
		}
		return c, nil
	}
	parts := strings.Split(coords, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return city{}, fmt.Errorf("site %q: want LAT,LON or LAT,LON,HEIGHT_M (degrees, metres)", arg)
	}
	var v [3]float64
	fields := []string{"latitude", "longitude", "height"}
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return city{}, fmt.Errorf("site %q: %s %q is not a finite number", arg, fields[i], strings.TrimSpace(p))
		}
		v[i] = f
	}
	c := city{Name: name, LatDeg: v[0], LonDeg: v[1], HeightM: v[2]}
	if c.LatDeg < -90 || c.LatDeg > 90 {
		return city{}, fmt.Errorf("site %q: latitude %g° outside [-90, 90]", arg, c.LatDeg)
	}
	if c.LonDeg < -180 || c.LonDeg > 360 {
		return city{}, fmt.Errorf("site %q: longitude %g° outside [-180, 360]", arg, c.LonDeg)
	}
	if c.LonDeg > 180 {
		c.LonDeg -= 360
	}
	if c.HeightM < -1000 || c.HeightM > 100000 {
		return city{}, fmt.Errorf("site %q: height %g m outside [-1000, 100000]", arg, c.HeightM)
	}
	if c.Name == "" {
		c.Name = fmt.Sprintf("%.4f,%.4f", c.LatDeg, c.LonDeg)
	}
	return c, nil
}
