// Package plot draws the gnssim figures with gonum/plot: a sky plot of
// satellite tracks (azimuth/elevation), time series of dilution of
// precision and visible-satellite counts, a coverage heat map and satellite
// ground tracks on an equirectangular world map with Natural Earth 1:110m
// coastlines.
//
// Every figure is a function that writes one image in a given Format (PNG or
// SVG) to an io.Writer, plus a Save* helper that picks the format from a file
// name's extension. The inputs are small types defined here (SkyTrack,
// Series, GridData, GroundTrack) so that this package does not depend on the
// simulation engine; angles are in degrees, times in UTC.
//
// Conventions shared by all figures:
//
//   - Output is deterministic: the same input gives the same bytes.
//   - Text uses the Liberation Sans font embedded in gonum/plot (SVG files
//     name the font family and do not embed it).
//   - Colours identify navigation systems with a fixed colour-blind-friendly
//     palette (Okabe & Ito), see SystemColor.
//   - NaN marks unavailable data: lines are broken there and heat-map cells
//     are drawn in neutral grey.
//   - An empty input (no tracks, no series, an empty grid) is an error
//     wrapping ErrNoData, because there is nothing to draw and it is always
//     a mistake of the caller. Inputs that are present but entirely
//     unavailable (all NaN, nothing above the horizon) give a valid figure
//     with empty axes and a "no data" note, since that is a legitimate
//     result of a simulation.
//   - Bad input (mismatched lengths, infinite values, out-of-range angles,
//     invalid sizes) is reported as an error, never as a panic.
package plot
