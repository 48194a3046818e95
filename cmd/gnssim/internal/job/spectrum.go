package job

// gnssim spectrum: the signal catalogue (SpectrumList), spectral
// separation coefficients (SpectrumSSC), PSD figures of a band
// (SpectrumPSD) and the C/N0 degradation of the simulated sky at sites or
// over a grid (SpectrumCN0).

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/figure"
	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim"
	"github.com/gnssim/gnssim/sim/dataset"
	"github.com/gnssim/gnssim/sim/plot"
	"github.com/gnssim/gnssim/sim/spectrum"
)

// Decimals of the spectrum tables.
const (
	decMHz   = 4 // carriers: 1598.0625 MHz (FDMA channel −7)
	decBW    = 3 // bandwidths: 32.736 MHz
	decPower = 2 // dBW: −151.99 (E5)
	decSSC   = 2 // dB-Hz, as the SSC literature
	decCN0   = 3 // ΔC/N0 dB
	decPSD   = 2 // dB/Hz
)

// ---- shared parameters ----------------------------------------------------

// ParseSignalArg parses a signal given with flag (or as an argument named
// flag): a catalogue name, NAME:K, or a generic modulation
// MOD@CENTRE/BANDWIDTH (spectrum.ParseSignalSpec). A bad one is a usage
// error naming flag.
func ParseSignalArg(flag, s string) (spectrum.SignalSpec, error) {
	sp, err := spectrum.ParseSignalSpec(s)
	if err != nil {
		return sp, Usagef("%s: %s", flag, strings.TrimPrefix(err.Error(), "spectrum: "))
	}
	return sp, nil
}

// catalogueName resolves a catalogue signal name given with flag (no
// channel, no generic modulation) to its canonical name.
func catalogueName(flag, s string) (*spectrum.Signal, error) {
	sp, err := ParseSignalArg(flag, s)
	if err != nil {
		return nil, err
	}
	if sp.Generic {
		return nil, Usagef("%s %q: a catalogue signal is needed here, not a generic modulation", flag, s)
	}
	if strings.Contains(s, ":") {
		return nil, Usagef("%s %q: give the signal without a channel (the satellites' channels come from the catalog)", flag, s)
	}
	return sp.Signal, nil
}

// splitList splits comma-separated flag values (each flag may be repeated
// and hold a list).
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// SplitSignals splits comma-separated signal specifications (each flag
// may be repeated and hold a list), keeping the commas inside a
// modulation's parentheses ("BOC(1,1)@1575.42/30.69").
func SplitSignals(vals []string) []string {
	var out []string
	for _, v := range vals {
		depth, start := 0, 0
		for i, r := range v {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
			case ',':
				if depth == 0 {
					if p := strings.TrimSpace(v[start:i]); p != "" {
						out = append(out, p)
					}
					start = i + 1
				}
			}
		}
		if p := strings.TrimSpace(v[start:]); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// RxBandwidths are the --rx-bandwidth values: one receiver bandwidth for
// every victim (MHZ) and/or one per signal (SIGNAL=MHZ).
type RxBandwidths struct {
	AllMHz   float64            // 0: each victim's catalogue receiver bandwidth
	BySignal map[string]float64 // canonical catalogue name → MHz
	Args     []string           // the values as given
}

// ParseRxBandwidths parses --rx-bandwidth values.
func ParseRxBandwidths(args []string) (RxBandwidths, error) {
	r := RxBandwidths{BySignal: map[string]float64{}}
	for _, a := range splitList(args) {
		name, val, per := strings.Cut(a, "=")
		if !per {
			val = name
		}
		v, err := ParseFloat(val)
		if err != nil {
			return r, Usagef("--rx-bandwidth %q: %q is not a number of MHz (want MHZ or SIGNAL=MHZ, e.g. 24 or B1C=16)", a, strings.TrimSpace(val))
		}
		if !(v > 0) {
			return r, Usagef("--rx-bandwidth %q: the bandwidth must be > 0 MHz", a)
		}
		if v*1e6 > spectrum.MaxBandwidthHz {
			return r, Usagef("--rx-bandwidth %q: above %g MHz", a, spectrum.MaxBandwidthHz/1e6)
		}
		if !per {
			if r.AllMHz != 0 {
				return r, Usagef("--rx-bandwidth: two bandwidths for every signal (%s and %s MHz)", output.G(r.AllMHz), output.G(v))
			}
			r.AllMHz = v
		} else {
			s, err := catalogueName("--rx-bandwidth", name)
			if err != nil {
				return r, err
			}
			if _, dup := r.BySignal[s.Name]; dup {
				return r, Usagef("--rx-bandwidth: %s given twice", s.Name)
			}
			r.BySignal[s.Name] = v
		}
		r.Args = append(r.Args, a)
	}
	return r, nil
}

// For returns the receiver bandwidth (MHz) of victim s: its own value,
// else the one for every signal, else s.RxBandwidthMHz.
func (r RxBandwidths) For(s *spectrum.Signal) float64 {
	if v, ok := r.BySignal[s.Name]; ok {
		return v
	}
	if r.AllMHz > 0 {
		return r.AllMHz
	}
	return s.RxBandwidthMHz
}

// check refuses a receiver band wider than a victim's transmit band, and
// per-signal values for signals that are not victims.
func (r RxBandwidths) check(victims []*spectrum.Signal) error {
	isVictim := map[string]bool{}
	for _, v := range victims {
		isVictim[v.Name] = true
		if err := spectrum.CheckRxBandwidth(v, r.For(v)); err != nil {
			return Usagef("--rx-bandwidth: %s", strings.TrimPrefix(err.Error(), spectrum.ErrSSC.Error()+": "))
		}
	}
	for _, name := range sortedNames(r.BySignal) {
		if !isVictim[name] {
			return Usagef("--rx-bandwidth %s=%s: %s is not a victim signal of this run", name, output.G(r.BySignal[name]), name)
		}
	}
	return nil
}

func sortedNames[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// Limits of the power and noise parameters: outside them a value is a
// mistake (a unit slip: dBm for dBW is 30 dB), not a scenario.
const (
	MinPowerDBW, MaxPowerDBW = -250.0, -100.0
	MinN0DBWHz, MaxN0DBWHz   = -250.0, -150.0
)

// ParsePowers parses --power SIGNAL=DBW values (received power overrides).
func ParsePowers(args []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, a := range splitList(args) {
		name, val, ok := strings.Cut(a, "=")
		if !ok {
			return nil, Usagef("--power %q: want SIGNAL=DBW, e.g. B1C=-157", a)
		}
		s, err := catalogueName("--power", name)
		if err != nil {
			return nil, err
		}
		v, err := ParseFloat(val)
		if err != nil {
			return nil, Usagef("--power %q: %q is not a number of dBW", a, strings.TrimSpace(val))
		}
		if v < MinPowerDBW || v > MaxPowerDBW {
			return nil, Usagef("--power %q: %s dBW outside [%g, %g] dBW (received GNSS powers are about −160 dBW)", a, output.G(v), MinPowerDBW, MaxPowerDBW)
		}
		if _, dup := out[s.Name]; dup {
			return nil, Usagef("--power: %s given twice", s.Name)
		}
		out[s.Name] = v
	}
	return out, nil
}

// CheckN0 checks an --n0 value (dBW/Hz).
func CheckN0(v float64) error {
	if math.IsNaN(v) || v < MinN0DBWHz || v > MaxN0DBWHz {
		return Usagef("--n0 %s: want a noise density in dBW/Hz within [%g, %g], e.g. %s", output.G(v), MinN0DBWHz, MaxN0DBWHz, output.G(spectrum.DefaultN0DBWHz))
	}
	return nil
}

// specTitle names a signal spec in tables ("GLONASS L1OF k=-7").
func specTitle(sp spectrum.SignalSpec) string { return sp.Title() }

// ---- spectrum list --------------------------------------------------------

// SpectrumList is `gnssim spectrum list`: the signal catalogue.
type SpectrumList struct {
	Format    output.Format
	Output    string
	Precision output.Precision
}

// Args is the equivalent command line.
func (j *SpectrumList) Args(_ orbit.EpochGrid) []string {
	return append([]string{"spectrum", "list"}, outputArgs(j.Format, j.Output, "", j.Precision, false)...)
}

// componentsText is e.g. "B1C_data BOC(1,1) 25%, B1C_pilot QMBOC(6,1,4/33) 75%".
func componentsText(s *spectrum.Signal) string {
	parts := make([]string, len(s.Components))
	for i, c := range s.Components {
		parts[i] = fmt.Sprintf("%s %s %s%%", c.Name, c.Modulation, output.G(math.Round(c.PowerShare*1000)/10))
	}
	return strings.Join(parts, ", ")
}

func channelsText(s *spectrum.Signal) string {
	if !s.IsFDMA() {
		return ""
	}
	return fmt.Sprintf("%d..%+d", spectrum.MinChannel, spectrum.MaxChannel)
}

// Run writes the catalogue.
func (j *SpectrumList) Run(ctx context.Context, env *Env) ([]string, error) {
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	cols := []output.Column{{Name: "system"}, {Name: "signal"}, {Name: "carrier_mhz", Kind: output.Number, Decimals: decMHz},
		{Name: "channel_step_mhz", Kind: output.Number, Decimals: decMHz}, {Name: "channels"},
		{Name: "chip_rate_mhz", Kind: output.Number, Decimals: decMHz}, {Name: "tx_bandwidth_mhz", Kind: output.Number, Decimals: decBW},
		{Name: "rx_bandwidth_mhz", Kind: output.Number, Decimals: decBW}, {Name: "min_power_dbw", Kind: output.Number, Decimals: decPower},
		{Name: "uncertain"}, {Name: "components"}}
	full := j.Format != output.Text
	if full {
		cols = append(cols, output.Column{Name: "part_of"}, output.Column{Name: "aliases"}, output.Column{Name: "source"}, output.Column{Name: "note"})
	}
	run := output.NewProvenance(env.Version, "spectrum list", j.Precision)
	run.Notes = catalogueAssumptions()
	t := &output.Table{Columns: cols, Run: run, RowsKey: "signals",
		Head: []string{"Signal catalogue (uncertain = a value not published or not verified: an assumption, see the notes below)", ""}}
	var foot []string
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, t)
		if err != nil {
			return err
		}
		foot = append(foot, "", "Sources and notes:")
		for _, s := range spectrum.Catalogue() {
			tw.Str(s.System.String())
			tw.Str(s.Name)
			tw.Num(s.CentreMHz)
			if s.IsFDMA() {
				tw.Num(s.ChannelStepMHz)
			} else {
				tw.Empty()
			}
			tw.Str(channelsText(s))
			tw.Num(s.ChipRateMHz)
			tw.Num(s.TxBandwidthMHz)
			tw.Num(s.RxBandwidthMHz)
			tw.Num(s.MinPowerDBW)
			if s.Uncertain {
				tw.Str("yes")
			} else {
				tw.Str("")
			}
			tw.Str(componentsText(s))
			if full {
				tw.Str(s.PartOf)
				tw.Str(strings.Join(s.Aliases, "; "))
				tw.Str(s.Source)
				tw.Str(s.Note)
			}
			if err := tw.End(); err != nil {
				return err
			}
			line := fmt.Sprintf("  %-13s %s", s.Title()+":", s.Source)
			if s.Note != "" {
				line += "; " + s.Note
			}
			if s.Uncertain {
				line += " [uncertain]"
			}
			foot = append(foot, line)
		}
		foot = append(foot, "", "Minimum received powers are the ICD minima of the whole signal at the ICD's reference antenna above 5° elevation (Galileo 10°).")
		return tw.Close(nil, foot...)
	})
	if err != nil {
		return nil, err
	}
	var files written
	files.add(out)
	return files, nil
}

