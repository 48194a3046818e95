package output

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/atomicfile"
	"github.com/gnssim/gnssim/sim/plot"
)

// Dest is where one output goes, resolved and checked before any work:
// standard output, or a file written atomically (through symbolic links to
// their targets; devices and pipes in place).
type Dest struct {
	Flag   string // the flag that named it, for messages ("-o", "--plot")
	Path   string // the path as the user gave it ("" with Stdout)
	Stdout bool
	key    string // identity of the file written, for Distinct
}

// stdoutNames are the paths that mean standard output.
var stdoutNames = map[string]bool{"-": true, "/dev/stdout": true, "/dev/fd/1": true, "/proc/self/fd/1": true}

// IsStdout reports whether path means standard output ("-", /dev/stdout).
func IsStdout(path string) bool { return stdoutNames[path] }

// ParseDest resolves the output path given with flag. "-" and /dev/stdout
// (also /dev/fd/1, /proc/self/fd/1) are standard output; "" is standard
// output too. Otherwise the path must not be a folder, its folder must exist
// and be writable: each is checked now, by creating and removing a
// temporary file there, so that a typo does not cost the whole run. The
// errors name the user's path.
func ParseDest(flag, path string) (Dest, error) {
	if path == "" || IsStdout(path) {
		return Dest{Flag: flag, Stdout: true, key: "<stdout>"}, nil
	}
	if path == "/dev/stderr" || path == "/dev/fd/2" || path == "/proc/self/fd/2" {
		return Dest{}, fmt.Errorf("%s %s: standard error carries gnssim's messages; write the output to a file or to - (standard output)", flag, path)
	}
	target, err := atomicfile.Resolve(path)
	if err != nil {
		return Dest{}, fmt.Errorf("%s %w", flag, err)
	}
	dir := filepath.Dir(target)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Dest{}, fmt.Errorf("%s %s: folder %s does not exist; create it or choose another path", flag, path, filepath.Dir(path))
	case err != nil:
		return Dest{}, fmt.Errorf("%s %s: %v", flag, path, unwrapPathErr(err))
	case !st.IsDir():
		return Dest{}, fmt.Errorf("%s %s: %s is not a folder", flag, path, filepath.Dir(path))
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return Dest{}, fmt.Errorf("%s %s is a folder; give a file name", flag, path)
	}
	f, err := atomicfile.Create(path)
	if err != nil {
		return Dest{}, fmt.Errorf("%s %s: cannot write there: %v", flag, path, unwrapPathErr(errors.Unwrap(err)))
	}
	f.Abort()
	d := Dest{Flag: flag, Path: path, key: fileKey(target)}
	return d, nil
}

// fileKey identifies the file a path writes: the absolute path with the
// folder's symbolic links resolved.
func fileKey(target string) string {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	if r, err := filepath.EvalSymlinks(dir); err == nil {
		dir = r
	}
	if a, err := filepath.Abs(dir); err == nil {
		dir = a
	}
	return filepath.Join(dir, base)
}

func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Distinct refuses two outputs that would write the same file (through
// different names or links), or two outputs to standard output.
func Distinct(ds ...Dest) error {
	seen := map[string]Dest{}
	for _, d := range ds {
		if d.key == "" {
			continue
		}
		if p, ok := seen[d.key]; ok {
			what := func(d Dest) string {
				if d.Stdout {
					return d.Flag + " (standard output)"
				}
				return d.Flag + " " + d.Path
			}
			return fmt.Errorf("%s and %s are the same output; give each its own file", what(p), what(d))
		}
		seen[d.key] = d
	}
	return nil
}

// Write writes what fill produces to d: buffered to stdout, or to the file
// atomically (nothing appears under its name if fill fails or ctx is
// cancelled).
func (d Dest) Write(ctx context.Context, stdout io.Writer, fill func(w io.Writer) error) error {
	if d.Stdout {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		err := fill(bw)
		if ferr := bw.Flush(); err == nil {
			err = ferr
		}
		return err
	}
	return atomicfile.Write(ctx, d.Path, func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := fill(bw); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// imageExts are file name extensions of figures, never of tables.
var imageExts = map[string]string{".png": "PNG", ".svg": "SVG", ".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF"}

// TableFormat resolves the format of a table written to path: the --format
// flag when given (flagValue not ""), else the file name's extension
// (.csv, .json, .txt), else def. A table is never written to a figure's
// name (.png, .svg, ...), whatever --format says.
func TableFormat(flagValue, path string, def Format) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if path != "" && !IsStdout(path) {
		if kind, ok := imageExts[ext]; ok {
			return def, fmt.Errorf("-o %s: a table cannot be written to a %s file; give --plot %s for the figure, and a .csv, .json or .txt name (or -) to -o", path, kind, path)
		}
	}
	if strings.TrimSpace(flagValue) != "" {
		f, err := ParseFormat(flagValue)
		if err != nil {
			return def, fmt.Errorf("--format: %v", err)
		}
		return f, nil
	}
	switch ext {
	case ".csv":
		return CSV, nil
	case ".json":
		return JSON, nil
	case ".txt", ".text":
		return Text, nil
	}
	return def, nil
}

// PlotFormat is the figure format of path (.png or .svg).
func PlotFormat(flag, path string) (plot.Format, error) {
	f, err := plot.FormatFromPath(path)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %v (want a .png or .svg file name)", flag, path, err)
	}
	return f, nil
}
