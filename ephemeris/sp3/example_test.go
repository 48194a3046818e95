package sp3_test

import (
	"fmt"
	"path/filepath"

	"github.com/gnssim/gnssim/ephemeris/sp3"
)

// Read a gzip-compressed SP3-d file and look at its header and a record.
func ExampleReadFile() {
	f, err := sp3.ReadFile(filepath.Join("testdata", "Sta21114.sp3.gz"), sp3.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	h := f.Header
	fmt.Printf("SP3-%c %s %s, %v time, %d epochs every %v, %d satellites\n",
		h.Version, h.Agency, h.CoordSystem, h.TimeSystem, len(f.Epochs), h.Interval, len(h.Satellites))
	fmt.Println("first epoch:", f.Epochs[0].Format("2006-01-02 15:04:05"), "GPST =", f.EpochsUTC[0].Format("2006-01-02 15:04:05"), "UTC")
	id, _ := sp3.ParseSatID("R07")
	sat := f.SatIndex(id)
	fmt.Printf("R07: %.6f km, clock %.6f µs\n", f.Position(sat, 0), f.Clock(sat, 0))
	fmt.Println("problems:", len(f.Problems()))
	// Output:
	// SP3-d IAC IGS14, GPS time, 97 epochs every 15m0s, 121 satellites
	// first epoch: 2020-06-25 00:00:00 GPST = 2020-06-24 23:59:42 UTC
	// R07: [11657.752820 21478.520535 -7201.902388] km, clock -37.871277 µs
	// problems: 0
}

// Lenient reading keeps the good records and reports each bad one.
func ExampleRead_problems() {
	f, err := sp3.ReadFile(filepath.Join("testdata", "satellite-not-in-header.sp3"), sp3.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(f.Epochs), "epochs")
	for _, p := range f.Problems() {
		fmt.Println(p)
	}
	_, err = sp3.ReadFile(filepath.Join("testdata", "satellite-not-in-header.sp3"), sp3.Options{Strict: true})
	fmt.Println("strict:", err != nil)
	// Output:
	// 4 epochs
	// testdata/satellite-not-in-header.sp3:25:2: field satellite: value out of range: satellite G02 is not in the header's satellite list; record skipped; want a satellite identifier of the header in columns 2-4 (system letter, then 2 digits)
	// strict: true
}