// catalogueAssumptions are the catalogue's uncertain values, for the
// provenance of every spectrum output.
func catalogueAssumptions() []string {
	var a []string
	for _, s := range spectrum.Catalogue() {
		if s.Uncertain {
			a = append(a, s.Title()+": "+s.Note)
		}
	}
	return a
}

// ---- spectrum ssc ---------------------------------------------------------

// SpectrumSSC is `gnssim spectrum ssc`: the SSC of one victim/interferer
// pair, or the matrix of a set of signals.
type SpectrumSSC struct {
	Victim, Interferer string   // the pair (specs as given)
	Matrix             bool     // the matrix instead of a pair
	Signals            []string // the matrix's signals (specs); empty: the catalogue
	FDMAChannel        int      // channel of FDMA signals named without one (matrix)
	Rx                 RxBandwidths
	Format             output.Format
	Output             string
	Precision          output.Precision
}

// Args is the equivalent command line.
func (j *SpectrumSSC) Args(_ orbit.EpochGrid) []string {
	a := []string{"spectrum", "ssc"}
	if j.Matrix {
		a = append(a, "--matrix")
		if len(j.Signals) > 0 {
			a = append(a, "--signals", strings.Join(j.Signals, ","))
		}
		if j.FDMAChannel != 0 {
			a = append(a, "--fdma-channel", strconv.Itoa(j.FDMAChannel))
		}
	} else {
		a = append(a, "--victim", j.Victim, "--interferer", j.Interferer)
	}
	for _, r := range j.Rx.Args {
		a = append(a, "--rx-bandwidth", r)
	}
	return append(a, outputArgs(j.Format, j.Output, "", j.Precision, false)...)
}

var sscColumns = []output.Column{{Name: "victim"}, {Name: "victim_carrier_mhz", Kind: output.Number, Decimals: decMHz},
	{Name: "victim_tx_bandwidth_mhz", Kind: output.Number, Decimals: decBW}, {Name: "rx_bandwidth_mhz", Kind: output.Number, Decimals: decBW},
	{Name: "interferer"}, {Name: "interferer_carrier_mhz", Kind: output.Number, Decimals: decMHz},
	{Name: "interferer_tx_bandwidth_mhz", Kind: output.Number, Decimals: decBW},
	{Name: "overlap"}, {Name: "ssc_db_hz", Kind: output.Number, Decimals: decSSC}, {Name: "error_bound_db", Kind: output.Number, Decimals: -1},
	{Name: "band_low_mhz", Kind: output.Number, Decimals: decMHz}, {Name: "band_high_mhz", Kind: output.Number, Decimals: decMHz}}

// sscRow writes one pair: κ in dB-Hz, or "no overlap" and no number.
func sscRow(tw *output.Writer, v, i spectrum.SignalSpec, rx float64, k spectrum.SSC) error {
	tw.Str(specTitle(v))
	tw.Num(v.CarrierMHz())
	tw.Num(v.Signal.TxBandwidthMHz)
	tw.Num(rx)
	tw.Str(specTitle(i))
	tw.Num(i.CarrierMHz())
	tw.Num(i.Signal.TxBandwidthMHz)
	if !k.Overlap {
		tw.Str("no overlap")
		tw.Empty()
		tw.Empty()
		tw.Empty()
		tw.Empty()
		return tw.End()
	}
	tw.Str("overlap")
	tw.Num(k.DBHz())
	tw.Num(k.ErrBoundDB())
	tw.Num(v.CarrierMHz() + k.LowHz/1e6)
	tw.Num(v.CarrierMHz() + k.HighHz/1e6)
	return tw.End()
}

// sscText is κ as a table cell: "-66.83" or "no overlap".
func sscText(p output.Precision, k spectrum.SSC) string {
	if !k.Overlap {
		return "no overlap"
	}
	return p.Num(k.DBHz(), decSSC)
}

// Run computes and writes the SSC.
func (j *SpectrumSSC) Run(ctx context.Context, env *Env) ([]string, error) {
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	run := output.NewProvenance(env.Version, "spectrum ssc", j.Precision)
	run.Notes = append([]string{"SSC κ = ∫ G_v(f)·G_i(f − Δf) df over the victim's receiver band, each PSD normalised to unit power over its own transmit band (Ávila-Rodríguez 2008, Table 5.3 convention); 'no overlap' where the bands share no interval"}, catalogueAssumptions()...)
	if !j.Matrix {
		return j.runPair(ctx, env, out, run)
	}
	return j.runMatrix(ctx, env, out, run)
}

