package job

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gnssim/gnssim/sim"
)

// City is a built-in named site: WGS-84 geodetic latitude and longitude in
// degrees (east-positive) and an ellipsoidal height in metres, rounded to
// about 0.01° (1 km) — ample for visibility and DOP, which vary over
// hundreds of kilometres.
type City struct {
	Name           string
	LatDeg, LonDeg float64
	HeightM        float64
}

// Cities are well-known places, picked to span latitudes and the service areas
// of the regional systems. Coordinates are public city-centre values.
var Cities = []City{
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

// LookupCity finds a built-in site by name (case-insensitive; spaces and
// underscores count as hyphens).
func LookupCity(name string) (City, bool) {
	key := strings.ToLower(strings.TrimSpace(name))
	key = strings.NewReplacer(" ", "-", "_", "-").Replace(key)
	for _, c := range Cities {
		if c.Name == key {
			return c, true
		}
	}
	return City{}, false
}

// CityNames lists the built-in cities, sorted, comma-separated.
func CityNames() string {
	names := make([]string, len(Cities))
	for i, c := range Cities {
		names[i] = c.Name
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// SiteArg is a receiver site with the --site text that named it.
type SiteArg struct {
	Arg  string // the --site value, e.g. "beijing" or "x=45,120,10"
	Site sim.Site
}

// Limits of a receiver site, stated in --help.
const (
	MinHeightM = -1000  // lowest ellipsoidal height, m (the Dead Sea shore is at about −400 m)
	MaxHeightM = 100000 // highest ellipsoidal height, m (100 km: an aircraft or a balloon)
)

// ParseSite parses a --site value: a built-in city name, LAT,LON[,HEIGHT_M]
// (degrees east-positive, metres above the WGS-84 ellipsoid) or
// NAME=LAT,LON[,HEIGHT_M]. Longitudes in (180, 360] are taken as east
// longitudes and reduced to (-180, 0].
func ParseSite(arg string) (SiteArg, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return SiteArg{}, fmt.Errorf("empty --site (want a city name such as beijing, or LAT,LON[,HEIGHT_M])")
	}
	name := ""
	coords := arg
	if i := strings.IndexByte(arg, '='); i >= 0 {
		name, coords = strings.TrimSpace(arg[:i]), arg[i+1:]
	}
	if !strings.ContainsAny(coords, ",0123456789") || (name == "" && !strings.Contains(coords, ",")) {
		c, ok := LookupCity(coords)
		if !ok {
			return SiteArg{}, fmt.Errorf("unknown site %q: use LAT,LON[,HEIGHT_M] in degrees and metres, or one of: %s", arg, CityNames())
		}
		s := sim.Site{Name: c.Name, LatDeg: c.LatDeg, LonDeg: c.LonDeg, HeightM: c.HeightM}
		if name != "" {
			s.Name = name
		}
		return SiteArg{Arg: arg, Site: s}, nil
	}
	parts := strings.Split(coords, ",")
	if len(parts) < 2 || len(parts) > 3 {
		return SiteArg{}, fmt.Errorf("site %q: want LAT,LON or LAT,LON,HEIGHT_M (degrees, metres)", arg)
	}
	var v [3]float64
	fields := []string{"latitude", "longitude", "height"}
	for i, p := range parts {
		f, err := ParseFloat(p)
		if err != nil {
			return SiteArg{}, fmt.Errorf("site %q: %s %q is not a finite number", arg, fields[i], strings.TrimSpace(p))
		}
		v[i] = f
	}
	s := sim.Site{Name: name, LatDeg: v[0], LonDeg: v[1], HeightM: v[2]}
	if s.LatDeg < -90 || s.LatDeg > 90 {
		return SiteArg{}, fmt.Errorf("site %q: latitude %g° outside [-90, 90]", arg, s.LatDeg)
	}
	if s.LonDeg < -180 || s.LonDeg > 360 {
		return SiteArg{}, fmt.Errorf("site %q: longitude %g° outside [-180, 360]", arg, s.LonDeg)
	}
	if s.LonDeg > 180 {
		s.LonDeg -= 360
	}
	if s.HeightM < MinHeightM || s.HeightM > MaxHeightM {
		return SiteArg{}, fmt.Errorf("site %q: height %g m outside [%d, %d]", arg, s.HeightM, MinHeightM, MaxHeightM)
	}
	if s.Name == "" {
		s.Name = fmt.Sprintf("%.4f,%.4f", s.LatDeg, s.LonDeg)
	}
	return SiteArg{Arg: arg, Site: s}, nil
}

// ParseSites parses --site values into distinct sites (the same name
// twice is an error).
func ParseSites(args []string) ([]SiteArg, error) {
	var out []SiteArg
	seen := map[string]bool{}
	for _, a := range args {
		s, err := ParseSite(a)
		if err != nil {
			return nil, Usagef("--site: %v", err)
		}
		if seen[s.Site.Name] {
			return nil, Usagef("--site %s is given twice (name coordinate sites with NAME=LAT,LON)", s.Site.Name)
		}
		seen[s.Site.Name] = true
		out = append(out, s)
	}
	return out, nil
}

func sitesOf(args []SiteArg) []sim.Site {
	out := make([]sim.Site, len(args))
	for i, a := range args {
		out[i] = a.Site
	}
	return out
}

func siteArgs(args []SiteArg) []string {
	var a []string
	for _, s := range args {
		a = append(a, "--site", s.Arg)
	}
	return a
}

// FileKey turns a site name into a file-name part: lower case; letters,
// digits, '.', '-' and '_' kept; every other character becomes '_'; an
// empty result is "site". The one rule for file names from site names
// (dop --plot, compare --out, scenarios).
func FileKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '.' || r == '-' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	k := strings.Trim(b.String(), ".")
	if k == "" {
		k = "site"
	}
	return k
}

// FileKeys turns site names into distinct file-name parts (FileKey, with
// -2, -3, … appended to repeats).
func FileKeys(sites []sim.Site) []string {
	keys := make([]string, len(sites))
	used := map[string]bool{}
	for i, s := range sites {
		k := FileKey(s.Name)
		base := k
		for n := 2; used[k]; n++ {
			k = fmt.Sprintf("%s-%d", base, n)
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// ParseFloat parses a finite decimal number (no NaN, no Inf).
func ParseFloat(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return f, nil
}

// ParseTime accepts every RFC 3339 form (2026-03-18T06:00:00Z, with a
// fraction, lower-case t and z, a numeric offset such as +03:00, which is
// converted to UTC, and a leap second 23:59:60, which is taken as the first
// instant of the next second: gnssim's times are UTC without leap seconds,
// like Go's), a date (2026-03-18 = 00:00 UTC) or a date and time without a
// zone (2026-03-18T06:00[:05], taken as UTC).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	norm := s
	if len(norm) > 10 && (norm[10] == 't' || norm[10] == ' ') {
		norm = norm[:10] + "T" + norm[11:]
	}
	if strings.HasSuffix(norm, "z") {
		norm = norm[:len(norm)-1] + "Z"
	}
	leap := false
	if len(norm) >= 19 && norm[10] == 'T' && norm[16:19] == ":60" {
		norm = norm[:16] + ":59" + norm[19:]
		leap = true
	}
	layouts := []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"}
	for _, l := range layouts {
		if t, err := time.Parse(l, norm); err == nil {
			if leap {
				if t.Second() != 59 || t.Minute() != 59 {
					break
				}
				t = t.Add(time.Second)
			}
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want RFC 3339 such as 2026-03-18T00:00:00Z (UTC; an offset such as +03:00 is converted to UTC) or a date 2026-03-18", s)
}

// ParseDuration accepts Go durations (90m, 1h30m, 30s, 500ms) and a day
// suffix (7d, 1.5d).
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "d") && !strings.HasSuffix(s, "ms") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "d"), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 100000 {
			return 0, fmt.Errorf("duration %q: want a number of days such as 7d, or a Go duration such as 24h, 90m, 30s", s)
		}
		return time.Duration(math.Round(f * 24 * float64(time.Hour))), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. 24h, 90m, 30s, 500ms or 7d", s)
	}
	return d, nil
}

// FormatDuration writes a duration without zero units (24h, 1h30m, 1m30s,
// 500ms; whole numbers of days from 2 days on as 7d); ParseDuration reads
// it back exactly.
func FormatDuration(d time.Duration) string {
	const day = 24 * time.Hour
	if d >= 2*day && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// MaxMaskFileBytes bounds a mask file.
const MaxMaskFileBytes = 1 << 20

// ReadMaskFile reads an azimuth-dependent mask (ParseMask).
func ReadMaskFile(path string) (sim.Mask, error) {
	f, err := os.Open(path)
	if err != nil {
		return sim.Mask{}, fmt.Errorf("--mask-file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxMaskFileBytes+1))
	if err != nil {
		return sim.Mask{}, fmt.Errorf("--mask-file %s: %w", path, err)
	}
	if len(data) > MaxMaskFileBytes {
		return sim.Mask{}, fmt.Errorf("--mask-file %s: larger than %d KiB; that is not a mask file", path, MaxMaskFileBytes>>10)
	}
	return ParseMask(path, data)
}

// ParseMask reads "AZ EL" pairs (degrees), one per line; '#' starts a
// comment; commas or blanks separate the two numbers; a UTF-8 byte-order
// mark is skipped. Azimuths increase strictly in [0, 360]; a last point at
// 360° closes the horizon and must repeat the elevation at 0° (it is then
// dropped: the mask wraps at 360° by itself).
func ParseMask(name string, data []byte) (sim.Mask, error) {
	var m sim.Mask
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return m, fmt.Errorf("%s: not a text file; want lines 'AZIMUTH_DEG ELEVATION_DEG'", name)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var lines []int // line of each point, for errors
	closing := -1   // line of a 360° point
	var closingEl float64
	for i, line := range strings.Split(string(data), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if closing >= 0 {
			return m, fmt.Errorf("%s:%d: a point after the 360° point of line %d", name, i+1, closing)
		}
		f := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' })
		if len(f) != 2 {
			return m, fmt.Errorf("%s:%d: want two numbers 'AZIMUTH_DEG ELEVATION_DEG', got %q", name, i+1, line)
		}
		var v [2]float64
		for k := range f {
			x, err := ParseFloat(f[k])
			if err != nil {
				return m, fmt.Errorf("%s:%d: %s %q is not a number", name, i+1, []string{"azimuth", "elevation"}[k], f[k])
			}
			v[k] = x
		}
		p := sim.MaskPoint{AzDeg: v[0], ElDeg: v[1]}
		switch {
		case p.AzDeg < 0 || p.AzDeg > 360:
			return m, fmt.Errorf("%s:%d: azimuth %g° outside [0, 360]", name, i+1, p.AzDeg)
		case p.ElDeg < 0 || p.ElDeg >= 90:
			return m, fmt.Errorf("%s:%d: elevation %g° outside [0, 90)", name, i+1, p.ElDeg)
		case len(m.Azimuth) > 0 && p.AzDeg <= m.Azimuth[len(m.Azimuth)-1].AzDeg:
			return m, fmt.Errorf("%s:%d: azimuths not strictly increasing: %g° after %g° (line %d)", name, i+1, p.AzDeg, m.Azimuth[len(m.Azimuth)-1].AzDeg, lines[len(lines)-1])
		}
		if p.AzDeg == 360 {
			closing, closingEl = i+1, p.ElDeg
			continue
		}
		m.Azimuth = append(m.Azimuth, p)
		lines = append(lines, i+1)
	}
	if len(m.Azimuth) == 0 {
		return m, fmt.Errorf("%s: no 'AZIMUTH_DEG ELEVATION_DEG' lines", name)
	}
	if closing >= 0 && (m.Azimuth[0].AzDeg != 0 || m.Azimuth[0].ElDeg != closingEl) {
		return m, fmt.Errorf("%s:%d: the 360° point (elevation %g°) must repeat the 0° point (line %d has %g° at %g°): the mask wraps at 360°",
			name, closing, closingEl, lines[0], m.Azimuth[0].ElDeg, m.Azimuth[0].AzDeg)
	}
	if err := m.Validate(); err != nil { // the checks above should have caught everything
		return m, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// ParseRegion parses LATMIN,LATMAX,LONMIN,LONMAX (degrees east-positive)
// into a grid of cellDeg cells (flag names the flag for messages).
func ParseRegion(flag, s string, cellDeg float64) (sim.GridSpec, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return sim.GridSpec{}, Usagef("%s %q: want LATMIN,LATMAX,LONMIN,LONMAX in degrees, e.g. 20,60,70,140", flag, s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := ParseFloat(p)
		if err != nil {
			return sim.GridSpec{}, Usagef("%s %q: %q is not a number", flag, s, strings.TrimSpace(p))
		}
		v[i] = x
	}
	g := sim.GridSpec{CellDeg: cellDeg, LatMinDeg: v[0], LatMaxDeg: v[1], LonMinDeg: v[2], LonMaxDeg: v[3]}
	if err := CheckCell(cellDeg); err != nil {
		return g, err
	}
	if err := g.Validate(); err != nil {
		return g, Usagef("%s %s --grid %s: %v", flag, s, strconv.FormatFloat(cellDeg, 'f', -1, 64), strings.TrimPrefix(err.Error(), "grid: "))
	}
	return g, nil
}

// CheckCell checks a --grid cell size.
func CheckCell(cellDeg float64) error {
	if math.IsNaN(cellDeg) || math.IsInf(cellDeg, 0) || cellDeg <= 0 || cellDeg > 180 {
		return Usagef("--grid %g: want a cell size in degrees in (0, 180] that divides 180, e.g. 0.25, 1, 2, 5", cellDeg)
	}
	if q := 180 / cellDeg; q > 1e6 {
		return Usagef("--grid %g: too fine (more than a million rows); a 0.01° grid is already 1 km", cellDeg)
	} else if math.Abs(q-math.Round(q)) > 1e-9*q {
		return Usagef("--grid %g: the cell size must divide 180° (e.g. 0.25, 0.5, 1, 1.5, 2, 2.5, 3, 5, 6, 10)", cellDeg)
	}
	return nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, "/\\"); i >= 0 {
		return p[i+1:]
	}
	return p
}
