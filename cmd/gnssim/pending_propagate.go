package main

import "context"

// runPropagate is being written (this file is deleted when it lands).
func runPropagate(ctx context.Context, e *env, args []string) error { return errNotYet }