func (j *SpectrumSSC) runPair(ctx context.Context, env *Env, out output.Dest, run *output.Provenance) ([]string, error) {
	v, err := ParseSignalArg("VICTIM", j.Victim)
	if err != nil {
		return nil, err
	}
	i, err := ParseSignalArg("INTERFERER", j.Interferer)
	if err != nil {
		return nil, err
	}
	rx := v.Signal.RxBandwidthMHz
	if j.Rx.AllMHz > 0 {
		rx = j.Rx.AllMHz
	}
	for name, bw := range j.Rx.BySignal {
		if v.Generic || name != v.Signal.Name {
			return nil, Usagef("--rx-bandwidth %s=%s: %s is not the victim (%s); give the victim's bandwidth as --rx-bandwidth MHZ", name, output.G(bw), name, specTitle(v))
		}
		rx = bw
	}
	k, err := spectrum.SpecKappa(v, i, rx)
	if err != nil {
		if errors.Is(err, spectrum.ErrSSC) {
			return nil, Usagef("--rx-bandwidth: %s", strings.TrimPrefix(err.Error(), spectrum.ErrSSC.Error()+": "))
		}
		return nil, err
	}
	run.Set("victim", j.Victim).Set("interferer", j.Interferer).Set("rx_bandwidth_mhz", output.Exact(rx))
	head := fmt.Sprintf("SSC of %s on %s (receiver band %s MHz): ", specTitle(i), specTitle(v), output.G(rx))
	if k.Overlap {
		head += j.Precision.Num(k.DBHz(), decSSC) + " dB-Hz"
	} else {
		head += "no overlap (the bands share no interval)"
	}
	t := &output.Table{Columns: sscColumns, Run: run, RowsKey: "pairs", Head: []string{head, ""}}
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, t)
		if err != nil {
			return err
		}
		if err := sscRow(tw, v, i, rx, k); err != nil {
			return err
		}
		return tw.Close(nil)
	})
	if err != nil {
		return nil, err
	}
	var files written
	files.add(out)
	return files, nil
}

// matrixSpecs resolves the matrix's signals: the catalogue (FDMA signals
// on the chosen channel) or the specs given.
func (j *SpectrumSSC) matrixSpecs() ([]spectrum.SignalSpec, error) {
	if j.FDMAChannel < spectrum.MinChannel || j.FDMAChannel > spectrum.MaxChannel {
		return nil, Usagef("--fdma-channel %d: want %d to %+d", j.FDMAChannel, spectrum.MinChannel, spectrum.MaxChannel)
	}
	var specs []spectrum.SignalSpec
	if len(j.Signals) == 0 {
		for _, s := range spectrum.Catalogue() {
			ch := 0
			if s.IsFDMA() {
				ch = j.FDMAChannel
			}
			specs = append(specs, spectrum.SignalSpec{Text: s.Name, Signal: s, Channel: ch})
		}
		return specs, nil
	}
	seen := map[string]bool{}
	for _, a := range j.Signals {
		sp, err := ParseSignalArg("--signals", a)
		if err != nil {
			return nil, err
		}
		if sp.Signal.IsFDMA() && !strings.Contains(a, ":") {
			sp.Channel = j.FDMAChannel
		}
		if seen[specTitle(sp)] {
			return nil, Usagef("--signals: %s given twice", specTitle(sp))
		}
		seen[specTitle(sp)] = true
		specs = append(specs, sp)
	}
	return specs, nil
}

func (j *SpectrumSSC) runMatrix(ctx context.Context, env *Env, out output.Dest, run *output.Provenance) ([]string, error) {
	specs, err := j.matrixSpecs()
	if err != nil {
		return nil, err
	}
	rx := make([]float64, len(specs))
	for v, sp := range specs {
		rx[v] = sp.Signal.RxBandwidthMHz
		if j.Rx.AllMHz > 0 {
			rx[v] = j.Rx.AllMHz
		}
		if bw, ok := j.Rx.BySignal[sp.Signal.Name]; ok && !sp.Generic {
			rx[v] = bw
		}
		if err := spectrum.CheckRxBandwidth(sp.Signal, rx[v]); err != nil {
			return nil, Usagef("--rx-bandwidth: %s", strings.TrimPrefix(err.Error(), spectrum.ErrSSC.Error()+": "))
		}
	}
	for _, name := range sortedNames(j.Rx.BySignal) {
		found := false
		for _, sp := range specs {
			found = found || (!sp.Generic && sp.Signal.Name == name)
		}
		if !found {
			return nil, Usagef("--rx-bandwidth %s=%s: %s is not in the matrix", name, output.G(j.Rx.BySignal[name]), name)
		}
	}
	// The matrix, every pair once.
	k := make([][]spectrum.SSC, len(specs))
	for v := range specs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		k[v] = make([]spectrum.SSC, len(specs))
		for i := range specs {
			if k[v][i], err = spectrum.SpecKappa(specs[v], specs[i], rx[v]); err != nil {
				return nil, err
			}
		}
	}
	names := make([]string, len(specs))
	for i, sp := range specs {
		names[i] = specTitle(sp)
	}
	run.Set("signals", names).Set("fdma_channel", j.FDMAChannel)
	rxm := map[string]output.JSONNumber{}
	for v, sp := range specs {
		rxm[specTitle(sp)] = output.Exact(rx[v])
	}
	run.Set("rx_bandwidth_mhz", rxm)
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		if j.Format == output.Text {
			return writeSSCMatrixText(w, j.Precision, run, specs, rx, k)
		}
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: sscColumns, Run: run, RowsKey: "pairs"})
		if err != nil {
			return err
		}
		for v := range specs {
			for i := range specs {
				if err := sscRow(tw, specs[v], specs[i], rx[v], k[v][i]); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil)
	})
	if err != nil {
		return nil, err
	}
	var files written
	files.add(out)
	return files, nil
}

// shortName is a matrix column heading: the signal name, with the channel
// of an FDMA signal ("L1OF k=+0") or the generic name.
func shortName(sp spectrum.SignalSpec) string {
	switch {
	case sp.Generic:
		return sp.Signal.Name
	case sp.Signal.IsFDMA():
		return fmt.Sprintf("%s k=%+d", sp.Signal.Name, sp.Channel)
	}
	return sp.Signal.Name
}

// writeSSCMatrixText writes the matrix as a text table: one row per
// victim, one column per interferer.
func writeSSCMatrixText(w io.Writer, p output.Precision, run *output.Provenance, specs []spectrum.SignalSpec, rx []float64, k [][]spectrum.SSC) error {
	cols := []output.Column{{Name: "victim ↓ / interferer →"}, {Name: "rx_mhz", Kind: output.Number, Decimals: decBW}}
	for _, sp := range specs {
		cols = append(cols, output.Column{Name: shortName(sp)})
	}
	t := &output.Table{Columns: cols, Run: run, Head: []string{
		"Spectral separation coefficients κ in dB-Hz (10·log10 of κ in 1/Hz) of each interferer (column) on each victim (row),",
		"over the victim's receiver band (rx_mhz); 'no overlap' where the bands share no interval.", ""}}
	tw, err := output.NewWriter(w, output.Text, p, t)
	if err != nil {
		return err
	}
	for v, sp := range specs {
		tw.Str(specTitle(sp))
		tw.Num(rx[v])
		for i := range specs {
			tw.Str(sscText(p, k[v][i]))
		}
		if err := tw.End(); err != nil {
			return err
		}
	}
	return tw.Close(nil)
}

// ---- spectrum psd ---------------------------------------------------------

// Band is a frequency range of the PSD figure, MHz.
type Band struct {
	Name         string
	LoMHz, HiMHz float64
}

// Bands are the named bands of --band: each spans its signals' transmit
// bands with a margin.
var Bands = []struct {
	Band
	Aliases []string
	What    string
}{
	{Band{"L1", 1550, 1615}, []string{"B1", "E1", "G1"}, "BeiDou B1I and B1C, GPS L1CA and L1C, Galileo E1, GLONASS L1OC and the L1OF channels"},
	{Band{"L2", 1212, 1262}, []string{"G2"}, "GPS L2C, GLONASS L2OC and the L2OF channels"},
	{Band{"L5", 1160, 1220}, []string{"L3", "E5", "B2", "G3"}, "GPS L5, BeiDou B2a and B2b, Galileo E5 (AltBOC), GLONASS L3OC"},
	{Band{"E6", 1252, 1302}, []string{"B3", "L6"}, "BeiDou B3I, Galileo E6"},
}

