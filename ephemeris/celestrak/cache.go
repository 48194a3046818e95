package celestrak

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Metadata is the sidecar record stored next to every cached data file as
// <file>.meta.json.
type Metadata struct {
	URL          string    `json:"url"`                     // request URL the data came from
	Group        string    `json:"group"`                   // CelesTrak group, e.g. "glo-ops"
	Format       string    `json:"format"`                  // canonical format, e.g. "json"
	FetchedAt    time.Time `json:"fetched_at"`              // UTC time of the last successful request (200 or 304)
	SHA256       string    `json:"sha256"`                  // hex SHA-256 of the data file
	Bytes        int64     `json:"bytes"`                   // size of the data file
	Sets         int       `json:"sets"`                    // number of element sets in the data file
	LastModified string    `json:"last_modified,omitempty"` // HTTP Last-Modified of the data, as sent
	ETag         string    `json:"etag,omitempty"`          // HTTP ETag of the data, as sent
}

// DefaultCacheDir returns os.UserCacheDir()/gnssim/celestrak. On Linux
// os.UserCacheDir honours XDG_CACHE_HOME and falls back to ~/.cache.
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("celestrak: no user cache directory (set XDG_CACHE_HOME or Client.CacheDir): %w", err)
	}
	return filepath.Join(d, "gnssim", "celestrak"), nil
}

// ReadMetadata reads the metadata sidecar of the cached data file at
// dataPath (the path Fetch or CachedPath returned).
func ReadMetadata(dataPath string) (*Metadata, error) {
	b, err := os.ReadFile(dataPath + metaSuffix)
	if err != nil {
		return nil, fmt.Errorf("celestrak: reading cache metadata: %w", err)
	}
	var m Metadata
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("celestrak: cache metadata %s is corrupt: %w", dataPath+metaSuffix, err)
	}
	return &m, nil
}

// loadCache returns the metadata of a cached file whose bytes still match
// the recorded SHA-256, or nil and the reason the cache cannot be used.
func loadCache(dataPath string) (*Metadata, error) {
	m, err := ReadMetadata(dataPath)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(dataPath)
	if err != nil {
		return nil, fmt.Errorf("celestrak: reading cached data: %w", err)
	}
	if sum := sha256Hex(data); !strings.EqualFold(sum, m.SHA256) {
		return nil, fmt.Errorf("celestrak: cached %s does not match its recorded SHA-256 (%s, recorded %s)", dataPath, sum, m.SHA256)
	}
	if m.FetchedAt.IsZero() || m.Sets < 1 {
		return nil, fmt.Errorf("celestrak: cache metadata of %s is incomplete", dataPath)
	}
	return m, nil
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// writeFileAtomic replaces path with data so that a reader sees either the
// old file or the complete new one: the bytes go to a temporary file in the
// same directory, are fsynced, and the file is renamed over path. On any
// error path is left untouched and the temporary file removed.
func writeFileAtomic(path string, data []byte, perm fs.FileMode) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating temporary file: %w", err)
	}
	tmp := f.Name()
	closed := false
	defer func() {
		if err != nil {
			if !closed {
				f.Close()
			}
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", tmp, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", tmp, err)
	}
	if err = f.Chmod(perm); err != nil {
		return fmt.Errorf("setting mode of %s: %w", tmp, err)
	}
	closed = true
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", tmp, err)
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("renaming into place: %w", err)
	}
	// Make the rename itself durable; not every platform can sync a
	// directory, and the data are already safe, so failure is ignored.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// writeMetadata stores m as the sidecar of dataPath, atomically.
func writeMetadata(dataPath string, m *Metadata) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding cache metadata: %w", err)
	}
	if err := writeFileAtomic(dataPath+metaSuffix, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing cache metadata: %w", err)
	}
	return nil
}

// CachedPath returns the path of the cache file for a group (any name
// ResolveGroup accepts) in a format ("" means json), under c.CacheDir or
// the default cache directory. The path is returned even when no such file
// exists yet; the error then wraps fs.ErrNotExist and says how to fetch it.
func (c *Client) CachedPath(group, format string) (string, error) {
	dir := c.CacheDir
	if dir == "" {
		var err error
		if dir, err = DefaultCacheDir(); err != nil {
			return "", err
		}
	}
	return cachedPath(dir, group, format)
}

func cachedPath(dir, group, format string) (string, error) {
	g, err := ResolveGroup(group)
	if err != nil {
		return "", fmt.Errorf("celestrak: %w", err)
	}
	f, err := ParseFormat(format)
	if err != nil {
		return "", fmt.Errorf("celestrak: %w", err)
	}
	p := filepath.Join(dir, cacheFileName(g, f))
	if _, err := os.Stat(p); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return p, fmt.Errorf("celestrak: no cached %s data for %q in %s (%w); run `%s` first", f, group, dir, fs.ErrNotExist, fetchHint(group, f))
		}
		return p, fmt.Errorf("celestrak: %w", err)
	}
	return p, nil
}

func fetchHint(group, format string) string {
	h := "gnssim tle fetch " + strings.TrimSpace(group)
	if format != FormatJSON {
		h += " --format " + format
	}
	return h
}

// CacheRefPrefix starts a cache reference such as "cache:glonass".
const CacheRefPrefix = "cache:"

// ResolveCacheRef turns a cache reference into the path of a cached file.
// A reference is "cache:<group>" or "cache:<group>:<format>", where group is
// anything ResolveGroup accepts ("cache:glonass", "cache:glo-ops:tle").
// Without a format, the most recently fetched cached format of the group is
// chosen (ties: json, tle, csv, xml). cacheDir "" means DefaultCacheDir().
//
// ok reports whether ref is a cache reference at all; when it is not, the
// caller should treat ref as an ordinary file name (path "" and err nil).
// When it is but nothing is cached, err wraps fs.ErrNotExist and tells the
// user to run `gnssim tle fetch <group>`.
func ResolveCacheRef(ref string, cacheDir string) (path string, ok bool, err error) {
	if !strings.HasPrefix(ref, CacheRefPrefix) {
		return "", false, nil
	}
	rest := strings.TrimPrefix(ref, CacheRefPrefix)
	group, format, hasFormat := strings.Cut(rest, ":")
	if strings.TrimSpace(group) == "" {
		return "", true, fmt.Errorf("celestrak: cache reference %q names no group (want e.g. cache:glonass or cache:glonass:tle)", ref)
	}
	if cacheDir == "" {
		if cacheDir, err = DefaultCacheDir(); err != nil {
			return "", true, err
		}
	}
	if hasFormat {
		p, err := cachedPath(cacheDir, group, format)
		if err != nil {
			return "", true, err
		}
		return p, true, nil
	}
	if _, err := ResolveGroup(group); err != nil {
		return "", true, fmt.Errorf("celestrak: cache reference %q: %w", ref, err)
	}
	best, bestTime := "", time.Time{}
	for _, f := range cacheFormats {
		p, err := cachedPath(cacheDir, group, f)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return "", true, err
		}
		t := time.Time{}
		if m, err := ReadMetadata(p); err == nil {
			t = m.FetchedAt
		} else if st, err := os.Stat(p); err == nil {
			t = st.ModTime()
		}
		if best == "" || t.After(bestTime) {
			best, bestTime = p, t
		}
	}
	if best == "" {
		return "", true, fmt.Errorf("celestrak: nothing cached for %q in %s (%w); run `%s` first", group, cacheDir, fs.ErrNotExist, fetchHint(group, FormatJSON))
	}
	return best, true, nil
}
