package main

import (
	"bytes"
	"testing"
	"time"
)

func TestProgressOnlyOnTerminalAndAfterDelay(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&env{stderr: &buf, progress: false}, "coverage")
	p.started = time.Now().Add(-time.Hour)
	p.Update(1, 2)
	if buf.Len() != 0 {
		t.Fatalf("drew a bar although stderr is not a terminal: %q", buf.String())
	}
	p = newProgress(&env{stderr: &buf, progress: true}, "coverage")
	p.Update(1, 2)
	if buf.Len() != 0 {
		t.Fatalf("drew a bar before the delay: %q", buf.String())
	}
	p.started = time.Now().Add(-time.Hour)
	p.Update(1, 2)
	if !bytes.Contains(buf.Bytes(), []byte(" 50%")) {
		t.Fatalf("no bar after the delay: %q", buf.String())
	}
	p.Done()
}