// ParseBand parses --band: a name (L1, L2, L5, E6 and aliases) or LO-HI
// in MHz.
func ParseBand(s string) (Band, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	for _, b := range Bands {
		if t == b.Name {
			return b.Band, nil
		}
		for _, a := range b.Aliases {
			if t == a {
				return b.Band, nil
			}
		}
	}
	if lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-"); ok {
		l, err1 := ParseFloat(lo)
		h, err2 := ParseFloat(hi)
		if err1 == nil && err2 == nil {
			if !(l > 0 && h > l) || h-l > 2000 {
				return Band{}, Usagef("--band %s: want LO-HI in MHz with 0 < LO < HI and at most 2000 MHz wide", s)
			}
			return Band{Name: output.G(l) + "–" + output.G(h) + " MHz", LoMHz: l, HiMHz: h}, nil
		}
	}
	var names []string
	for _, b := range Bands {
		names = append(names, b.Name)
	}
	return Band{}, Usagef("--band %q: want %s (or an alias: B1, E1, G1, L3, E5, B2, B3, ...) or LO-HI in MHz, e.g. 1550-1620", s, strings.Join(names, ", "))
}

// SpectrumPSD is `gnssim spectrum psd`: the PSDs of the signals of a band
// as a figure and a table.
type SpectrumPSD struct {
	BandArg   string
	Band      Band
	Signals   []string // specs; empty: the transmitted catalogue signals in the band
	Received  bool     // dBW/Hz at the received power instead of dB/Hz at unit power
	N0DBWHz   float64  // the reference line of Received
	Powers    map[string]float64
	StepMHz   float64 // table resolution
	Plot      string
	Table     bool
	Format    output.Format
	Output    string
	Precision output.Precision
}

// Args is the equivalent command line.
func (j *SpectrumPSD) Args(_ orbit.EpochGrid) []string {
	a := []string{"spectrum", "psd", "--band", j.BandArg}
	if len(j.Signals) > 0 {
		a = append(a, "--signals", strings.Join(j.Signals, ","))
	}
	if j.Received {
		a = append(a, "--scale", "received", "--n0", output.G(j.N0DBWHz))
		for _, n := range sortedNames(j.Powers) {
			a = append(a, "--power", n+"="+output.G(j.Powers[n]))
		}
	}
	if j.Plot != "" {
		a = append(a, "--plot", j.Plot)
	}
	if j.Table {
		a = append(a, "--step-mhz", output.G(j.StepMHz))
		a = append(a, outputArgs(j.Format, j.Output, "", j.Precision, false)...)
	}
	return a
}

// psdItem is one curve: a signal on a channel.
type psdItem struct {
	spec  spectrum.SignalSpec
	label string
	power float64 // dBW (Received)
}

// items resolves the signals of the figure.
func (j *SpectrumPSD) items() ([]psdItem, error) {
	var specs []spectrum.SignalSpec
	allChannels := map[int]bool{}
	if len(j.Signals) == 0 {
		for _, s := range spectrum.Catalogue() {
			if s.PartOf != "" {
				continue // E5a, E5b: E5 is what is transmitted
			}
			if lo, hi := carriersOf(s); hi >= j.Band.LoMHz && lo <= j.Band.HiMHz {
				allChannels[len(specs)] = s.IsFDMA()
				specs = append(specs, spectrum.SignalSpec{Text: s.Name, Signal: s})
			}
		}
		if len(specs) == 0 {
			return nil, Usagef("--band %s: no catalogue signal has its carrier there; name signals with --signals", j.BandArg)
		}
	} else {
		for _, a := range j.Signals {
			sp, err := ParseSignalArg("--signals", a)
			if err != nil {
				return nil, err
			}
			if sp.Signal.IsFDMA() && !strings.Contains(a, ":") {
				allChannels[len(specs)] = true
			}
			specs = append(specs, sp)
		}
	}
	var out []psdItem
	for n, sp := range specs {
		power := math.NaN()
		if j.Received {
			if sp.Generic {
				return nil, Usagef("--scale received: %s is a generic modulation with no received power; use --scale unit", sp.Signal.Name)
			}
			power = sp.Signal.MinPowerDBW
			if p, ok := j.Powers[sp.Signal.Name]; ok {
				power = p
			}
		}
		label := specTitle(sp)
		if sp.Generic {
			label = sp.Signal.Name + " (" + output.G(sp.Signal.TxBandwidthMHz) + " MHz)"
		}
		if allChannels[n] {
			label = fmt.Sprintf("%s (k = %d…%+d)", sp.Signal.Title(), spectrum.MinChannel, spectrum.MaxChannel)
			for ch := spectrum.MinChannel; ch <= spectrum.MaxChannel; ch++ {
				c := sp
				c.Channel = ch
				out = append(out, psdItem{spec: c, label: label, power: power})
			}
			continue
		}
		out = append(out, psdItem{spec: sp, label: label, power: power})
	}
	if j.Received {
		for _, name := range sortedNames(j.Powers) {
			found := false
			for _, it := range out {
				found = found || (!it.spec.Generic && it.spec.Signal.Name == name)
			}
			if !found {
				return nil, Usagef("--power %s=%s: %s is not drawn", name, output.G(j.Powers[name]), name)
			}
		}
	} else if len(j.Powers) > 0 {
		return nil, Usagef("--power applies with --scale received")
	}
	return out, nil
}

// carriersOf is the span of a catalogue signal's carriers over all its
// channels, MHz: a band shows by default the signals whose carrier lies
// in it.
func carriersOf(s *spectrum.Signal) (lo, hi float64) {
	lo, hi = s.CentreMHz, s.CentreMHz
	if s.IsFDMA() {
		lo += float64(spectrum.MinChannel) * s.ChannelStepMHz
		hi += float64(spectrum.MaxChannel) * s.ChannelStepMHz
	}
	return lo, hi
}

// MaxPSDTableRows bounds the PSD table.
const MaxPSDTableRows = 5_000_000

