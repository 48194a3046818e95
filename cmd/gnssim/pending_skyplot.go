package main

import "context"

// runSkyplot is being written (this file is deleted when it lands).
func runSkyplot(ctx context.Context, e *env, args []string) error { return errNotYet }
