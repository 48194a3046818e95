package output

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
)

// Folder is an output folder (compare --out DIR, a scenario's folder):
// checked before any work, and created only by a run that succeeds. When
// the folder does not exist yet, the files go to a hidden temporary folder
// beside it that is renamed to DIR by Commit; Abort (an error, an
// interrupt) removes it and any parent folders created for it, so a failed
// run leaves no empty or half-filled folder. When the folder exists, each
// file is written into it atomically.
type Folder struct {
	Flag, Path string
	exists     bool
	tmp        string   // the temporary folder, while open
	made       []string // parent folders created, deepest last
	written    []string // file names written
	done       bool
}

// NewFolder checks the output folder dir given with flag: an existing
// folder must be writable; a missing one must be creatable (its nearest
// existing ancestor writable). Nothing is created yet.
func NewFolder(flag, dir string) (*Folder, error) {
	f := &Folder{Flag: flag, Path: dir}
	st, err := os.Stat(dir)
	switch {
	case err == nil && !st.IsDir():
		return nil, fmt.Errorf("%s %s: not a folder", flag, dir)
	case err == nil:
		f.exists = true
		if err := checkWritable(dir); err != nil {
			return nil, fmt.Errorf("%s %s: cannot write in the folder: %v", flag, dir, err)
		}
		return f, nil
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%s %s: %v", flag, dir, unwrapPathErr(err))
	}
	anc := filepath.Dir(filepath.Clean(dir))
	for {
		st, err := os.Stat(anc)
		if err == nil {
			if !st.IsDir() {
				return nil, fmt.Errorf("%s %s: %s is not a folder", flag, dir, anc)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s %s: %v", flag, dir, unwrapPathErr(err))
		}
		next := filepath.Dir(anc)
		if next == anc {
			break
		}
		anc = next
	}
	if err := checkWritable(anc); err != nil {
		return nil, fmt.Errorf("%s %s: cannot create the folder in %s: %v", flag, dir, anc, err)
	}
	return f, nil
}

// checkWritable creates and removes a temporary file in dir.
func checkWritable(dir string) error {
	t, err := os.CreateTemp(dir, ".gnssim-check-*")
	if err != nil {
		return unwrapPathErr(err)
	}
	name := t.Name()
	t.Close()
	return os.Remove(name)
}

// open makes the temporary folder (and missing parents) on the first write.
func (f *Folder) open() error {
	if f.exists || f.tmp != "" {
		return nil
	}
	clean := filepath.Clean(f.Path)
	parent := filepath.Dir(clean)
	var missing []string
	for p := parent; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil {
			break
		}
		missing = append(missing, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s %s: %v", f.Flag, f.Path, unwrapPathErr(err))
		}
		f.made = append(f.made, missing[i])
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(clean)+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s %s: %v", f.Flag, f.Path, unwrapPathErr(err))
	}
	f.tmp = tmp
	return nil
}

// File is the path a file of the folder will have, for messages.
func (f *Folder) File(name string) string { return filepath.Join(f.Path, name) }

// Write writes file name of the folder with what fill produces.
func (f *Folder) Write(ctx context.Context, name string, fill func(w io.Writer) error) error {
	if f.done {
		return fmt.Errorf("%s %s: already closed", f.Flag, f.Path)
	}
	if err := f.open(); err != nil {
		return err
	}
	dir := f.Path
	if !f.exists {
		dir = f.tmp
	}
	if err := atomicfile.Write(ctx, filepath.Join(dir, name), fill); err != nil {
		if !f.exists {
			// Name the file as the user will know it, not the temporary folder.
			return &renamedErr{err: err, msg: strings.ReplaceAll(err.Error(), f.tmp, filepath.Clean(f.Path))}
		}
		return err
	}
	f.written = append(f.written, name)
	return nil
}

// Create opens file name of the folder for a streamed write (atomically:
// the file appears at Commit of the returned File); call Done with the
// result of the File's Commit to record it.
func (f *Folder) Create(name string) (*atomicfile.File, error) {
	if f.done {
		return nil, fmt.Errorf("%s %s: already closed", f.Flag, f.Path)
	}
	if err := f.open(); err != nil {
		return nil, err
	}
	dir := f.Path
	if !f.exists {
		dir = f.tmp
	}
	af, err := atomicfile.Create(filepath.Join(dir, name))
	if err != nil && !f.exists {
		return nil, &renamedErr{err: err, msg: strings.ReplaceAll(err.Error(), f.tmp, filepath.Clean(f.Path))}
	}
	return af, err
}

// Done records file name as written (after a Create and its Commit).
func (f *Folder) Done(name string) { f.written = append(f.written, name) }

// renamedErr is an error whose message names the user's path.
type renamedErr struct {
	err error
	msg string
}

func (e *renamedErr) Error() string { return e.msg }
func (e *renamedErr) Unwrap() error { return e.err }

// Written lists the names of the files written, in order.
func (f *Folder) Written() []string { return f.written }

// Commit publishes the folder: the temporary folder becomes DIR.
func (f *Folder) Commit() error {
	if f.done {
		return nil
	}
	f.done = true
	if f.exists {
		return nil
	}
	if f.tmp == "" { // nothing was written: make the (empty) folder the user asked for
		return os.MkdirAll(f.Path, 0o755)
	}
	if err := os.Rename(f.tmp, f.Path); err != nil {
		os.RemoveAll(f.tmp)
		return fmt.Errorf("%s %s: %v", f.Flag, f.Path, unwrapPathErr(err))
	}
	if err := os.Chmod(f.Path, 0o755); err != nil {
		return fmt.Errorf("%s %s: %v", f.Flag, f.Path, unwrapPathErr(err))
	}
	return nil
}

// Abort removes what a failed run made: the temporary folder and the
// parents created for it (when they are empty). Abort after Commit does
// nothing, so `defer f.Abort()` is the usual pattern.
func (f *Folder) Abort() {
	if f.done {
		return
	}
	f.done = true
	if f.tmp != "" {
		os.RemoveAll(f.tmp)
	}
	for i := len(f.made) - 1; i >= 0; i-- {
		os.Remove(f.made[i]) // only succeeds when empty
	}
}