// Run draws the figure and writes the table.
func (j *SpectrumPSD) Run(ctx context.Context, env *Env) ([]string, error) {
	if j.Plot == "" && !j.Table {
		return nil, Usagef("--plot FILE.png|.svg is required (or --format csv [-o FILE] for the table)")
	}
	if j.Received {
		if err := CheckN0(j.N0DBWHz); err != nil {
			return nil, err
		}
	}
	items, err := j.items()
	if err != nil {
		return nil, err
	}
	var dests []output.Dest
	var plotDest, tableDest output.Dest
	var pf plot.Format
	if j.Plot != "" {
		if pf, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		if plotDest, err = output.ParseDest("--plot", j.Plot); err != nil {
			return nil, err
		}
		dests = append(dests, plotDest)
	}
	if j.Table {
		if !(j.StepMHz > 0) || math.IsInf(j.StepMHz, 0) {
			return nil, Usagef("--step-mhz %s: want a positive step in MHz, e.g. 0.05", output.G(j.StepMHz))
		}
		rows := 0.0
		for _, it := range items {
			rows += it.spec.Signal.TxBandwidthMHz/j.StepMHz + 1
		}
		if rows > MaxPSDTableRows {
			return nil, Usagef("--step-mhz %s: the table would have %.3g rows (limit %d): use a larger step", output.G(j.StepMHz), rows, MaxPSDTableRows)
		}
		if tableDest, err = output.ParseDest("-o", j.Output); err != nil {
			return nil, err
		}
		dests = append(dests, tableDest)
	}
	if err := output.Distinct(dests...); err != nil {
		return nil, Usagef("%v", err)
	}
	var files written
	if j.Plot != "" {
		var curves []plot.PSDCurve
		var systems []ephemeris.System
		var keys []string
		for _, it := range items {
			systems = append(systems, it.spec.Signal.System)
			keys = append(keys, it.label)
		}
		styles := plot.SignalStyles(systems, keys)
		for n, it := range items {
			off := 0.0
			if j.Received {
				off = it.power
			}
			c, err := figure.PSDCurve(it.spec, it.label, j.Band.LoMHz, j.Band.HiMHz, off, styles[n])
			if err != nil {
				return nil, err
			}
			if len(c.FreqMHz) >= 2 {
				curves = append(curves, c)
			}
		}
		opt := plot.PSDOptions{Title: "Power spectral densities, " + j.Band.Name + " band", XMinMHz: j.Band.LoMHz, XMaxMHz: j.Band.HiMHz}
		if j.Received {
			opt.YLabel = "received PSD (dBW/Hz)"
			opt.Title += ", at the ICD minimum received powers"
			opt.Lines = []plot.HLine{{Value: j.N0DBWHz, Label: "N0 " + output.G(j.N0DBWHz) + " dBW/Hz"}}
		} else {
			opt.Title += ", unit power over each transmit band"
		}
		if len(curves) == 0 {
			return nil, Usagef("--band %s: none of the signals has its transmit band there", j.BandArg)
		}
		if err := plotDest.Write(ctx, env.Stdout, func(w io.Writer) error { return plot.PSD(w, pf, curves, opt) }); err != nil {
			return files, fmt.Errorf("--plot: %w", err)
		}
		files.add(plotDest)
	}
	if !j.Table {
		return files, nil
	}
	run := output.NewProvenance(env.Version, "spectrum psd", j.Precision)
	run.Set("band_mhz", []output.JSONNumber{output.Exact(j.Band.LoMHz), output.Exact(j.Band.HiMHz)}).Set("step_mhz", output.Exact(j.StepMHz))
	unit := "psd_db_hz"
	if j.Received {
		unit = "psd_dbw_hz"
		run.Set("n0_dbw_hz", output.Exact(j.N0DBWHz))
	}
	run.Notes = append([]string{"each signal's PSD is band-limited to its transmit band and normalised to unit power over it (zero outside: no rows there; an exact spectral null has no value)"}, catalogueAssumptions()...)
	cols := []output.Column{{Name: "signal"}, {Name: "channel", Kind: output.Int}, {Name: "freq_mhz", Kind: output.Number, Decimals: decMHz}, {Name: unit, Kind: output.Number, Decimals: decPSD}}
	err = tableDest.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: cols, Run: run})
		if err != nil {
			return err
		}
		for _, it := range items {
			s := it.spec.Signal
			fc := it.spec.CarrierMHz()
			lo, hi := math.Max(fc-s.TxBandwidthMHz/2, j.Band.LoMHz), math.Min(fc+s.TxBandwidthMHz/2, j.Band.HiMHz)
			for n := math.Ceil(lo / j.StepMHz); n*j.StepMHz <= hi; n++ {
				f := n * j.StepMHz
				d, err := s.DensityAtMHz(f, it.spec.Channel)
				if err != nil {
					return err
				}
				tw.Str(specTitle(spectrum.SignalSpec{Signal: s, Generic: it.spec.Generic}))
				if s.IsFDMA() {
					tw.Int(it.spec.Channel)
				} else {
					tw.Empty()
				}
				tw.Num(f)
				if d > 0 {
					v := 10 * math.Log10(d)
					if j.Received {
						v += it.power
					}
					tw.Num(v)
				} else {
					tw.Empty()
				}
				if err := tw.End(); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil)
	})
	if err != nil {
		return files, err
	}
	files.add(tableDest)
	return files, nil
}

// ---- spectrum cn0 ---------------------------------------------------------

// CN0Quantities are the per-cell quantities a ΔC/N0 map can show.
var CN0Quantities = []string{"mean", "worst", "mean_intra", "mean_inter"}

// SpectrumCN0 is `gnssim spectrum cn0`: the C/N0 degradation of victim
// signals by the satellites of the simulated sky, at sites over a period
// (a summary or the series, and a figure per site) or over a grid (a map).
type SpectrumCN0 struct {
	Inputs
	Period
	Receiver
	Sites     []SiteArg
	Grid      *sim.GridSpec // a map instead of sites
	RegionArg string
	// Victims are catalogue names; empty: every signal of the loaded
	// systems that is transmitted (sites only; a map needs one).
	Victims []string
	// Signals are the transmitted catalogue signals; empty: all.
	Signals      []string
	Rx           RxBandwidths
	Powers       map[string]float64
	N0DBWHz      float64
	GainTable    string // file ("" for none)
	Series       bool   // sites: the per-epoch series instead of the summary
	Format       output.Format
	Output       string
	Plot         string
	PlotQuantity string // map: one of CN0Quantities
	Precision    output.Precision
	Force        bool
}

// Args is the equivalent command line, the period's start as resolved in grid.
func (j *SpectrumCN0) Args(grid orbit.EpochGrid) []string {
	a := append([]string{"spectrum", "cn0"}, j.Inputs.Args()...)
	a = append(a, j.Period.Args(grid)...)
	if j.Grid != nil {
		a = append(a, "--grid", output.G(j.Grid.CellDeg))
		if j.RegionArg != "" {
			a = append(a, "--region", j.RegionArg)
		}
	} else {
		a = append(a, siteArgs(j.Sites)...)
	}
	a = append(a, j.MaskArgs()...)
	if len(j.Victims) > 0 {
		a = append(a, "--victim", strings.Join(j.Victims, ","))
	}
	if len(j.Signals) > 0 {
		a = append(a, "--signals", strings.Join(j.Signals, ","))
	}
	for _, r := range j.Rx.Args {
		a = append(a, "--rx-bandwidth", r)
	}
	for _, n := range sortedNames(j.Powers) {
		a = append(a, "--power", n+"="+output.G(j.Powers[n]))
	}
	a = append(a, "--n0", output.G(j.N0DBWHz))
	if j.GainTable != "" {
		a = append(a, "--gain-table", j.GainTable)
	}
	if j.Series {
		a = append(a, "--series")
	}
	a = append(a, outputArgs(j.Format, j.Output, j.Plot, j.Precision, j.Force)...)
	if j.Grid != nil && j.Plot != "" {
		a = append(a, "--plot-quantity", j.PlotQuantity)
	}
	return a
}

// cn0Setup is the resolved model of a run.
type cn0Setup struct {
	model       spectrum.SkyModel
	sats        []spectrum.SkySat
	victims     []*spectrum.Signal
	transmit    map[ephemeris.System][]string
	powers      map[string]float64 // every signal involved: dBW before the gain table
	assumptions []string
}

// systemsWithSignals are the systems whose satellites transmit catalogue
// signals (QZSS: the GPS ones).
func transmitsFor(sys ephemeris.System) ephemeris.System {
	if sys == ephemeris.QZSS {
		return ephemeris.GPS
	}
	return sys
}

// resolveSignals checks --signals and --victim before any data is read.
func (j *SpectrumCN0) resolveSignals() (tx []*spectrum.Signal, victims []*spectrum.Signal, err error) {
	if len(j.Signals) == 0 {
		for _, s := range spectrum.Catalogue() {
			if s.PartOf == "" {
				tx = append(tx, s)
			}
		}
	} else {
		seen := map[string]bool{}
		for _, a := range j.Signals {
			s, err := catalogueName("--signals", a)
			if err != nil {
				return nil, nil, err
			}
			if s.PartOf != "" {
				return nil, nil, Usagef("--signals %s: %s is a receiver's view of %s, which is what the satellites transmit: list %s", a, s.Name, s.PartOf, s.PartOf)
			}
			if seen[s.Name] {
				return nil, nil, Usagef("--signals: %s given twice", s.Name)
			}
			seen[s.Name] = true
			tx = append(tx, s)
		}
	}
	seen := map[string]bool{}
	for _, a := range j.Victims {
		s, err := catalogueName("--victim", a)
		if err != nil {
			return nil, nil, err
		}
		if seen[s.Name] {
			return nil, nil, Usagef("--victim: %s given twice", s.Name)
		}
		seen[s.Name] = true
		victims = append(victims, s)
	}
	if j.Grid != nil && len(victims) != 1 {
		return nil, nil, Usagef("a map (--grid) is of one victim signal: give --victim SIGNAL, e.g. --victim B1C")
	}
	return tx, victims, nil
}

