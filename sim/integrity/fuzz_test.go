package integrity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gnssim/gnssim/sim/integrity"
)

// FuzzParseISM: ParseISM never panics; it returns either a *ParseError
// naming the file, or sets whose every ISM and user model validates.
// Seeds: testdata/fuzz/FuzzParseISM and the cases below.
func FuzzParseISM(f *testing.F) {
	f.Add([]byte("gps:\n  p_sat: 1e-5\n"))
	f.Add([]byte(`{"glonass": {"sigma_ura_m": 2, "user": {"noise": "galileo-table"}}}`))
	f.Add([]byte("a: &x {p_sat: 1e-5}\nbeidou: *x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := integrity.ParseISM("fuzz.yaml", data)
		if err != nil {
			var pe *integrity.ParseError
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Fatalf("error %v (%T) does not name the file", err, err)
			}
			return
		}
		for s, m := range out.ISM {
			if err := m.Validate(); err != nil {
				t.Fatalf("%v: %v", s, err)
			}
		}
		for s, u := range out.User {
			if err := u.Validate(); err != nil {
				t.Fatalf("%v: %v", s, err)
			}
		}
	})
}
