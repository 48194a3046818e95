package ephemeris

import (
	"testing"
	"time"
)

func TestAgeAndStaleness(t *testing.T) {
	// COSMOS 2433 of testdata/tle/2026-03-18/glonass.tle: epoch 26077.81820715 =
	// 2026-03-18 (day 77 = 31 + 28 + 18) 19:38:13.09776 (0.81820715 d = 70693.09776 s).
	es, err := ParseTLE("COSMOS 2433 [GLONASS-M]",
		"1 32275U 07052A   26077.81820715 -.00000013  00000+0  00000+0 0  9990",
		"2 32275  65.6267 318.9771 0001536 272.4792  87.5735  2.13104268143131")
	if err != nil {
		t.Fatal(err)
	}
	epoch := time.Date(2026, 3, 18, 19, 38, 13, 97760000, time.UTC)
	if !es.Epoch.Equal(epoch) {
		t.Fatalf("epoch %v, want %v", es.Epoch, epoch)
	}
	use := time.Date(2026, 3, 27, 0, 0, 0, 0, time.UTC)
	// 27 March 00:00 - 18 March 19:38:13.09776 = 8 d 4 h 21 min 46.90224 s.
	wantAge := 8*24*time.Hour + 4*time.Hour + 21*time.Minute + 46*time.Second + 902240*time.Microsecond
	if got := Age(es, use); got != wantAge {
		t.Errorf("Age = %v, want %v", got, wantAge)
	}
	if got := Age(es, epoch.Add(-time.Hour)); got != -time.Hour {
		t.Errorf("Age before epoch = %v, want -1h", got)
	}
	stale, msg := Staleness(es, use, 7*24*time.Hour)
	want := "COSMOS 2433 [GLONASS-M] (32275): element set epoch 2026-03-18T19:38:13Z is 8.2 days from 2026-03-27T00:00:00Z; TLE accuracy is km-level at epoch and degrades over days"
	if !stale || msg != want {
		t.Errorf("Staleness(7 d) = %v, %q\nwant true, %q", stale, msg, want)
	}
	if stale, _ := Staleness(es, use, 9*24*time.Hour); stale {
		t.Error("Staleness(9 d) = true, want false (8.2 days)")
	}
	// Before the epoch, with a limit of exactly |age|: not stale; the
	// message says the epoch lies after the time of use.
	es.Name = ""
	stale, msg = Staleness(es, epoch.Add(-48*time.Hour), 48*time.Hour)
	want = "32275: element set epoch 2026-03-18T19:38:13Z is 2.0 days after 2026-03-16T19:38:13Z; TLE accuracy is km-level at epoch and degrades over days"
	if stale || msg != want {
		t.Errorf("Staleness before epoch = %v, %q\nwant false, %q", stale, msg, want)
	}
}