// setup resolves the signals, victims, powers and satellites of ds.
func (j *SpectrumCN0) setup(ds *dataset.Dataset, env *Env) (*cn0Setup, error) {
	tx, victims, err := j.resolveSignals()
	if err != nil {
		return nil, err
	}
	loaded := map[ephemeris.System]bool{}
	for _, s := range ds.Systems {
		loaded[s] = true
	}
	isTx := map[string]bool{}
	for _, s := range tx {
		isTx[s.Name] = true
	}
	st := &cn0Setup{transmit: map[ephemeris.System][]string{}, powers: map[string]float64{}}
	var silent []string
	for _, sys := range ds.Systems {
		for _, s := range tx {
			if s.System == transmitsFor(sys) {
				st.transmit[sys] = append(st.transmit[sys], s.Name)
			}
		}
		if len(st.transmit[sys]) == 0 && ds.Count(sys) > 0 {
			silent = append(silent, sys.Title())
		}
	}
	if len(victims) == 0 {
		for _, s := range spectrum.Catalogue() {
			if loaded[s.System] && (isTx[s.Name] || isTx[s.PartOf]) {
				victims = append(victims, s)
			}
		}
		if len(victims) == 0 {
			return nil, Usagef("no victim signal: none of the --signals belongs to the systems loaded (--systems %s)", SystemsArg(ds.Systems))
		}
	}
	for _, v := range victims {
		if !loaded[v.System] {
			return nil, Usagef("--victim %s: no %s satellites are loaded (--systems %s): add %s to --systems", v.Name, v.System.Title(), SystemsArg(ds.Systems), v.System)
		}
		if !isTx[v.Name] && !isTx[v.PartOf] {
			whole := v.Name
			if v.PartOf != "" {
				whole = v.PartOf
			}
			return nil, Usagef("--victim %s: %s is not transmitted (add %s to --signals)", v.Name, v.Name, whole)
		}
	}
	st.victims = victims
	if err := j.Rx.check(victims); err != nil {
		return nil, err
	}
	// The evaluator's signals: transmitted and victims, in catalogue order.
	var sigs []*spectrum.Signal
	isV := map[string]bool{}
	for _, v := range victims {
		isV[v.Name] = true
	}
	rx := map[string]float64{}
	for _, s := range spectrum.Catalogue() {
		if isTx[s.Name] || isV[s.Name] {
			sigs = append(sigs, s)
			if isV[s.Name] {
				rx[s.Name] = j.Rx.For(s)
			}
		}
	}
	for _, name := range sortedNames(j.Powers) {
		if !isTx[name] && !isV[name] {
			return nil, Usagef("--power %s=%s: %s is neither transmitted nor a victim in this run", name, output.G(j.Powers[name]), name)
		}
	}
	if err := CheckN0(j.N0DBWHz); err != nil {
		return nil, err
	}
	e, err := spectrum.NewEvaluator(sigs, spectrum.EvaluatorOptions{RxBandwidthMHz: rx})
	if err != nil {
		return nil, err
	}
	var gain *spectrum.GainTable
	if j.GainTable != "" {
		if gain, err = spectrum.LoadGainTable(j.GainTable); err != nil {
			return nil, fmt.Errorf("--gain-table: %w", err) // a problem of the file: exit 1, with file:line
		}
	}
	for _, s := range sigs {
		st.powers[s.Name] = s.MinPowerDBW
		if p, ok := j.Powers[s.Name]; ok {
			st.powers[s.Name] = p
		}
	}
	names := make([]string, len(victims))
	for i, v := range victims {
		names[i] = v.Name
	}
	st.model = spectrum.SkyModel{Evaluator: e, Transmit: st.transmit, Victims: names, PowerDBW: j.Powers, Gain: gain, N0DBWHz: j.N0DBWHz, Mask: j.Mask}
	// The satellites; GLONASS without a known channel noted.
	var noChannel []string
	for _, s := range ds.Selected {
		sat := spectrum.SkySat{System: s.ID.System, PRN: s.Label(), Channel: s.ID.FreqChannel, HasChannel: s.ID.HasChannel}
		if sat.HasChannel && (sat.Channel < spectrum.MinChannel || sat.Channel > spectrum.MaxChannel) {
			sat.HasChannel = false
		}
		if s.ID.System == ephemeris.GLONASS && !sat.HasChannel {
			noChannel = append(noChannel, s.Label())
		}
		st.sats = append(st.sats, sat)
	}
	if len(noChannel) > 0 {
		list := strings.Join(firstN(noChannel, dataset.MaxListed), ", ")
		where := "'gnssim catalog' shows the channels"
		if ds.Kind == dataset.Precise {
			where = "SP3 files carry no channels: use --tle or --nav for the FDMA signals"
		}
		env.note(dataset.Note{Level: dataset.Warning, Kind: "no-channel", Text: fmt.Sprintf("%d GLONASS satellite(s) without a known FDMA channel (%s): their L1OF/L2OF are left out, as interferers and as victims (their CDMA signals are kept); %s", len(noChannel), list, where)})
		st.assumptions = append(st.assumptions, fmt.Sprintf("GLONASS satellites without a known FDMA channel (%s) transmit no L1OF/L2OF here", list))
	}
	if len(silent) > 0 {
		env.note(dataset.Note{Level: dataset.Info, Kind: "no-signals", Text: fmt.Sprintf("%s satellites transmit no signal of the catalogue (or of --signals): they are left out of the interference", strings.Join(silent, ", "))})
		st.assumptions = append(st.assumptions, strings.Join(silent, ", ")+" satellites transmit no catalogue signal: left out")
	}
	st.assumptions = append(st.assumptions, j.assumptions(loaded, gain)...)
	st.assumptions = append(st.assumptions, catalogueAssumptions()...)
	return st, nil
}

// assumptions are the modelling statements of a run.
func (j *SpectrumCN0) assumptions(loaded map[ephemeris.System]bool, gain *spectrum.GainTable) []string {
	a := []string{
		"ΔC/N0 = 10·log10(1 + Σ_i C_i·κ_i / N0) per victim satellite, its own instance of the signal left out; per epoch the worst victim satellite (mean: over the epochs with a victim above the mask)",
		"every satellite of a system transmits every listed signal of its system (--signals): a fully modernised constellation; today only GLONASS-K/K2 transmit L1OC/L2OC/L3OC, only BDS-3 B1C/B2a/B2b, only GPS III L1C (GPS IIR-M and later L2C, IIF and later L5), so those signals' share is an upper bound",
		fmt.Sprintf("interferers and victims: the satellites strictly above the mask (%s)", j.MaskText()),
	}
	if j.N0DBWHz == spectrum.DefaultN0DBWHz {
		a = append(a, "N0 = −201.5 dBW/Hz: the customary RNSS compatibility value (k·T, T ≈ 513 K), an assumption; set --n0 for your receiver")
	} else {
		a = append(a, "N0 = "+output.G(j.N0DBWHz)+" dBW/Hz (--n0)")
	}
	if gain == nil {
		a = append(a, "received powers: the ICD minimum received power of each signal at every elevation (the ICD minima hold above 5°, Galileo 10°; real powers are often a few dB higher); --gain-table adds an elevation-dependent offset")
	} else {
		a = append(a, "received powers: the ICD minimum plus the offset of the gain table "+j.GainTable+" at each satellite's elevation (an assumption of that file)")
	}
	if len(j.Powers) > 0 {
		var p []string
		for _, n := range sortedNames(j.Powers) {
			p = append(p, n+" "+output.G(j.Powers[n])+" dBW")
		}
		a = append(a, "received powers set by --power: "+strings.Join(p, ", "))
	}
	if loaded[ephemeris.BeiDou] {
		a = append(a, "BeiDou powers are the MEO minima for every orbit type (the IGSO minima are 2 dB lower)")
	}
	if loaded[ephemeris.QZSS] {
		a = append(a, "QZSS satellites transmit the GPS signals (L1CA, L1C, L2C, L5) at the GPS minimum powers; as interferers they count as QZSS (inter-system for GPS)")
	}
	return a
}

