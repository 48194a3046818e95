package accuracy

import (
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim"
)

// Pair is one satellite found in both sources.
type Pair struct {
	A, B int           // indices into the Satellites() of source a and of source b
	Sat  sim.Satellite // the satellite as source a lists it
	// SatB is the satellite as source b lists it (same System and PRN
	// once normalised; Name and NORAD may differ).
	SatB sim.Satellite
}

// Unmatched is a satellite of one source without a partner in the other.
type Unmatched struct {
	Index  int           // index into that source's Satellites()
	Sat    sim.Satellite // the satellite
	Reason string        // "not in the other source", "no PRN", or "duplicate of index N"
}

// Matching pairs the satellites of two sources.
type Matching struct {
	// Pairs are the matched satellites, in source a's order.
	Pairs []Pair
	// OnlyA and OnlyB list the satellites of a (b) left unmatched, in
	// index order.
	OnlyA, OnlyB []Unmatched
}

// Match pairs the satellites of a and b by system and PRN. The PRN is the
// RINEX-style identifier of sim.Satellite.PRN: "G05", "C19", and for
// GLONASS the orbital slot "R07" (sim/dataset labels identified element
// sets the same way, from its PRN catalog; the broadcast and precise
// adapters use the files' identifiers). PRNs are compared after
// normalisation: surrounding blanks removed, upper case, and a letter
// followed by a number written with two digits at least ("G5", "g 5" and
// "G05" are one satellite). A PRN not of that form (sim/dataset labels a
// satellite unknown to its catalog by its NORAD number) is matched on its
// normalised text; an empty PRN never matches. When a source lists a PRN
// twice the first is used and the others are reported as duplicates.
func Match(a, b []sim.Satellite) Matching {
	type key struct {
		sys ephemeris.System
		prn string
	}
	var m Matching
	inB := map[key]int{}
	usedB := make([]bool, len(b))
	dupB := make([]int, len(b))
	for j, s := range b {
		dupB[j] = -1
		p := NormalizePRN(s.PRN)
		if p == "" {
			continue
		}
		k := key{s.System, p}
		if first, ok := inB[k]; ok {
			dupB[j] = first
			continue
		}
		inB[k] = j
	}
	seenA := map[key]int{}
	for i, s := range a {
		p := NormalizePRN(s.PRN)
		if p == "" {
			m.OnlyA = append(m.OnlyA, Unmatched{Index: i, Sat: s, Reason: "no PRN"})
			continue
		}
		k := key{s.System, p}
		if first, ok := seenA[k]; ok {
			m.OnlyA = append(m.OnlyA, Unmatched{Index: i, Sat: s, Reason: "duplicate of index " + strconv.Itoa(first)})
			continue
		}
		seenA[k] = i
		j, ok := inB[k]
		if !ok {
			m.OnlyA = append(m.OnlyA, Unmatched{Index: i, Sat: s, Reason: "not in the other source"})
			continue
		}
		usedB[j] = true
		m.Pairs = append(m.Pairs, Pair{A: i, B: j, Sat: s, SatB: b[j]})
	}
	for j, s := range b {
		switch {
		case usedB[j]:
		case NormalizePRN(s.PRN) == "":
			m.OnlyB = append(m.OnlyB, Unmatched{Index: j, Sat: s, Reason: "no PRN"})
		case dupB[j] >= 0:
			m.OnlyB = append(m.OnlyB, Unmatched{Index: j, Sat: s, Reason: "duplicate of index " + strconv.Itoa(dupB[j])})
		default:
			m.OnlyB = append(m.OnlyB, Unmatched{Index: j, Sat: s, Reason: "not in the other source"})
		}
	}
	return m
}

// NormalizePRN returns the form of a satellite identifier that Match
// compares: blanks removed at both ends, upper case, and "L<number>" (a
// letter, optional blanks, 1 to 3 digits) written "L%02d": "g5" and "G 5"
// give "G05", "c19" gives "C19". Other text is returned trimmed and in
// upper case.
func NormalizePRN(prn string) string {
	p := strings.ToUpper(strings.TrimSpace(prn))
	if len(p) < 2 || p[0] < 'A' || p[0] > 'Z' {
		return p
	}
	digits := strings.TrimLeft(p[1:], " ")
	if len(digits) == 0 || len(digits) > 3 {
		return p
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n < 0 || strings.ContainsAny(digits, "+-") {
		return p
	}
	if n < 10 {
		return p[:1] + "0" + strconv.Itoa(n)
	}
	return p[:1] + strconv.Itoa(n)
}
