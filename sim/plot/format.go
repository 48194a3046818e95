package plot

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an output image format.
type Format uint8

// The supported output formats. The zero Format is invalid.
const (
	PNG Format = iota + 1 // raster image, Portable Network Graphics
	SVG                   // vector image, Scalable Vector Graphics
)

// String returns "png" or "svg".
func (f Format) String() string {
	switch f {
	case PNG:
		return "png"
	case SVG:
		return "svg"
	}
	return fmt.Sprintf("format(%d)", uint8(f))
}

// FormatFromPath returns the format named by the extension of path,
// case-insensitively: ".png" or ".svg".
func FormatFromPath(path string) (Format, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	case "":
		return 0, fmt.Errorf("figure file %q has no extension: want .png or .svg", path)
	}
	return 0, fmt.Errorf("figure file %q: unsupported extension %q: want .png or .svg", path, ext)
}

// ErrNoData is wrapped by the errors of figures given no input at all (no
// tracks, no series, an empty grid).
var ErrNoData = errors.New("no data to plot")

// Size is the size of a figure in centimetres. The zero Size selects the
// figure's default size.
type Size struct{ WidthCm, HeightCm float64 }

// Default sizes and resolution.
var (
	// DefaultSkyPlotSize is the default size of SkyPlot.
	DefaultSkyPlotSize = Size{WidthCm: 16, HeightCm: 16}
	// DefaultTimeSeriesSize is the default size of TimeSeries.
	DefaultTimeSeriesSize = Size{WidthCm: 20, HeightCm: 9}
	// DefaultDOPAndVisibleSize is the default size of DOPAndVisible.
	DefaultDOPAndVisibleSize = Size{WidthCm: 20, HeightCm: 14}
	// DefaultMapSize is the default size of CoverageMap and GroundTracks.
	DefaultMapSize = Size{WidthCm: 24, HeightCm: 12}
)

// DefaultDPI is the resolution of PNG figures, in dots per inch, when the
// options leave it zero.
const DefaultDPI = 150

// Limits on figure sizes, chosen so that a typo cannot allocate gigabytes:
// 200 cm at 600 dpi is 47244 pixels, and maxPixels caps the product.
const (
	minSizeCm = 2
	maxSizeCm = 200
	minDPI    = 36
	maxDPI    = 1200
	maxPixels = 100e6
)

// resolve returns s, or def when s is zero, after checking it.
func (s Size) resolve(def Size) (Size, error) {
	if s == (Size{}) {
		s = def
	}
	for _, v := range []float64{s.WidthCm, s.HeightCm} {
		if math.IsNaN(v) || v < minSizeCm || v > maxSizeCm {
			return s, fmt.Errorf("figure size %g×%g cm: each side must be between %d and %d cm", s.WidthCm, s.HeightCm, minSizeCm, maxSizeCm)
		}
	}
	return s, nil
}

// resolveDPI returns dpi, or DefaultDPI when zero, after checking it.
func resolveDPI(dpi int, s Size) (int, error) {
	if dpi == 0 {
		dpi = DefaultDPI
	}
	if dpi < minDPI || dpi > maxDPI {
		return 0, fmt.Errorf("PNG resolution %d dpi: must be between %d and %d", dpi, minDPI, maxDPI)
	}
	px := s.WidthCm / 2.54 * float64(dpi) * s.HeightCm / 2.54 * float64(dpi)
	if px > maxPixels {
		return 0, fmt.Errorf("figure %g×%g cm at %d dpi is %.0f megapixels: more than the limit of %.0f", s.WidthCm, s.HeightCm, dpi, px/1e6, maxPixels/1e6)
	}
	return dpi, nil
}

// render creates a canvas of the given size and format, lets fn draw on it
// and writes the image to w. A panic inside gonum/plot (which validates its
// inputs by panicking) is turned into an error; the inputs are checked
// before drawing, so this is a safety net, not the error path.
func render(w io.Writer, f Format, size Size, dpi int, fn func(c draw.Canvas) error) (err error) {
	if w == nil {
		return errors.New("nil writer")
	}
	width, height := vg.Length(size.WidthCm)*vg.Centimeter, vg.Length(size.HeightCm)*vg.Centimeter
	var cw vg.CanvasWriterTo
	switch f {
	case PNG:
		d, err := resolveDPI(dpi, size)
		if err != nil {
			return err
		}
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(d), vgimg.UseBackgroundColor(color.White))}
	case SVG:
		cw = vgsvg.New(width, height)
	default:
		return fmt.Errorf("unsupported figure format %v: want PNG or SVG", f)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error while drawing the figure: %v", r)
		}
	}()
	c := draw.New(cw)
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	if err := fn(c); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return fmt.Errorf("encoding %v: %w", f, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing %v: %w", f, err)
	}
	return nil
}

// WriteFile renders a figure with fn into the file at path, in the format
// given by the path's extension (see FormatFromPath). The figure is drawn
// into memory first, then written to a temporary file in the same folder and
// renamed into place, so neither a failed figure nor a failed write leaves a
// partial file under path.
//
// The Save* functions are shorthands for WriteFile with each figure.
func WriteFile(path string, fn func(w io.Writer, f Format) error) error {
	f, err := FormatFromPath(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := fn(&buf, f); err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("figure %s: %w", path, err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file beside path and renames it
// into place. A destination that is not a regular file (a device, a pipe) is
// written in place.
func writeFileAtomic(path string, data []byte) error {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		return os.WriteFile(path, data, 0o644)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// SaveSkyPlot writes SkyPlot to path, in the format given by its extension.
func SaveSkyPlot(path string, tracks []SkyTrack, opt SkyPlotOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return SkyPlot(w, f, tracks, opt) })
}

// SaveTimeSeries writes TimeSeries to path, in the format given by its
// extension.
func SaveTimeSeries(path string, series []Series, opt TimeSeriesOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return TimeSeries(w, f, series, opt) })
}

// SaveDOPAndVisible writes DOPAndVisible to path, in the format given by its
// extension.
func SaveDOPAndVisible(path string, dop, visible []Series, opt DOPAndVisibleOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return DOPAndVisible(w, f, dop, visible, opt) })
}

// SaveCoverageMap writes CoverageMap to path, in the format given by its
// extension.
func SaveCoverageMap(path string, m GridData, opt MapOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return CoverageMap(w, f, m, opt) })
}

// SaveGroundTracks writes GroundTracks to path, in the format given by its
// extension.
func SaveGroundTracks(path string, tracks []GroundTrack, opt MapOptions) error {
	return WriteFile(path, func(w io.Writer, f Format) error { return GroundTracks(w, f, tracks, opt) })
}
