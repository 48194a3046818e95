package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gnssim/gnssim/ephemeris"
	"github.com/gnssim/gnssim/sim/dataset"
)

// gnssim catalog: the loaded element sets and the refused ones.

const catDescription = `The element sets loaded: NORAD number, name, system, PRN or GLONASS slot
(R01-R27), GLONASS frequency channel when known, orbit type, epoch, age at
--at, status and, for a non-operational set, the reason (from the PRN
catalog's basis and confidence), then every element set that was refused, with
file:line and the reason.

--at (default: 00:00 UTC of the day of the newest epoch loaded, the default
start of the other commands, so that the listing is reproducible) is the time
at which the satellites are identified (slot/PRN assignments change) and their
age (at minus epoch, in days; negative when the elements are used before
their epoch) is computed.

Rows: the element sets of --systems (--all: every system, and element sets of
no navigation system), operational or not (--include-nonoperational has no
effect here), ordered by system, PRN and NORAD number; then the refused
records. With --strict a refused element set is an error (exit 1).

CSV columns: norad,name,system,prn,glonass_channel,orbit,epoch_utc,age_days,
status,reason,confidence,source; status is operational, non-operational or
refused (refused records carry only what could be read, often just the source
file:line and the reason). Ages have 3 decimals (86 s). JSON: one document
{"at_utc":...,"element_sets":[...],"refused":[...]} that also carries each
identity's full basis; table (the default): aligned columns, then the refused
records.`

const catExample = `gnssim catalog
gnssim catalog --all --format csv -o catalog.csv`

func runCatalog(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("catalog", "gnssim catalog [flags]", catDescription, catExample)
	var in inputOptions
	in.register(fs)
	all := fs.Bool("all", false, "list every system (and element sets of no navigation system), not only --systems")
	atFlag := fs.String("at", "", "time of identification and age, RFC 3339 UTC (default: 00:00 UTC of the day of the newest element set)")
	format := fs.String("format", "table", "output format: table, csv or json")
	outPath := fs.StringP("output", "o", "", "write the listing to this file (atomically) instead of stdout")
	if err := fs.parse(e, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if err := pcdCheckFormat(*format); err != nil {
		return err
	}
	var at time.Time
	if *atFlag != "" {
		t, err := parseTimeUTC(*atFlag)
		if err != nil {
			return usagef("--at: %v", err)
		}
		at = t
	}
	if *all || strings.EqualFold(strings.TrimSpace(in.systems), "all") {
		// Every system, in the fixed order; --systems is still checked.
		if !strings.EqualFold(strings.TrimSpace(in.systems), "all") {
			if _, err := ephemeris.ParseSystems(in.systems); err != nil {
				return usagef("--systems: %v", err)
			}
		}
		in.systems = pcdAllSystems()
		*all = true
	}
	in.selectsItself = true
	ds, err := loadDataset(e, &in, at)
	if err != nil {
		return err
	}
	if at.IsZero() {
		y, m, d := ds.Newest.UTC().Date()
		at = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	rows, refused := catRows(ds, at, *all)

	nOp := 0
	for _, r := range rows {
		if r.id.Operational {
			nOp++
		}
	}
	scope := "every system"
	if !*all {
		names := make([]string, len(ds.Systems))
		for i, s := range ds.Systems {
			names[i] = s.String()
		}
		scope = strings.Join(names, ",")
	}
	return pcdWithOutput(ctx, e, *outPath, func(w io.Writer) error {
		if *format == "table" {
			return catTable(w, rows, refused, at, scope, nOp)
		}
		head := fmt.Sprintf(`"at_utc":%s,"systems":%s,"sources":[%s],`, pcdJSONString(formatTimeUTC(at)), pcdJSONString(scope), catJSONList(ds.Sources))
		cols := catColumns()
		if *format == "json" {
			cols = append(cols, pcdColumn{name: "basis"})
		}
		tw, err := newPCDTableWriter(w, *format, cols, head, "element_sets", 0)
		if err != nil {
			return err
		}
		for _, r := range rows {
			rec := r.record()
			if *format == "json" {
				rec = append(rec, r.id.Basis)
			}
			if err := tw.Row(rec); err != nil {
				return err
			}
		}
		if *format == "csv" {
			for _, r := range refused {
				if err := tw.Row(r.record()); err != nil {
					return err
				}
			}
			return tw.Close("")
		}
		var refs []string
		for _, r := range refused {
			rec := r.record()
			var b strings.Builder
			b.WriteByte('{')
			for i, c := range catColumns() {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(pcdJSONString(c.name) + ":")
				switch {
				case !c.numeric:
					b.WriteString(pcdJSONString(rec[i]))
				case rec[i] == "":
					b.WriteString("null")
				default:
					b.WriteString(rec[i])
				}
			}
			b.WriteByte('}')
			refs = append(refs, "\n"+b.String())
		}
		tail := `"refused":[` + strings.Join(refs, ",")
		if len(refs) > 0 {
			tail += "\n"
		}
		return tw.Close(tail + "]")
	})
}

func catColumns() []pcdColumn {
	return []pcdColumn{{"norad", 0, true}, {"name", 0, false}, {"system", 0, false}, {"prn", 0, false},
		{"glonass_channel", 0, true}, {"orbit", 0, false}, {"epoch_utc", 0, false}, {"age_days", 0, true},
		{"status", 0, false}, {"reason", 0, false}, {"confidence", 0, false}, {"source", 0, false}}
}

func catJSONList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = pcdJSONString(x)
	}
	return strings.Join(q, ",")
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
}

