package main

import "github.com/gnssim/gnssim/ephemeris"

func builtinSnapshotName() string { return ephemeris.BuiltinSnapshot }
