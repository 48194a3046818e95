package ephemeris

import "time"

// Format is the text encoding an element set was read from.
type Format uint8

const (
	FormatUnknown Format = iota
	FormatTLE            // two-line element set, optionally with a name line
	FormatOMMJSON        // CelesTrak OMM in JSON
	FormatOMMCSV         // CelesTrak OMM in CSV
	FormatOMMXML         // CCSDS OMM in XML (NDM)
)

func (f Format) String() string {
	switch f {
	case FormatTLE:
		return "TLE"
	case FormatOMMJSON:
		return "OMM JSON"
	case FormatOMMCSV:
		return "OMM CSV"
	case FormatOMMXML:
		return "OMM XML"
	}
	return "unknown"
}

// Source says where an element set came from, so that any later failure can
// point back to the input.
type Source struct {
	File   string // file name as given by the caller ("" for unnamed input)
	Line   int    // 1-based line of the record's first line (TLE line 1 or name line; OMM record start)
	Format Format
}

// ElementSet is one set of SGP4 mean elements (TEME, Kozai-free Brouwer mean
// motion as used by SGP4) with its identity and provenance.
type ElementSet struct {
	Name           string // object name (TLE line 0 / OMM OBJECT_NAME), trimmed; may be empty
	CatalogNumber  int    // NORAD catalog number; TLE Alpha-5 decoded (A0000 = 100000 ... Z9999 = 339999); OMM up to 999999999
	Classification byte   // 'U', 'C' or 'S'
	IntlDesignator string // international designator as in a TLE, e.g. "58002B" (may be empty)

	// Epoch of the elements, UTC. Nanosecond resolution: TLE day fractions
	// with 8 decimals convert exactly (1e-8 day = 864 µs).
	Epoch time.Time

	MeanMotionDot  float64 // first derivative of mean motion / 2, rev/day² (TLE line 1 field as written)
	MeanMotionDDot float64 // second derivative of mean motion / 6, rev/day³ (TLE line 1 field as written)
	BStar          float64 // drag term, 1/Earth radii
	EphemerisType  int     // 0 (or blank) = SGP4; 4 = SGP4-XP, refused by the parsers
	ElementSetNo   int     // element set number

	InclinationDeg      float64 // inclination, degrees [0, 180]
	RAANDeg             float64 // right ascension of the ascending node, degrees [0, 360)
	Eccentricity        float64 // eccentricity [0, 1)
	ArgPerigeeDeg       float64 // argument of perigee, degrees [0, 360)
	MeanAnomalyDeg      float64 // mean anomaly, degrees [0, 360)
	MeanMotionRevPerDay float64 // mean motion, revolutions per day (> 0)
	RevAtEpoch          int     // revolution number at epoch

	Source Source
}