// record returns the CSV fields of the row (catColumns order).
func (r *catRow) record() []string {
	rec := make([]string, 0, 12)
	if r.sat == nil {
		return append(rec, "", "", "", "", "", "", "", "", r.status, r.reason, "", r.where)
	}
	es := r.sat.Elements
	ch := ""
	if r.id.HasChannel {
		ch = strconv.Itoa(r.id.FreqChannel)
	}
	age := ephemeris.Age(es, r.at)
	return append(rec, strconv.Itoa(es.CatalogNumber), es.Name, pcdSystemName(r.id.System), r.id.PRN, ch,
		r.id.Orbit.String(), formatTimeUTC(es.Epoch), pcdFixed(age.Hours()/24, 3), r.status, r.reason, r.id.Confidence, r.where)
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
	pcdSortSats(usable, ds.Systems, func(s *dataset.Sat) ephemeris.Identity { return ids[s] })
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

// catTable writes the human listing.
func catTable(w io.Writer, rows, refused []*catRow, at time.Time, scope string, nOp int) error {
	fmt.Fprintf(w, "Element sets at %s (%s): %d listed, %d operational, %d refused\n\n", formatTimeUTC(at), scope, len(rows), nOp, len(refused))
	cols := []pcdColumn{{"NORAD", 0, true}, {"NAME", 0, false}, {"SYSTEM", 0, false}, {"PRN", 0, false}, {"CH", 0, true},
		{"ORBIT", 0, false}, {"EPOCH (UTC)", 0, false}, {"AGE (d)", 0, true}, {"STATUS", 0, false}, {"REASON", 0, false}}
	recs := make([][]string, len(rows))
	for i, r := range rows {
		full := r.record()
		rec := full[:10]
		if r.reason != "" && r.id.Confidence != "" && !strings.Contains(r.reason, "confidence") {
			rec[9] = fmt.Sprintf("%s (confidence %s)", r.reason, r.id.Confidence)
		}
		recs[i] = rec
		for k, v := range rec {
			cols[k].width = max(cols[k].width, len([]rune(v)))
		}
	}
	tw, err := newPCDTableWriter(w, "table", cols, "", "", 0)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		if err := tw.Row(rec); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		fmt.Fprintln(w, "(none)")
	}
	if len(refused) == 0 {
		_, err := fmt.Fprintln(w, "\nRefused element sets: none")
		return err
	}
	fmt.Fprintf(w, "\nRefused element sets (%d):\n", len(refused))
	for _, r := range refused {
		what := ""
		if r.sat != nil {
			what = dataset.SatName(r.sat.Elements) + ": "
		}
		if what == "" && strings.HasPrefix(r.reason, r.where) {
			fmt.Fprintf(w, "  %s\n", r.reason) // a parse error names its file:line itself
			continue
		}
		fmt.Fprintf(w, "  %s: %s%s\n", r.where, what, r.reason)
	}
	return nil
}
