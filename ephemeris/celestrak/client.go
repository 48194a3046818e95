package celestrak

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
)

// Defaults used for zero fields of a Client.
const (
	DefaultBaseURL = "https://celestrak.org"
	DefaultMaxAge  = 2 * time.Hour    // CelesTrak's GP update cycle
	DefaultRetries = 3                // retries after the first attempt
	DefaultTimeout = 60 * time.Second // per attempt, whole response included
)

// Limits applied to every download.
const (
	// MaxRetryAfter is the longest Retry-After a Client waits; a longer one
	// fails at once with the server's message.
	MaxRetryAfter = 5 * time.Minute
	// MaxBodyBytes bounds a response body (the whole "active" catalogue in
	// JSON is about 15 MB; a GNSS group about 0.2 MB).
	MaxBodyBytes = 64 << 20
	// backoffBase and backoffMax define the wait before retry n (n = 1, 2,
	// ...): backoffBase·2^(n-1), at most backoffMax. No jitter: a single
	// client gains nothing from it and tests stay deterministic.
	backoffBase = 2 * time.Second
	backoffMax  = time.Minute
	// clockSkew is how far in the future a cached fetch time may lie and
	// still count as fresh (tolerates small clock adjustments).
	clockSkew = time.Minute
)

// Client downloads CelesTrak GP groups into a cache. The zero value is
// ready to use; zero fields take the documented defaults. A Client is not
// modified by its methods and may be used by several goroutines, but two
// concurrent fetches of the same group and format duplicate the request.
type Client struct {
	BaseURL   string        // default "https://celestrak.org"; tests point it at httptest
	HTTP      *http.Client  // default: an http.Client with Timeout
	CacheDir  string        // default: DefaultCacheDir() = os.UserCacheDir()/gnssim/celestrak (XDG_CACHE_HOME honoured)
	UserAgent string        // default DefaultUserAgent(): "gnssim/<version> (+https://github.com/gnssim/gnssim)"
	MaxAge    time.Duration // serve from cache when younger (default 2 h); negative: always ask the server
	Retries   int           // retries after a failed attempt (default 3); negative: none
	Timeout   time.Duration // per attempt, response body included (default 60 s)

	// Now returns the current time (default time.Now); injectable for tests.
	Now func() time.Time
	// Sleep waits d or until ctx is done, returning ctx.Err() then (default:
	// a timer); injectable so that tests need not wait for backoff.
	Sleep func(ctx context.Context, d time.Duration) error

	Log io.Writer // optional progress notes, one line each
}

// Result describes the cached file a Fetch left in place.
type Result struct {
	Group     string    // CelesTrak group, e.g. "glo-ops"
	Format    string    // canonical format, e.g. "json"
	Path      string    // cached data file
	FromCache bool      // no new data were downloaded (fresh cache, or 304 Not Modified)
	Sets      int       // element sets in the file
	FetchedAt time.Time // UTC time of the last successful request for these data
}

// DefaultUserAgent is the User-Agent sent when Client.UserAgent is empty:
// "gnssim/<version> (+https://github.com/gnssim/gnssim)", the version being
// the main module's build version, or "dev" for a development build.
func DefaultUserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == "github.com/gnssim/gnssim" &&
		bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "gnssim/" + v + " (+https://github.com/gnssim/gnssim)"
}

// config is a Client with every default resolved.
type config struct {
	base      *url.URL
	http      *http.Client
	cacheDir  string
	userAgent string
	maxAge    time.Duration
	retries   int
	timeout   time.Duration
	now       func() time.Time
	sleep     func(context.Context, time.Duration) error
	log       io.Writer
}

func (c *Client) config() (*config, error) {
	cfg := &config{
		http: c.HTTP, cacheDir: c.CacheDir, userAgent: c.UserAgent, maxAge: c.MaxAge,
		retries: c.Retries, timeout: c.Timeout, now: c.Now, sleep: c.Sleep, log: c.Log,
	}
	raw := c.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("celestrak: invalid BaseURL %q (want e.g. https://celestrak.org)", raw)
	}
	cfg.base = u
	if cfg.timeout <= 0 {
		cfg.timeout = DefaultTimeout
	}
	if cfg.http == nil {
		cfg.http = &http.Client{Timeout: cfg.timeout}
	}
	if cfg.cacheDir == "" {
		if cfg.cacheDir, err = DefaultCacheDir(); err != nil {
			return nil, err
		}
	}
	if cfg.userAgent == "" {
		cfg.userAgent = DefaultUserAgent()
	}
	if cfg.maxAge == 0 {
		cfg.maxAge = DefaultMaxAge
	}
	switch {
	case cfg.retries == 0:
		cfg.retries = DefaultRetries
	case cfg.retries < 0:
		cfg.retries = 0
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.sleep == nil {
		cfg.sleep = sleepContext
	}
	if cfg.log == nil {
		cfg.log = io.Discard
	}
	return cfg, nil
}

