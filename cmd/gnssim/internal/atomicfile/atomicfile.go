// Package atomicfile writes files so that a reader never sees a partial one:
// the content goes to a temporary file in the destination's folder, is
// synced, and is renamed over the final name only when complete. On an error
// (or a cancelled context) the temporary file is removed and nothing appears
// under the final name.
//
// A symbolic link is followed: the link's target is written (atomically, in
// the target's folder) and the link stays a link. A destination that is not
// a regular file (a device such as /dev/null, a named pipe) is written in
// place: nothing is ever renamed over a device, a pipe or a link. Error
// messages name the path the caller gave, never the temporary file.
package atomicfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// File is an output being written. Write to it, then call Commit to publish
// it under its final name, or Abort to throw it away. Abort after Commit is a
// no-op, so `defer f.Abort()` is the usual pattern.
type File struct {
	tmp       *os.File
	direct    bool   // the destination is not a regular file (a device such as /dev/null, a pipe): written in place
	final     string // the path as the caller gave it (messages)
	target    string // the path written: final with symbolic links followed
	perm      os.FileMode
	done      bool
	committed bool
}

// maxLinks bounds the symbolic links followed (as the kernel's ELOOP).
const maxLinks = 40

// Resolve follows the symbolic links of the last element of path (also a
// dangling link, whose target is then created) and returns the path that a
// write of path modifies.
func Resolve(path string) (string, error) {
	p := path
	for i := 0; i < maxLinks; i++ {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			return p, nil
		}
		l, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
		if !filepath.IsAbs(l) {
			l = filepath.Join(filepath.Dir(p), l)
		}
		p = l
	}
	return "", fmt.Errorf("write %s: too many levels of symbolic links", path)
}

// unwrapPath returns the error of a *fs.PathError (whose message names a
// path the caller did not give, such as a temporary file).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Create starts an atomic write of path. The temporary file lives in the same
// folder (so the final rename is atomic) and is named ".<base>.tmp-*".
//
// A destination that exists and is not a regular file — /dev/null,
// /dev/stdout, a named pipe — is opened and written in place instead: it
// cannot hold a partial file, and renaming over it would replace the device.
func Create(path string) (*File, error) {
	target, err := Resolve(path)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(target); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("write %s: is a folder", path)
		}
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
		return &File{tmp: f, final: path, target: target, direct: true}, nil
	}
	perm := os.FileMode(0o644)
	if fi, err := os.Stat(target); err == nil {
		perm = fi.Mode().Perm() // replacing a file keeps its permissions
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	if base == "" {
		return nil, fmt.Errorf("write %q: not a file name", path)
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return &File{tmp: tmp, final: path, target: target, perm: perm}, nil
}

// Write implements io.Writer.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, fmt.Errorf("write %s: already closed", f.final)
	}
	n, err := f.tmp.Write(p)
	if err != nil {
		err = fmt.Errorf("write %s: %w", f.final, unwrapPath(err))
	}
	return n, err
}

// Name returns the final path.
func (f *File) Name() string { return f.final }

// Commit syncs the temporary file and renames it to the final name.
func (f *File) Commit() error {
	if f.done {
		if f.committed {
			return nil
		}
		return fmt.Errorf("write %s: %w", f.final, ErrAborted)
	}
	f.done = true
	if f.direct {
		if err := f.tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %w", f.final, unwrapPath(err))
		}
		f.committed = true
		return nil
	}
	tmpName := f.tmp.Name()
	err := f.tmp.Chmod(f.perm)
	if err == nil {
		err = f.tmp.Sync()
	}
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmpName, f.target)
	}
	if err != nil {
		os.Remove(tmpName)
		return fmt.Errorf("write %s: %w", f.final, unwrapPath(err))
	}
	f.committed = true
	return nil
}

// Abort removes the temporary file. It is safe to call more than once and after Commit.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	name := f.tmp.Name()
	f.tmp.Close()
	if !f.direct {
		os.Remove(name)
	}
}

// Write writes path atomically with the bytes produced by fill. If fill
// returns an error, or ctx is cancelled by the time fill returns, nothing is
// published and the error is returned.
func Write(ctx context.Context, path string, fill func(w io.Writer) error) (err error) {
	f, err := Create(path)
	if err != nil {
		return err
	}
	defer f.Abort()
	if err := fill(f); err != nil {
		return err
	}
	if ctx != nil {
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("write %s: %w", path, cerr)
		}
	}
	return f.Commit()
}

// WriteBytes writes data to path atomically.
func WriteBytes(path string, data []byte) error {
	return Write(context.Background(), path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// ErrAborted is returned by Commit after Abort.
var ErrAborted = errors.New("atomic write aborted")
