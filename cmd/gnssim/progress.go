package main

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// progress draws a one-line bar on stderr for long runs: only when stderr is
// a terminal (env.progress), only after the run has lasted progressDelay, and
// at most 10 times a second. Safe for concurrent Update calls.
type progress struct {
	e       *env
	label   string
	started time.Time
	mu      sync.Mutex
	last    time.Time
	drawn   bool
}

const progressDelay = 1500 * time.Millisecond

func newProgress(e *env, label string) *progress {
	return &progress{e: e, label: label, started: time.Now()}
}

// Update reports done of total units of work.
func (p *progress) Update(done, total int) {
	if p == nil || !p.e.progress || total <= 0 {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Sub(p.started) < progressDelay || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.drawn = true
	frac := float64(done) / float64(total)
	if frac > 1 {
		frac = 1
	}
	const width = 30
	n := int(frac * width)
	eta := ""
	if frac > 0.02 {
		rem := time.Duration(float64(now.Sub(p.started)) * (1 - frac) / frac)
		eta = fmt.Sprintf(" ~%s left", rem.Round(time.Second))
	}
	fmt.Fprintf(p.e.stderr, "\r%s [%s%s] %3.0f%%%s   ", p.label, strings.Repeat("#", n), strings.Repeat(" ", width-n), 100*frac, eta)
}

// Done clears the bar if one was drawn.
func (p *progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprintf(p.e.stderr, "\r%s\r", strings.Repeat(" ", len(p.label)+60))
		p.drawn = false
	}
}
