package job

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/output"
	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/orbit"
	"github.com/gnssim/gnssim/sim/dataset"
)

// Catalog is `gnssim catalog`: the element sets loaded (identity, orbit,
// epoch, age, status) and the refused ones.
type Catalog struct {
	Inputs
	All    bool      // every system, and element sets of no navigation system
	At     time.Time // identification and age time; zero: 00:00 UTC of the newest epoch's day
	Format output.Format
	Output string
}

// Args is the equivalent command line.
func (j *Catalog) Args(_ orbit.EpochGrid) []string {
	a := append([]string{"catalog"}, j.Inputs.Args()...)
	if j.All {
		a = append(a, "--all")
	}
	if !j.At.IsZero() {
		a = append(a, "--at", output.FormatTime(j.At))
	}
	a = append(a, "--format", j.Format.String())
	if j.Output != "" {
		a = append(a, "-o", j.Output)
	}
	return a
}

func systemName(s ephemeris.System) string {
	if s == ephemeris.SystemUnknown {
		return ""
	}
	return s.String()
}

var catalogColumns = []output.Column{{Name: "norad", Kind: output.Int}, {Name: "name"}, {Name: "system"}, {Name: "prn"},
	{Name: "glonass_channel", Kind: output.Int}, {Name: "orbit"}, {Name: "epoch_utc"}, {Name: "age_days", Kind: output.Number, Decimals: 3},
	{Name: "status"}, {Name: "reason"}, {Name: "confidence"}, {Name: "source"}}

// Run lists the element sets.
func (j *Catalog) Run(ctx context.Context, env *Env) ([]string, error) {
	out, err := output.ParseDest("-o", j.Output)
	if err != nil {
		return nil, err
	}
	in := j.Inputs
	if j.All {
		in.Systems = append([]ephemeris.System(nil), ephemeris.Systems...)
	}
	ds, err := env.load(in, j.At, true)
	if err != nil {
		return nil, err
	}
	at := j.At
	if at.IsZero() {
		at = ds.DefaultStart()
	}
	var rows, refused []*catRow
	if ds.Kind == dataset.ElementSets {
		rows, refused = catRows(ds, at, j.All)
	} else {
		rows, refused = fileRows(ds, at)
	}
	nOp := 0
	for _, r := range rows {
		if r.id.Operational {
			nOp++
		}
	}
	scope := "every system"
	if !j.All {
		scope = SystemsArg(ds.Systems)
	}
	run := output.NewProvenance(env.Version, "catalog", output.Fixed).WithDataset(ds).Set("at_utc", output.FormatTime(at)).Set("scope", scope)
	var files written
	err = out.Write(ctx, env.Stdout, func(w io.Writer) error {
		if j.Format == output.Text {
			what := "Element sets"
			if ds.Kind != dataset.ElementSets {
				what = "Satellites of the " + ds.Kind.String() + " data"
			}
			return catTable(w, what, rows, refused, at, scope, nOp)
		}
		cols := catalogColumns
		if j.Format == output.JSON {
			cols = append(append([]output.Column(nil), cols...), output.Column{Name: "basis"})
		}
		tw, err := output.NewWriter(w, j.Format, output.Fixed, &output.Table{Columns: cols, Run: run, RowsKey: "element_sets"})
		if err != nil {
			return err
		}
		for _, r := range rows {
			r.write(tw)
			if j.Format == output.JSON {
				tw.Str(r.id.Basis)
			}
			if err := tw.End(); err != nil {
				return err
			}
		}
		if j.Format == output.CSV {
			for _, r := range refused {
				r.write(tw)
				if err := tw.End(); err != nil {
					return err
				}
			}
			return tw.Close(nil)
		}
		refs := []map[string]any{}
		for _, r := range refused {
			m := map[string]any{}
			for i, c := range catalogColumns {
				v := r.record()[i]
				switch {
				case c.Kind == output.String:
					m[c.Name] = v
				case v == "":
					m[c.Name] = nil
				case c.Kind == output.Int:
					m[c.Name], _ = strconv.Atoi(v)
				default:
					f, _ := strconv.ParseFloat(v, 64)
					m[c.Name] = output.Exact(f)
				}
			}
			refs = append(refs, m)
		}
		return tw.Close([]output.KV{{Key: "refused", Value: refs}})
	})
	if err != nil {
		return nil, err
	}
	files.add(out)
	return files, nil
}

