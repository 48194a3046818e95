package rinex_test

import (
	"fmt"
	"os"

	"github.com/gnssim/gnssim/ephemeris/rinex"
)

// Read a whole file: header, typed records, skipped bad records.
func ExampleReadFile() {
	f, err := rinex.ReadFile("testdata/esbc1770.20n", rinex.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(f.Header.String(), "- leap seconds", f.Header.Leap.Current)
	for _, r := range f.Records {
		if g, ok := r.(*rinex.GPSEph); ok {
			fmt.Printf("%v line %2d: t_oe %s GPST (week %d, %.0f s), sqrt(A) %.6f m^1/2, transmitted %s\n",
				g.Sat, g.Line, g.ToeTime.Format("2006-01-02 15:04:05"), g.Week, g.Toe, g.SqrtA, g.Transmit.Format("15:04:05"))
		}
	}
	// Output:
	// RINEX 2.11 navigation, gps - leap seconds 18
	// G01 line  9: t_oe 2020-06-25 04:00:00 GPST (week 2111, 360000 s), sqrt(A) 5153.707129 m^1/2, transmitted 02:55:06
	// G01 line 17: t_oe 2020-06-25 06:00:00 GPST (week 2111, 367200 s), sqrt(A) 5153.709305 m^1/2, transmitted 04:00:18
	// G02 line 25: t_oe 2020-06-25 00:00:00 GPST (week 2111, 345600 s), sqrt(A) 5153.721565 m^1/2, transmitted 22:00:18
}

// Stream the records and report the bad ones with their file, line,
// column and field.
func ExampleReader() {
	fh, err := os.Open("testdata/bad-exponent.rnx")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer fh.Close()
	rd := rinex.NewReader(fh, rinex.Options{File: "bad-exponent.rnx"})
	n := 0
	for rd.Next() {
		n++
	}
	if err := rd.Err(); err != nil {
		fmt.Println("fatal:", err)
	}
	fmt.Println(n, "records")
	for _, p := range rd.Problems() {
		fmt.Println(p.Detail())
	}
	// Output:
	// 8 records
	// bad-exponent.rnx:14:62: field sqrt(A): invalid syntax: "5.153707128525e+0x" is not a number; want a number in columns 62-80 (m^1/2), Fortran D19.12 or E19.12 layout
	//         -2.177432179451e-06 1.000394229777e-02 1.937150955200e-06 5.153707128525e+0x
	//                                                                  ^
}
