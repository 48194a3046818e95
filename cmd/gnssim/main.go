// Command gnssim simulates what GNSS constellations — GLONASS and BeiDou
// first — give a receiver alone and together: visibility, DOP, coverage maps,
// sky plots and ground tracks from public element sets propagated with SGP4.
//
// Run `gnssim help` for the commands, `gnssim COMMAND --help` for each one.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
