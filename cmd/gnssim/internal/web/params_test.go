package web

import (
	"strings"
	"testing"

	"github.com/gnssim/gnssim/cmd/gnssim/internal/job"
)

func endpointNamed(t testing.TB, path string) *endpoint {
	for i := range endpoints {
		if endpoints[i].path == path {
			return &endpoints[i]
		}
	}
	t.Fatalf("no endpoint %s", path)
	return nil
}

// TestTranslate: queries become the CLI's flags, in the endpoint's order,
// with the data flags first; the display line has no temporary path.
func TestTranslate(t *testing.T) {
	for _, c := range []struct {
		path, query string
		data        job.Inputs
		args, shown string
	}{
		{"dop", "site=beijing&mask=5", job.Inputs{},
			"dop --site=beijing --mask=5 --format=json -o -",
			"gnssim dop --site beijing --mask 5 --format json -o -"},
		{"dop", "format=png&site=x%3D1,2&duration=2h", job.Inputs{TLE: []string{"my sets.tle"}},
			"dop --tle=my sets.tle --duration=2h --site=x=1,2 --plot=/tmp/r/dop.png",
			"gnssim dop --tle 'my sets.tle' --duration 2h --site x=1,2 --plot dop.png"},
		{"compare", "site=a&site=b&format=txt&isb_sigma=2", job.Inputs{Nav: []string{"n.rnx"}, IncludeNonOperational: true},
			"compare --nav=n.rnx --include-nonoperational --site=a --site=b --isb-sigma=2 --format=table -o -",
			"gnssim compare --nav n.rnx --include-nonoperational --site a --site b --isb-sigma 2 --format table -o -"},
		{"skyplot", "site=moscow&passes=true&horizon=0:5,180:10", job.Inputs{},
			"skyplot --site=moscow --passes --mask-file=/tmp/r/horizon.txt --format=json -o -",
			`printf '0 5\n180 10\n' > horizon.txt && gnssim skyplot --site moscow --passes --mask-file horizon.txt --format json -o -`},
		{"spectrum/psd", "band=L1&format=svg", job.Inputs{TLE: []string{"ignored.tle"}},
			"spectrum psd --band=L1 --plot=/tmp/r/spectrum-psd.svg",
			"gnssim spectrum psd --band L1 --plot spectrum-psd.svg"},
		{"coverage", "site=';rm -rf /'", job.Inputs{}, "", ""}, // unknown parameter
	} {
		ep := endpointNamed(t, c.path)
		req, err := translate(ep, c.query, c.data, "/tmp/r/horizon.txt", "/tmp/r/"+commandName(ep))
		if c.args == "" {
			if err == nil {
				t.Errorf("%s?%s: no error", c.path, c.query)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s?%s: %v", c.path, c.query, err)
			continue
		}
		if got := strings.Join(req.args, " "); got != c.args {
			t.Errorf("%s?%s: args\n  %s\nwant\n  %s", c.path, c.query, got, c.args)
		}
		if got := req.commandLine(); got != c.shown {
			t.Errorf("%s?%s: command line\n  %s\nwant\n  %s", c.path, c.query, got, c.shown)
		}
	}
}

// FuzzTranslate: no query panics the translation, and whatever it accepts
// becomes only the endpoint's own flags, each value inside one argument.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{"site=beijing&mask=5", "format=png&site=1,2", "horizon=0:5,90:10", "site=%zz", "site=a&site=b&format=svg",
		"rid=abc&download=1", "passes=maybe", "summary=true&service=LPV-200", "site=--tle%3D/etc/passwd", "horizon=0:5&mask=3"} {
		for i := range endpoints {
			f.Add(i, s)
		}
	}
	f.Fuzz(func(t *testing.T, i int, query string) {
		if i < 0 {
			i = -i
		}
		ep := &endpoints[i%len(endpoints)]
		req, err := translate(ep, query, job.Inputs{}, "/h", "/p")
		if err != nil {
			pe, ok := err.(*ParamError)
			if !ok || pe.Status != 400 {
				t.Fatalf("error %T %v: want a 400 ParamError", err, err)
			}
			return
		}
		allowed := map[string]bool{"mask-file": true, "plot": true, "format": true}
		for _, pr := range ep.params {
			allowed[pr.flag] = true
		}
		args := req.args[len(ep.command):]
		for k := 0; k < len(args); k++ {
			a := args[k]
			if a == "-o" {
				if k+1 >= len(args) || args[k+1] != "-" {
					t.Fatalf("-o not followed by -: %q", args)
				}
				k++
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if !strings.HasPrefix(a, "--") || !allowed[name] {
				t.Fatalf("argument %q is not a flag of %s: %q", a, ep.path, args)
			}
		}
		if line := req.commandLine(); strings.ContainsAny(line, "\n\r") {
			t.Fatalf("command line with a line break: %q", line)
		}
	})
}
