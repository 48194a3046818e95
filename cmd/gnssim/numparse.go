package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// parseFloatStrict parses a finite decimal number (no NaN, no Inf).
func parseFloatStrict(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return f, nil
}