// sleepContext waits d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// backoff is the wait before retry n (n >= 1).
func backoff(n int) time.Duration {
	d := backoffBase
	for i := 1; i < n && d < backoffMax; i++ {
		d *= 2
	}
	return min(d, backoffMax)
}

// Fetch makes sure an up-to-date copy of a CelesTrak group (any name
// ResolveGroup accepts) in a format ("" means json; see ParseFormat) is in
// the cache, and describes it.
//
// A valid cached copy younger than MaxAge is returned without a request
// unless force is set. Otherwise the group is requested, conditionally when
// a valid cached copy exists; 304 keeps the copy and renews its fetch time.
// Network errors, timeouts, 429 and 5xx are retried (see the package
// documentation); 403, other 4xx and invalid content are not. Whatever
// fails, a good cached file is left as it was. Cancelling ctx stops at once,
// during a request or a backoff wait.
func (c *Client) Fetch(ctx context.Context, group string, format string, force bool) (*Result, error) {
	g, err := ResolveGroup(group)
	if err != nil {
		return nil, fmt.Errorf("celestrak: %w", err)
	}
	f, err := ParseFormat(format)
	if err != nil {
		return nil, fmt.Errorf("celestrak: %w", err)
	}
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("celestrak: fetch %s %s: %w", g, f, err)
	}
	path := filepath.Join(cfg.cacheDir, cacheFileName(g, f))
	u := requestURL(cfg.base, g, f)

	cached, cacheErr := loadCache(path)
	if cacheErr != nil && !errors.Is(cacheErr, os.ErrNotExist) {
		fmt.Fprintf(cfg.log, "celestrak: ignoring cache: %v\n", cacheErr)
	}
	if cached != nil && !force {
		age := cfg.now().Sub(cached.FetchedAt)
		if age >= -clockSkew && age < cfg.maxAge {
			fmt.Fprintf(cfg.log, "celestrak: %s %s from cache (%d sets, fetched %s ago)\n", g, f, cached.Sets, max(age, 0).Round(time.Second))
			return &Result{Group: g, Format: f, Path: path, FromCache: true, Sets: cached.Sets, FetchedAt: cached.FetchedAt}, nil
		}
	}
	if err := os.MkdirAll(cfg.cacheDir, 0o755); err != nil {
		return nil, fmt.Errorf("celestrak: creating cache directory: %w", err)
	}

	d, err := download(ctx, cfg, u, cached)
	if err != nil {
		return nil, fmt.Errorf("celestrak: fetch %s %s: %w", g, f, err)
	}
	fetchedAt := cfg.now().UTC().Round(0)
	if d.notModified {
		m := *cached
		m.URL, m.FetchedAt = u, fetchedAt
		if d.etag != "" {
			m.ETag = d.etag
		}
		if d.lastModified != "" {
			m.LastModified = d.lastModified
		}
		if err := writeMetadata(path, &m); err != nil {
			return nil, fmt.Errorf("celestrak: fetch %s %s: %w", g, f, err)
		}
		fmt.Fprintf(cfg.log, "celestrak: %s %s not modified; cache kept (%d sets)\n", g, f, m.Sets)
		return &Result{Group: g, Format: f, Path: path, FromCache: true, Sets: m.Sets, FetchedAt: fetchedAt}, nil
	}

	sets, err := validate(d.body, f, "CelesTrak "+cacheFileName(g, f))
	if err != nil {
		return nil, fmt.Errorf("celestrak: fetch %s %s from %s: %w", g, f, u, err)
	}
	if err := writeFileAtomic(path, d.body, 0o644); err != nil {
		return nil, fmt.Errorf("celestrak: caching %s %s: %w", g, f, err)
	}
	m := &Metadata{
		URL: u, Group: g, Format: f, FetchedAt: fetchedAt, SHA256: sha256Hex(d.body),
		Bytes: int64(len(d.body)), Sets: sets, LastModified: d.lastModified, ETag: d.etag,
	}
	if err := writeMetadata(path, m); err != nil {
		// The data file is already the new, valid one; without matching
		// metadata the next Fetch simply downloads again.
		return nil, fmt.Errorf("celestrak: caching %s %s: %w", g, f, err)
	}
	fmt.Fprintf(cfg.log, "celestrak: %s %s downloaded: %d sets, %d bytes -> %s\n", g, f, sets, len(d.body), path)
	return &Result{Group: g, Format: f, Path: path, Sets: sets, FetchedAt: fetchedAt}, nil
}

