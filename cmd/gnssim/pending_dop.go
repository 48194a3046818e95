package main

import "context"

// runDOP is being written (this file is deleted when it lands).
func runDOP(ctx context.Context, e *env, args []string) error { return errNotYet }