// write adds the row's cells (catalogColumns order) to tw.
func (r *catRow) write(tw *output.Writer) {
	rec := r.record()
	for i, c := range catalogColumns {
		v := rec[i]
		switch {
		case v == "" && c.Kind != output.String:
			tw.Empty()
		case c.Kind == output.Int:
			n, _ := strconv.Atoi(v)
			tw.Int(n)
		case c.Kind == output.Number:
			f, _ := strconv.ParseFloat(v, 64)
			tw.Num(f)
		default:
			tw.Str(v)
		}
	}
}

// catTable writes the human listing: a heading, the element sets, the
// refused records.
func catTable(w io.Writer, what string, rows, refused []*catRow, at time.Time, scope string, nOp int) error {
	cols := []output.Column{{Name: "NORAD", Kind: output.Int}, {Name: "NAME"}, {Name: "SYSTEM"}, {Name: "PRN"}, {Name: "CH", Kind: output.Int},
		{Name: "ORBIT"}, {Name: "EPOCH (UTC)"}, {Name: "AGE (d)", Kind: output.Number, Decimals: 3}, {Name: "STATUS"}, {Name: "REASON"}}
	head := []string{fmt.Sprintf("%s at %s (%s): %d listed, %d operational, %d refused", what, output.FormatTime(at), scope, len(rows), nOp, len(refused)), ""}
	tw, err := output.NewWriter(w, output.Text, output.Fixed, &output.Table{Columns: cols, Head: head})
	if err != nil {
		return err
	}
	for _, r := range rows {
		rec := r.record()[:10]
		if r.reason != "" && r.id.Confidence != "" && !strings.Contains(r.reason, "confidence") {
			rec[9] = fmt.Sprintf("%s (confidence %s)", r.reason, r.id.Confidence)
		}
		for i, c := range cols {
			v := rec[i]
			switch {
			case v == "" && c.Kind != output.String:
				tw.Empty()
			case c.Kind == output.Int:
				n, _ := strconv.Atoi(v)
				tw.Int(n)
			case c.Kind == output.Number:
				f, _ := strconv.ParseFloat(v, 64)
				tw.Num(f)
			default:
				tw.Str(v)
			}
		}
		if err := tw.End(); err != nil {
			return err
		}
	}
	var foot []string
	if len(refused) == 0 {
		foot = append(foot, "", "Refused element sets: none")
	} else {
		foot = append(foot, "", fmt.Sprintf("Refused element sets (%d):", len(refused)))
		for _, r := range refused {
			what := ""
			if r.sat != nil {
				what = dataset.SatName(r.sat.Elements) + ": "
			}
			if what == "" && strings.HasPrefix(r.reason, r.where) {
				foot = append(foot, "  "+r.reason) // a parse error names its file:line itself
				continue
			}
			foot = append(foot, fmt.Sprintf("  %s: %s%s", r.where, what, r.reason))
		}
	}
	return tw.Close(nil, foot...)
}

// catRow is one line of the listing: a loaded element set (sat != nil) or
// a refused record.
type catRow struct {
	sat    *dataset.Sat
	id     ephemeris.Identity // identity at the listing time
	at     time.Time
	status string // operational, non-operational, refused
	reason string
	where  string // file:line
	epoch  string // navigation and SP3 satellites: the first time with a position
}

// fileRows lists the satellites of a navigation or SP3 dataset with their
// data coverage, and the refused records.
func fileRows(ds *dataset.Dataset, at time.Time) (rows, refused []*catRow) {
	src := strings.Join(firstN(ds.Sources, 2), ", ")
	for _, s := range ds.Selected {
		cov := ds.Coverage(s)
		r := &catRow{sat: s, id: s.ID, at: at, status: "operational", where: src}
		if len(cov) == 0 {
			r.status, r.reason = "no-position", "no usable record"
		} else {
			var total time.Duration
			for _, iv := range cov {
				total += iv.Duration()
			}
			r.epoch = output.FormatTime(cov[0].Start)
			r.reason = fmt.Sprintf("positions %s to %s in %d interval(s), %.1f h in all", output.FormatTime(cov[0].Start), output.FormatTime(cov[len(cov)-1].End), len(cov), total.Hours())
		}
		rows = append(rows, r)
	}
	for _, f := range ds.Refused {
		refused = append(refused, &catRow{at: at, status: "refused", reason: f.Reason, where: f.Where})
	}
	return rows, refused
}