// downloaded is one successful HTTP exchange.
type downloaded struct {
	body               []byte
	notModified        bool
	lastModified, etag string
}

// download performs the request with retries.
func download(ctx context.Context, cfg *config, u string, cached *Metadata) (*downloaded, error) {
	for attempt := 1; ; attempt++ {
		fmt.Fprintf(cfg.log, "celestrak: GET %s (attempt %d of %d)\n", u, attempt, cfg.retries+1)
		d, err := attemptOnce(ctx, cfg, u, cached)
		if err == nil {
			return d, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var te *transientError
		if !errors.As(err, &te) {
			return nil, err
		}
		if attempt > cfg.retries {
			return nil, fmt.Errorf("giving up after %s: %w", plural(attempt, "attempt"), te.err)
		}
		wait := max(backoff(attempt), te.retryAfter)
		fmt.Fprintf(cfg.log, "celestrak: %v; retrying in %s\n", te.err, wait)
		if err := cfg.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("waiting %s before retry %d: %w", wait, attempt, err)
		}
	}
}

// attemptOnce makes one request. Retryable failures are *transientError.
func attemptOnce(ctx context.Context, cfg *config, u string, cached *Metadata) (*downloaded, error) {
	actx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("building request: %w", err)
	}
	req.Header.Set("User-Agent", cfg.userAgent)
	if cached != nil {
		if cached.ETag != "" {
			req.Header.Set("If-None-Match", cached.ETag)
		}
		if cached.LastModified != "" {
			req.Header.Set("If-Modified-Since", cached.LastModified)
		}
	}
	timedOut := func(err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if errors.Is(actx.Err(), context.DeadlineExceeded) || isTimeout(err) {
			return &transientError{err: fmt.Errorf("no complete answer within %s: %w", cfg.timeout, err)}
		}
		return nil
	}
	resp, err := cfg.http.Do(req)
	if err != nil {
		if e := timedOut(err); e != nil {
			return nil, e
		}
		return nil, &transientError{err: fmt.Errorf("request failed: %w", err)}
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusOK:
		body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
		if err != nil {
			if e := timedOut(err); e != nil {
				return nil, e
			}
			what := fmt.Sprintf("after %d bytes", len(body))
			if resp.ContentLength >= 0 {
				what = fmt.Sprintf("after %d of %d bytes (Content-Length)", len(body), resp.ContentLength)
			}
			return nil, &transientError{err: fmt.Errorf("download cut off %s: %w", what, err)}
		}
		if len(body) > MaxBodyBytes {
			return nil, fmt.Errorf("%w: the answer exceeds %d bytes", ErrBadContent, MaxBodyBytes)
		}
		return &downloaded{body: body, lastModified: resp.Header.Get("Last-Modified"), etag: resp.Header.Get("ETag")}, nil
	case resp.StatusCode == http.StatusNotModified:
		if cached == nil {
			return nil, fmt.Errorf("HTTP %s to an unconditional request from %s", resp.Status, u)
		}
		return &downloaded{notModified: true, lastModified: resp.Header.Get("Last-Modified"), etag: resp.Header.Get("ETag")}, nil
	}

	// An error answer: keep its message.
	msgBody, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10))
	he := &HTTPError{URL: u, StatusCode: resp.StatusCode, Status: resp.Status, Message: serverMessage(msgBody)}
	if he.Status == "" {
		he.Status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	ra, hasRA := parseRetryAfter(resp.Header.Get("Retry-After"), cfg.now())
	if hasRA {
		he.RetryAfter = ra
	}
	switch {
	case resp.StatusCode == http.StatusForbidden:
		he.Hint = "CelesTrak may be rate-limiting or blocking this address for downloading too often; " +
			"do not retry now, use the cached data and wait at least one update cycle (2 h)"
		return nil, he
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		if hasRA && ra > MaxRetryAfter {
			he.Hint = fmt.Sprintf("the server asks to wait %s, longer than the %s this client waits; try again later", ra.Round(time.Second), MaxRetryAfter)
			return nil, he
		}
		return nil, &transientError{err: he, retryAfter: ra}
	case resp.StatusCode == http.StatusNotFound:
		he.Hint = "check the group name"
		return nil, he
	}
	return nil, he
}

// isTimeout reports whether err says a deadline passed.
func isTimeout(err error) bool {
	var te interface{ Timeout() bool }
	return errors.As(err, &te) && te.Timeout()
}

// plural formats "1 attempt", "2 attempts".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
