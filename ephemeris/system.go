package ephemeris

import (
	"fmt"
	"strings"
)

// System is a satellite navigation system.
type System uint8

// The systems gnssim knows, in RINEX letter order of common use.
const (
	SystemUnknown System = iota
	GLONASS              // R
	BeiDou               // C
	GPS                  // G
	Galileo              // E
	QZSS                 // J
	NavIC                // I (IRNSS)
	SBAS                 // S
)

// Systems lists every known system (SystemUnknown excluded), in a fixed order.
var Systems = []System{GLONASS, BeiDou, GPS, Galileo, QZSS, NavIC, SBAS}

var systemNames = [...]string{"unknown", "glonass", "beidou", "gps", "galileo", "qzss", "navic", "sbas"}
var systemLetters = [...]string{"?", "R", "C", "G", "E", "J", "I", "S"}

// String returns the lower-case name ("glonass", "beidou", ...).
func (s System) String() string {
	if int(s) < len(systemNames) {
		return systemNames[s]
	}
	return fmt.Sprintf("system(%d)", uint8(s))
}

// Letter returns the RINEX system letter ("R", "C", "G", "E", "J", "I", "S").
func (s System) Letter() string {
	if int(s) < len(systemLetters) {
		return systemLetters[s]
	}
	return "?"
}

// Title returns the usual written name ("GLONASS", "BeiDou", ...).
func (s System) Title() string {
	switch s {
	case GLONASS:
		return "GLONASS"
	case BeiDou:
		return "BeiDou"
	case GPS:
		return "GPS"
	case Galileo:
		return "Galileo"
	case QZSS:
		return "QZSS"
	case NavIC:
		return "NavIC"
	case SBAS:
		return "SBAS"
	}
	return "unknown"
}

// ParseSystem accepts a system name or RINEX letter, case-insensitively:
// "glonass"/"glo"/"R", "beidou"/"bds"/"C", "gps"/"G", "galileo"/"gal"/"E",
// "qzss"/"J", "navic"/"irnss"/"I", "sbas"/"S".
func ParseSystem(s string) (System, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "glonass", "glo", "r":
		return GLONASS, nil
	case "beidou", "bds", "compass", "c":
		return BeiDou, nil
	case "gps", "navstar", "g":
		return GPS, nil
	case "galileo", "gal", "e":
		return Galileo, nil
	case "qzss", "qzs", "j":
		return QZSS, nil
	case "navic", "irnss", "i":
		return NavIC, nil
	case "sbas", "s":
		return SBAS, nil
	}
	return SystemUnknown, fmt.Errorf("unknown navigation system %q (want glonass, beidou, gps, galileo, qzss, navic, sbas or a letter R, C, G, E, J, I, S)", s)
}

// ParseSystems parses a list such as "glonass,beidou", "R,C", "R+C" or "RC"
// into distinct systems in the order given; "all" (any case) is every
// navigation system, in Systems order.
func ParseSystems(s string) ([]System, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "all") {
		return append([]System(nil), Systems...), nil
	}
	if s == "" {
		return nil, fmt.Errorf("empty system list (want e.g. glonass,beidou or R,C)")
	}
	var parts []string
	if strings.ContainsAny(s, ",+ ") {
		parts = strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '+' || r == ' ' })
	} else if len(s) > 1 && strings.Trim(strings.ToUpper(s), "RCGEJIS") == "" {
		for _, r := range s {
			parts = append(parts, string(r))
		}
	} else {
		parts = []string{s}
	}
	var out []System
	seen := map[System]bool{}
	for _, p := range parts {
		sys, err := ParseSystem(p)
		if err != nil {
			return nil, err
		}
		if seen[sys] {
			return nil, fmt.Errorf("system %s listed twice in %q", sys, s)
		}
		seen[sys] = true
		out = append(out, sys)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty system list %q (want e.g. glonass,beidou, R,C or all)", s)
	}
	return out, nil
}