// Run computes and writes the degradation.
func (j *SpectrumCN0) Run(ctx context.Context, env *Env) ([]string, error) {
	if err := j.Period.Validate(); err != nil {
		return nil, err
	}
	if j.Grid == nil && len(j.Sites) == 0 {
		return nil, Usagef("give --site SITE (repeatable) for a series, or --grid DEG for a map; built-in cities: %s", CityNames())
	}
	if j.Grid != nil {
		if len(j.Sites) > 0 {
			return nil, Usagef("--site and --grid exclude each other: a series at sites, or a map")
		}
		if err := j.Grid.Validate(); err != nil {
			return nil, Usagef("--grid/--region: %v", err)
		}
		if j.Series {
			return nil, Usagef("--series applies to sites, not to a map")
		}
		if !validQuantity(j.PlotQuantity) {
			return nil, Usagef("--plot-quantity %q: want one of %s", j.PlotQuantity, strings.Join(CN0Quantities, ", "))
		}
	}
	if _, _, err := j.resolveSignals(); err != nil {
		return nil, err
	}
	if err := CheckN0(j.N0DBWHz); err != nil {
		return nil, err
	}
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	dests := []output.Dest{out}
	var plotFmt plot.Format
	var plotDests []output.Dest
	sites := sitesOf(j.Sites)
	if j.Plot != "" {
		if plotFmt, err = output.PlotFormat("--plot", j.Plot); err != nil {
			return nil, Usagef("%v", err)
		}
		paths := []string{j.Plot}
		if j.Grid == nil {
			keys := FileKeys(sites)
			paths = paths[:0]
			for i := range sites {
				paths = append(paths, PlotPath(j.Plot, keys[i], len(sites)))
			}
		}
		for _, p := range paths {
			d, err := output.ParseDest("--plot", p)
			if err != nil {
				return nil, err
			}
			plotDests = append(plotDests, d)
		}
	}
	if err := output.Distinct(append(dests, plotDests...)...); err != nil {
		return nil, Usagef("%v", err)
	}
	ds, err := env.load(j.Inputs, j.Period.identifyAt(), false)
	if err != nil {
		return nil, err
	}
	grid, err := j.Period.Grid(ds)
	if err != nil {
		return nil, err
	}
	st, err := j.setup(ds, env)
	if err != nil {
		return nil, err
	}
	nv := len(st.victims)
	receivers := len(sites)
	if j.Grid != nil {
		nLat, nLon := j.Grid.Dims()
		receivers = nLat * nLon
	}
	cost := spectrum.SkyCost(len(ds.Selected), receivers, grid.N, nv, sim.Exec{})
	smaller := "--step, --duration, the number of --site or --victim"
	if j.Grid != nil {
		smaller = "--grid, --region, --step or --duration"
	} else {
		cost = cost.Plus(passCost(ds, grid, len(sites)))
		if j.Plot != "" {
			cost.Bytes += int64(grid.N) * int64(nv) * 3 * 8 // the figure's series of one site
		}
	}
	if err := env.limits().Check(cost, j.Force, smaller); err != nil {
		return nil, err
	}
	if err := env.checkSpan(ds, grid, j.Force); err != nil {
		return nil, err
	}
	run := output.NewProvenance(env.Version, "spectrum cn0", j.Precision).WithDataset(ds).WithPeriod(grid).WithMask(j.Mask, j.MaskFile)
	j.provenance(run, st)
	if j.Grid != nil {
		run.WithGrid(*j.Grid)
		return j.runMap(ctx, env, ds, grid, st, run, out, plotFmt, plotDests)
	}
	run.WithSites(sites)
	return j.runSites(ctx, env, ds, grid, st, run, out, plotFmt, plotDests)
}

func validQuantity(q string) bool {
	for _, c := range CN0Quantities {
		if c == q {
			return true
		}
	}
	return false
}

// provenance records the parameters of the run.
func (j *SpectrumCN0) provenance(run *output.Provenance, st *cn0Setup) {
	var vs []string
	rx := map[string]output.JSONNumber{}
	for _, v := range st.victims {
		vs = append(vs, v.Title())
		rx[v.Name] = output.Exact(j.Rx.For(v))
	}
	tx := map[string][]string{}
	for sys, names := range st.transmit {
		tx[sys.String()] = names
	}
	pw := map[string]output.JSONNumber{}
	for n, p := range st.powers {
		pw[n] = output.Exact(p)
	}
	run.Set("victims", vs).Set("transmitted_signals", tx).Set("rx_bandwidth_mhz", rx).Set("received_power_dbw", pw).Set("n0_dbw_hz", output.Exact(j.N0DBWHz))
	if g := st.model.Gain; g != nil {
		el, off := g.Points()
		pts := make([][2]output.JSONNumber, len(el))
		for i := range el {
			pts[i] = [2]output.JSONNumber{output.Exact(el[i]), output.Exact(off[i])}
		}
		run.Set("gain_table", map[string]any{"file": j.GainTable, "elevation_deg_offset_db": pts})
	}
	run.Notes = st.assumptions
}

// headLines are the text header of a table: what is computed, under which
// assumptions.
func headLines(run *output.Provenance, title string) []string {
	h := []string{title}
	for _, a := range run.Notes {
		h = append(h, "  - "+a)
	}
	return append(h, "")
}

