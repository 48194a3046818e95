package ephemeris

import (
	"fmt"
	"time"
)

// Age returns t minus the element set's epoch: positive when t is after the
// epoch, negative when the elements are used before their epoch.
func Age(es *ElementSet, t time.Time) time.Duration {
	return t.Sub(es.Epoch)
}

// Staleness reports whether the element set is used further than limit
// from its epoch (|Age| > limit; a non-positive limit makes every nonzero
// age stale), with a message naming the set, its epoch, the distance in
// days and the time of use, e.g.
//
//	COSMOS 2433 (32275): element set epoch 2026-03-18T19:38:13Z is 8.2 days from 2026-03-27T00:00:00Z; TLE accuracy is km-level at epoch and degrades over days
//
// The message is returned whether or not the set is stale.
//
// Accuracy expectation: a TLE holds SGP4 mean elements fitted to
// observations; propagated with SGP4 its position error is of the order of
// a kilometre at epoch and grows with time from epoch, typically by a few
// kilometres per day (Vallado et al., "Revisiting Spacetrack Report #3",
// AIAA 2006-6753; Kelso, "Validation of SGP4 and IS-GPS-200D against GPS
// precision ephemerides", AAS 07-127, for GNSS orbits). For satellite
// visibility and DOP that is harmless for days (1 km at 20000 km range is
// 0.003°), but a simulation weeks away from the epochs should be refreshed
// with newer element sets.
func Staleness(es *ElementSet, t time.Time, limit time.Duration) (stale bool, msg string) {
	age := Age(es, t)
	abs := age
	if abs < 0 {
		abs = -abs
	}
	stale = abs > limit
	who := fmt.Sprintf("%d", es.CatalogNumber)
	if es.Name != "" {
		who = fmt.Sprintf("%s (%d)", es.Name, es.CatalogNumber)
	}
	rel := "from"
	if age < 0 {
		rel = "after" // the epoch lies after t
	}
	days := abs.Hours() / 24
	msg = fmt.Sprintf("%s: element set epoch %s is %.1f days %s %s; TLE accuracy is km-level at epoch and degrades over days",
		who, es.Epoch.UTC().Format(time.RFC3339), days, rel, t.UTC().Format(time.RFC3339))
	return stale, msg
}
