package celestrak

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
)

// Formats accepted by [ParseFormat], in their canonical spelling. The cache
// file of a group carries the format as its extension.
const (
	FormatJSON = "json" // OMM JSON (CelesTrak FORMAT=json); the default
	FormatCSV  = "csv"  // OMM CSV (FORMAT=csv)
	FormatXML  = "xml"  // CCSDS OMM XML (FORMAT=xml)
	FormatTLE  = "tle"  // 3-line TLE: name line and the two element lines (FORMAT=tle)
)

// cacheFormats lists the formats in the order ResolveCacheRef prefers them
// when two cached copies were fetched at the same time.
var cacheFormats = []string{FormatJSON, FormatTLE, FormatCSV, FormatXML}

// ParseFormat returns the canonical name of a download format: "" and "json"
// give FormatJSON, "csv" FormatCSV, "xml" FormatXML, "tle" and "3le"
// FormatTLE (case-insensitive).
func ParseFormat(format string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(format)) {
	case "", "json", "omm", "omm-json":
		return FormatJSON, nil
	case "csv":
		return FormatCSV, nil
	case "xml":
		return FormatXML, nil
	case "tle", "3le":
		return FormatTLE, nil
	}
	return "", fmt.Errorf("unknown CelesTrak format %q (want json, csv, xml or tle)", format)
}

// ephemerisFormat is the ephemeris.Format a body of the given canonical
// format must be detected as.
func ephemerisFormat(format string) ephemeris.Format {
	switch format {
	case FormatJSON:
		return ephemeris.FormatOMMJSON
	case FormatCSV:
		return ephemeris.FormatOMMCSV
	case FormatXML:
		return ephemeris.FormatOMMXML
	case FormatTLE:
		return ephemeris.FormatTLE
	}
	return ephemeris.FormatUnknown
}

// knownGroups are CelesTrak GP groups with navigation satellites.
var knownGroups = map[string]bool{
	"gnss":    true, // all GNSS (GPS, GLONASS, Galileo, BeiDou, QZSS, NavIC, ...)
	"gps-ops": true, // GPS operational
	"glo-ops": true, // GLONASS operational
	"galileo": true,
	"beidou":  true,
	"sbas":    true, // satellite-based augmentation
	"nnss":    true, // Navy Navigation Satellite System (Transit)
	"musson":  true, // Russian LEO navigation
}

// systemGroups maps each navigation system to the CelesTrak group holding it.
var systemGroups = map[ephemeris.System]string{
	ephemeris.GLONASS: "glo-ops",
	ephemeris.BeiDou:  "beidou",
	ephemeris.GPS:     "gps-ops",
	ephemeris.Galileo: "galileo",
	ephemeris.SBAS:    "sbas",
	ephemeris.QZSS:    "gnss", // no QZSS group on CelesTrak
	ephemeris.NavIC:   "gnss", // no NavIC/IRNSS group on CelesTrak
}

// ResolveGroup maps a friendly name to a CelesTrak GP group (see the package
// documentation for the table): known CelesTrak groups first, then system
// names and letters as understood by ephemeris.ParseSystem, then any other
// name made of lower-case ASCII letters, digits and '-' (at most 64 bytes),
// which is taken as a CelesTrak group name as it is. Matching is
// case-insensitive; the result is lower-case.
func ResolveGroup(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" {
		return "", fmt.Errorf("empty CelesTrak group name (want e.g. glonass, beidou, gps, galileo or a group such as gnss)")
	}
	if knownGroups[n] {
		return n, nil
	}
	if sys, err := ephemeris.ParseSystem(n); err == nil {
		if g, ok := systemGroups[sys]; ok {
			return g, nil
		}
	}
	if !validGroupName(n) {
		return "", fmt.Errorf("invalid CelesTrak group name %q (want a system such as glonass, beidou, gps, galileo, or a group name of letters, digits and '-')", name)
	}
	return n, nil
}

func validGroupName(n string) bool {
	if len(n) == 0 || len(n) > 64 || n[0] == '-' {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// requestURL is the GP query URL for an already resolved group and format.
func requestURL(base *url.URL, group, format string) string {
	u := *base
	u.Path = strings.TrimRight(u.Path, "/") + "/NORAD/elements/gp.php"
	q := url.Values{}
	q.Set("GROUP", group)
	q.Set("FORMAT", format)
	// CelesTrak documents GROUP before FORMAT; url.Values.Encode sorts keys,
	// which happens to give the same order.
	u.RawQuery = q.Encode()
	u.Fragment = ""
	return u.String()
}

// cacheFileName is the name of a group's data file in the cache directory.
func cacheFileName(group, format string) string { return group + "." + format }

// metaSuffix is appended to a data file's name to name its metadata file.
const metaSuffix = ".meta.json"
