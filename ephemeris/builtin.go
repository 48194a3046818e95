package ephemeris

import (
	_ "embed" // for the //go:embed snapshot files
)

// BuiltinSnapshot is the date of the element-set snapshot compiled into the
// package (the median TLE epoch is 2026-03-18T13:46 UTC; epochs range from
// 2026-02-26 to 2026-03-19).
const BuiltinSnapshot = "2026-03-18"

// NamedData is the content of one input file with the name it is known by.
type NamedData struct {
	Name string // e.g. "builtin:2026-03-18/glonass.tle"
	Data []byte
}

// The files of testdata/tle/2026-03-18, copied into builtin/2026-03-18
// (go:embed cannot reach outside the package directory). One variable per
// file keeps Builtin free of run-time errors: a missing file fails the build.
var (
	//go:embed builtin/2026-03-18/beidou.tle
	builtinBeiDou string
	//go:embed builtin/2026-03-18/galileo.tle
	builtinGalileo string
	//go:embed builtin/2026-03-18/glonass.tle
	builtinGLONASS string
	//go:embed builtin/2026-03-18/gps.tle
	builtinGPS string
	//go:embed builtin/2026-03-18/navic.tle
	builtinNavIC string
	//go:embed builtin/2026-03-18/qzss.tle
	builtinQZSS string
	//go:embed builtin/2026-03-18/SOURCES.md
	builtinSources string
)

// Builtin returns the element-set files of snapshot BuiltinSnapshot
// (CelesTrak 3-line TLEs: beidou 55, galileo 30, glonass 28, gps 39, navic 9,
// qzss 5 satellites, taken from CelesTrak's "active" catalogue, so spares and
// satellites in test are included; see Catalog.Identify for which are
// operational), sorted by name. Each call returns fresh copies of the data.
func Builtin() []NamedData {
	files := []struct{ name, data string }{
		{"beidou.tle", builtinBeiDou},
		{"galileo.tle", builtinGalileo},
		{"glonass.tle", builtinGLONASS},
		{"gps.tle", builtinGPS},
		{"navic.tle", builtinNavIC},
		{"qzss.tle", builtinQZSS},
	}
	out := make([]NamedData, len(files))
	for i, f := range files {
		out[i] = NamedData{Name: "builtin:" + BuiltinSnapshot + "/" + f.name, Data: []byte(f.data)}
	}
	return out
}

// BuiltinProvenance returns the provenance of the built-in snapshot (its
// SOURCES.md: source repository and commit, selection, epoch ranges and the
// checks applied), as Markdown.
func BuiltinProvenance() string { return builtinSources }
