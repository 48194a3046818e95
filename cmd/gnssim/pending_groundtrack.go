package main

import "context"

// runGroundtrack is being written (this file is deleted when it lands).
func runGroundtrack(ctx context.Context, e *env, args []string) error { return errNotYet }