// record returns the CSV fields of the row (catColumns order).
func (r *catRow) record() []string {
	rec := make([]string, 0, 12)
	if r.sat == nil {
		return append(rec, "", "", "", "", "", "", "", "", r.status, r.reason, "", r.where)
	}
	if r.sat.Elements == nil { // a satellite of a navigation or SP3 file
		ch := ""
		if r.id.HasChannel {
			ch = strconv.Itoa(r.id.FreqChannel)
		}
		return append(rec, "", r.id.PRN, systemName(r.id.System), r.id.PRN, ch, r.id.Orbit.String(), r.epoch, "", r.status, r.reason, r.id.Confidence, r.where)
	}
	es := r.sat.Elements
	ch := ""
	if r.id.HasChannel {
		ch = strconv.Itoa(r.id.FreqChannel)
	}
	age := ephemeris.Age(es, r.at)
	return append(rec, strconv.Itoa(es.CatalogNumber), es.Name, systemName(r.id.System), r.id.PRN, ch,
		r.id.Orbit.String(), output.FormatTime(es.Epoch), output.Fixed.Num(age.Hours()/24, 3), r.status, r.reason, r.id.Confidence, r.where)
}

// catRows identifies the element sets at time at and returns the usable ones
// (of ds.Systems unless all) in listing order, and every refused record.
// An element set whose SGP4 initialisation failed is listed among the refused
// ones, with what is known of it.
func catRows(ds *dataset.Dataset, at time.Time, all bool) (rows, refused []*catRow) {
	cat := ephemeris.DefaultCatalog()
	want := map[ephemeris.System]bool{}
	for _, s := range ds.Systems {
		want[s] = true
	}
	ids := map[*dataset.Sat]ephemeris.Identity{}
	var usable []*dataset.Sat
	failed := map[string]*dataset.Sat{} // where -> satellite refused by SGP4
	for _, s := range ds.All {
		id := cat.Identify(s.Elements, at)
		ids[s] = id
		if s.SGP4 == nil {
			failed[dataset.Where(s.Elements.Source)] = s
			continue
		}
		if all || want[id.System] {
			usable = append(usable, s)
		}
	}
	byID := make([]*dataset.Sat, len(usable))
	for i, s := range usable { // sort by the identity at the listing time
		c := *s
		c.ID = ids[s]
		byID[i] = &c
	}
	dataset.SortSats(byID, ds.Systems)
	for i, c := range byID {
		for _, s := range usable {
			if s.Elements == c.Elements {
				byID[i] = s
				break
			}
		}
	}
	usable = byID
	for _, s := range usable {
		r := &catRow{sat: s, id: ids[s], at: at, status: "operational", where: dataset.Where(s.Elements.Source)}
		if !r.id.Operational {
			r.status = "non-operational"
			r.reason = catReason(r.id)
		}
		rows = append(rows, r)
	}
	for _, f := range ds.Refused {
		r := &catRow{at: at, status: "refused", reason: f.Reason, where: f.Where}
		if s, ok := failed[f.Where]; ok && f.Name != "" {
			r.sat, r.id = s, ids[s]
		}
		refused = append(refused, r)
	}
	return rows, refused
}

// catReason is the short reason why an identity is not operational: the
// "[not operational: ...]" note of the catalog's basis when there is one,
// else the basis itself.
func catReason(id ephemeris.Identity) string {
	b := id.Basis
	if i := strings.Index(b, "[not operational: "); i >= 0 {
		rest := b[i+len("[not operational: "):]
		if j := strings.IndexByte(rest, ']'); j >= 0 {
			return rest[:j]
		}
	}
	if b == "" {
		return "no PRN/slot known"
	}
	return b
}