func (j *SpectrumCN0) runSites(ctx context.Context, env *Env, ds *dataset.Dataset, grid orbit.EpochGrid, st *cn0Setup, run *output.Provenance, out output.Dest, pf plot.Format, plotDests []output.Dest) ([]string, error) {
	sites := sitesOf(j.Sites)
	nv := len(st.victims)
	sources, _, err := env.passes(ctx, ds, grid, j.Strict, len(sites))
	if err != nil {
		return nil, err
	}
	summaries := make([][]spectrum.SiteSummary, len(sites))
	prog := env.progress("spectrum cn0")
	// figure series of the current site: total, intra, inter per victim.
	var series [][3][]float64
	if j.Plot != "" {
		series = make([][3][]float64, nv)
		for v := range series {
			for p := range series[v] {
				series[v][p] = make([]float64, grid.N)
			}
		}
	}
	var files written
	// one site: the series streamed into tw (nil: summary only).
	site := func(i int, tw *output.Writer) error {
		var stats spectrum.SiteStats
		err := spectrum.StreamSiteDegradation(ctx, sources(), st.sats, grid, sites[i], st.model,
			sim.Exec{Progress: func(done, total int) { prog.Update(i*total+done, len(sites)*total) }},
			func(c *spectrum.SiteChunk) error {
				if err := stats.Add(c); err != nil {
					return err
				}
				for k := 0; k < c.Grid.N; k++ {
					for v, sig := range st.victims {
						r := c.At(k, v)
						if series != nil {
							series[v][0][c.K0+k], series[v][1][c.K0+k], series[v][2][c.K0+k] = r.TotalDB, r.IntraDB, r.InterDB
						}
						if tw == nil {
							continue
						}
						tw.Str(sites[i].Name)
						tw.Str(output.FormatTime(c.Grid.Time(k)))
						tw.Str(sig.System.String())
						tw.Str(sig.Name)
						tw.Int(c.Visible[k])
						tw.Int(r.Victims)
						if r.Worst >= 0 {
							sat := st.sats[r.Worst]
							tw.Str(sat.PRN)
							if sig.IsFDMA() {
								tw.Int(sat.Channel)
							} else {
								tw.Empty()
							}
						} else {
							tw.Str("")
							tw.Empty()
						}
						tw.Num(r.SelfDB)
						tw.Num(r.IntraDB)
						tw.Num(r.InterDB)
						tw.Num(r.TotalDB)
						tw.Num(r.MeanTotalDB)
						if err := tw.End(); err != nil {
							return err
						}
					}
				}
				return nil
			})
		if err != nil {
			return err
		}
		summaries[i] = stats.Summaries()
		if j.Plot != "" {
			if err := j.sitePlot(ctx, env, grid, st, sites[i], series, pf, plotDests[i]); err != nil {
				return err
			}
			files.add(plotDests[i])
		}
		return nil
	}
	title := fmt.Sprintf("C/N0 degradation (dB) of %s by the simulated sky (%s), %s", victimList(st.victims), figure.SkyTitle(ds.Systems), figure.PeriodShort(grid))
	if j.Series {
		cols := []output.Column{{Name: "site"}, {Name: "time_utc"}, {Name: "victim_system"}, {Name: "victim"}, {Name: "n_visible", Kind: output.Int},
			{Name: "n_victims", Kind: output.Int}, {Name: "worst_prn"}, {Name: "worst_channel", Kind: output.Int},
			{Name: "self_db", Kind: output.Number, Decimals: decCN0}, {Name: "intra_db", Kind: output.Number, Decimals: decCN0},
			{Name: "inter_db", Kind: output.Number, Decimals: decCN0}, {Name: "total_db", Kind: output.Number, Decimals: decCN0},
			{Name: "mean_total_db", Kind: output.Number, Decimals: decCN0}}
		err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
			tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: cols, Run: run, Head: headLines(run, title)})
			if err != nil {
				return err
			}
			for i := range sites {
				if err := site(i, tw); err != nil {
					return err
				}
			}
			return tw.Close(nil)
		})
		prog.Done()
		if err != nil {
			return files, err
		}
		files.add(out)
		return files, nil
	}
	for i := range sites {
		if err := site(i, nil); err != nil {
			prog.Done()
			return files, err
		}
	}
	prog.Done()
	cols := []output.Column{{Name: "site"}, {Name: "victim_system"}, {Name: "victim"}, {Name: "epochs", Kind: output.Int}, {Name: "victim_epochs", Kind: output.Int},
		{Name: "mean_total_db", Kind: output.Number, Decimals: decCN0}, {Name: "worst_total_db", Kind: output.Number, Decimals: decCN0},
		{Name: "worst_time_utc"}, {Name: "worst_prn"},
		{Name: "mean_intra_db", Kind: output.Number, Decimals: decCN0}, {Name: "mean_inter_db", Kind: output.Number, Decimals: decCN0},
		{Name: "mean_self_db", Kind: output.Number, Decimals: decCN0},
		{Name: "max_intra_db", Kind: output.Number, Decimals: decCN0}, {Name: "max_inter_db", Kind: output.Number, Decimals: decCN0}}
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: cols, Run: run, Head: headLines(run, title)})
		if err != nil {
			return err
		}
		for i, s := range sites {
			for v, sum := range summaries[i] {
				sig := st.victims[v]
				tw.Str(s.Name)
				tw.Str(sig.System.String())
				tw.Str(sig.Name)
				tw.Int(sum.Epochs)
				tw.Int(sum.VictimEpochs)
				tw.Num(sum.MeanTotalDB)
				tw.Num(sum.WorstTotalDB)
				if sum.WorstEpoch >= 0 {
					tw.Str(output.FormatTime(grid.Time(sum.WorstEpoch)))
					tw.Str(st.sats[sum.WorstSat].PRN)
				} else {
					tw.Str("")
					tw.Str("")
				}
				tw.Num(sum.MeanIntraDB)
				tw.Num(sum.MeanInterDB)
				tw.Num(sum.MeanSelfDB)
				tw.Num(sum.MaxIntraDB)
				tw.Num(sum.MaxInterDB)
				if err := tw.End(); err != nil {
					return err
				}
			}
		}
		return tw.Close(nil, "", "mean: time mean over the epochs with a victim satellite above the mask of the worst victim satellite's ΔC/N0; worst: its maximum (worst_time_utc, worst_prn); intra-system includes self (other satellites' instances of the victim signal)")
	})
	if err != nil {
		return files, err
	}
	files.add(out)
	return files, nil
}

func victimList(v []*spectrum.Signal) string {
	if len(v) > 4 {
		return fmt.Sprintf("%d signals", len(v))
	}
	names := make([]string, len(v))
	for i, s := range v {
		names[i] = s.Title()
	}
	return strings.Join(names, ", ")
}

// sitePlot draws the ΔC/N0 of a site: with one victim its total, intra-
// and inter-system parts; with several each victim's total.
func (j *SpectrumCN0) sitePlot(ctx context.Context, env *Env, grid orbit.EpochGrid, st *cn0Setup, s sim.Site, series [][3][]float64, pf plot.Format, dest output.Dest) error {
	ss := figure.CN0Series(st.victims, grid, series)
	opt := plot.TimeSeriesOptions{
		Title:  fmt.Sprintf("ΔC/N0 at %s (%s), %s, %s, N0 %s dBW/Hz", s.Name, LatLonText(s.LatDeg, s.LonDeg, 2), figure.PeriodShort(grid), j.MaskText(), output.G(j.N0DBWHz)),
		YLabel: "ΔC/N0 (dB)",
	}
	if err := dest.Write(ctx, env.Stdout, func(w io.Writer) error { return plot.SignalTimeSeries(w, pf, ss, opt) }); err != nil {
		return fmt.Errorf("--plot: %w", err)
	}
	return nil
}

func (j *SpectrumCN0) runMap(ctx context.Context, env *Env, ds *dataset.Dataset, grid orbit.EpochGrid, st *cn0Setup, run *output.Provenance, out output.Dest, pf plot.Format, plotDests []output.Dest) ([]string, error) {
	sources, _, err := env.passes(ctx, ds, grid, j.Strict, 1)
	if err != nil {
		return nil, err
	}
	prog := env.progress("spectrum cn0 map")
	m, err := spectrum.MapDegradation(ctx, sources(), st.sats, grid, *j.Grid, st.model, sim.Exec{Progress: prog.Update})
	prog.Done()
	if err != nil {
		return nil, err
	}
	v := st.victims[0]
	cols := []output.Column{{Name: "lat_deg", Kind: output.Number, Decimals: 4}, {Name: "lon_deg", Kind: output.Number, Decimals: 4, Wrap: output.Longitude},
		{Name: "victim_epochs", Kind: output.Int},
		{Name: "mean_total_db", Kind: output.Number, Decimals: decCN0}, {Name: "worst_total_db", Kind: output.Number, Decimals: decCN0},
		{Name: "mean_intra_db", Kind: output.Number, Decimals: decCN0}, {Name: "mean_inter_db", Kind: output.Number, Decimals: decCN0},
		{Name: "mean_self_db", Kind: output.Number, Decimals: decCN0}}
	title := fmt.Sprintf("C/N0 degradation (dB) of %s by the simulated sky (%s), %s, %d × %d cells of %s°", v.Title(), figure.SkyTitle(ds.Systems), figure.PeriodShort(grid), m.NLat, m.NLon, output.G(j.Grid.CellDeg))
	var files written
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		tw, err := output.NewWriter(w, j.Format, j.Precision, &output.Table{Columns: cols, Run: run, RowsKey: "cells", Head: headLines(run, title)})
		if err != nil {
			return err
		}
		for c := range m.VictimEpochs {
			tw.Num(m.LatDeg[c/m.NLon])
			tw.Num(m.LonDeg[c%m.NLon])
			tw.Int(m.VictimEpochs[c])
			tw.Num(m.MeanTotalDB[c])
			tw.Num(m.WorstTotalDB[c])
			tw.Num(m.MeanIntraDB[c])
			tw.Num(m.MeanInterDB[c])
			tw.Num(m.MeanSelfDB[c])
			if err := tw.End(); err != nil {
				return err
			}
		}
		return tw.Close(nil)
	})
	if err != nil {
		return files, err
	}
	files.add(out)
	if j.Plot == "" {
		return files, nil
	}
	g, opt := figure.CN0Map(m, j.PlotQuantity, v)
	opt.Title = fmt.Sprintf("%s, %s, sky of %s, %s, N0 %s dBW/Hz", opt.Title, figure.PeriodShort(grid), figure.SkyTitle(ds.Systems), j.MaskText(), output.G(j.N0DBWHz))
	if err := plotDests[0].Write(ctx, env.Stdout, func(w io.Writer) error { return plot.CoverageMap(w, pf, g, opt) }); err != nil {
		return files, fmt.Errorf("--plot: %w", err)
	}
	files.add(plotDests[0])
	return files, nil
}
