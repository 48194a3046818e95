package integrity

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gnssim/gnssim/ephemeris"
	"go.yaml.in/yaml/v3"
)

// ISMFile is the content of an ISM parameter file: the default ISM and user
// models of every system with the file's values applied.
type ISMFile struct {
	ISM  ISMSet
	User UserModels
	// Systems lists the systems the file names, in file order.
	Systems []ephemeris.System
}

// ISM file keys per system.
const (
	keySigmaURA = "sigma_ura_m"
	keySigmaURE = "sigma_ure_m"
	keyBNom     = "b_nom_m"
	keyPSat     = "p_sat"
	keyPConst   = "p_const"
	keySource   = "source"
	keyAssumed  = "assumed"
	keyUser     = "user"
	keyF1       = "f1_mhz"
	keyF2       = "f2_mhz"
	keyNoise    = "noise"
)

var ismKeys = []string{keySigmaURA, keySigmaURE, keyBNom, keyPSat, keyPConst, keySource, keyAssumed, keyUser}
var userKeys = []string{keyF1, keyF2, keyNoise}

// ParseError is an error in an ISM file, with the file name and the line
// (0 when the error concerns the whole file).
type ParseError struct {
	File  string
	Line  int
	Field string // dotted path of the offending key ("gps.p_sat"), may be empty
	Msg   string
}

// Error formats the error as "file:line: field: message".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ParseISM parses an ISM parameter file (YAML, or JSON, which YAML
// includes) named name (used in error messages). The top level maps system
// names (as accepted by ephemeris.ParseSystem: gps, galileo, glonass,
// beidou, qzss, or their letters) to the values that override the defaults
// of DefaultISM and DefaultUserModel:
//
//	glonass:
//	  sigma_ura_m: 2.5     # σ_URA, m, ≥ 0
//	  sigma_ure_m: 1.6     # σ_URE, m, ≥ 0
//	  b_nom_m: 1.0         # b_nom, m, ≥ 0
//	  p_sat: 1e-4          # P_sat, in (0, 1)
//	  p_const: 1e-4        # P_const, in (0, 1)
//	  source: "my study"   # optional text printed by reports
//	  assumed: true        # optional; default false when all five values
//	                       # are given, else the default's flag
//	  user:                # optional airborne model override
//	    f1_mhz: 1600.995
//	    f2_mhz: 1202.025
//	    noise: gps         # gps or galileo-table
//
// Keys may be omitted (the default is kept), except for systems without
// defaults (NavIC, SBAS), which need all five values and a user model.
// Errors name the file, the line and the field: an unknown system or key, a
// duplicate key or system, a value that is not a number (quoted numbers are
// strings), a negative or non-finite σ or b_nom, a probability outside
// (0, 1), and every system of require that the file does not name.
func ParseISM(name string, data []byte, require ...ephemeris.System) (ISMFile, error) {
	perr := func(line int, field, format string, a ...any) error {
		return &ParseError{File: name, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return ISMFile{}, perr(0, "", "empty document")
		}
		return ISMFile{}, perr(0, "", "%v", err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return ISMFile{}, perr(extra.Line, "", "more than one YAML document")
	} else if !errors.Is(err, io.EOF) {
		return ISMFile{}, perr(0, "", "%v", err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return ISMFile{}, perr(0, "", "empty document")
		}
		root = root.Content[0]
	}
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		return ISMFile{}, perr(root.Line, "", "the top level must map system names to their values")
	}
	out := ISMFile{ISM: DefaultISMSet(), User: DefaultUserModels()}
	seenSys := map[ephemeris.System]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		kn, vn := resolve(root.Content[i]), resolve(root.Content[i+1])
		if kn.Kind != yaml.ScalarNode {
			return ISMFile{}, perr(kn.Line, "", "system names must be plain strings")
		}
		sys, err := ephemeris.ParseSystem(kn.Value)
		if err != nil {
			return ISMFile{}, perr(kn.Line, "", "unknown system %q (want gps, galileo, glonass, beidou, qzss, navic, sbas)", kn.Value)
		}
		if first, dup := seenSys[sys]; dup {
			return ISMFile{}, perr(kn.Line, "", "system %s given twice (first at line %d)", sys, first)
		}
		seenSys[sys] = kn.Line
		out.Systems = append(out.Systems, sys)
		if err := parseSystem(name, sys, kn, vn, &out); err != nil {
			return ISMFile{}, err
		}
	}
	var missing []string
	for _, s := range require {
		if _, ok := seenSys[s]; !ok {
			missing = append(missing, s.String())
		}
	}
	if len(missing) > 0 {
		return ISMFile{}, perr(0, "", "missing required system(s) %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// resolve follows YAML aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; i < 16 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

// fieldSet remembers the keys seen in one mapping.
type fieldSet map[string]int

func checkKey(name, path string, seen fieldSet, kn *yaml.Node, allowed []string) error {
	if kn.Kind != yaml.ScalarNode {
		return &ParseError{File: name, Line: kn.Line, Field: path, Msg: "keys must be plain strings"}
	}
	ok := false
	for _, k := range allowed {
		if kn.Value == k {
			ok = true
		}
	}
	if !ok {
		return &ParseError{File: name, Line: kn.Line, Field: path,
			Msg: fmt.Sprintf("unknown key %q (want %s)", kn.Value, strings.Join(allowed, ", "))}
	}
	if first, dup := seen[kn.Value]; dup {
		return &ParseError{File: name, Line: kn.Line, Field: path + "." + kn.Value,
			Msg: fmt.Sprintf("duplicate key (first at line %d)", first)}
	}
	seen[kn.Value] = kn.Line
	return nil
}

// number parses a YAML scalar as a finite number.
func number(name, field string, n *yaml.Node) (float64, error) {
	bad := func(msg string) error { return &ParseError{File: name, Line: n.Line, Field: field, Msg: msg} }
	if n.Kind != yaml.ScalarNode {
		return 0, bad("want a number, got a " + kindName(n.Kind))
	}
	switch n.Tag {
	case "!!int":
		v, err := strconv.ParseInt(n.Value, 0, 64)
		if err != nil {
			return 0, bad(fmt.Sprintf("%q is not a number", n.Value))
		}
		return float64(v), nil
	case "!!float":
		v, err := strconv.ParseFloat(n.Value, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
			return 0, bad(fmt.Sprintf("%q is not a finite number", n.Value))
		}
		return v, nil
	}
	return 0, bad(fmt.Sprintf("%q is not a number (quoted values are strings)", n.Value))
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "node"
}

func parseSystem(name string, sys ephemeris.System, kn, vn *yaml.Node, out *ISMFile) error {
	path := sys.String()
	if vn.Kind != yaml.MappingNode {
		return &ParseError{File: name, Line: vn.Line, Field: path, Msg: "want a mapping of ISM values, got a " + kindName(vn.Kind)}
	}
	ism, hasISM := out.ISM[sys]
	user, hasUser := out.User[sys]
	seen := fieldSet{}
	var userLine int
	for i := 0; i+1 < len(vn.Content); i += 2 {
		k, v := resolve(vn.Content[i]), resolve(vn.Content[i+1])
		if err := checkKey(name, path, seen, k, ismKeys); err != nil {
			return err
		}
		field := path + "." + k.Value
		switch k.Value {
		case keySigmaURA, keySigmaURE, keyBNom:
			x, err := number(name, field, v)
			if err != nil {
				return err
			}
			if x < 0 {
				return &ParseError{File: name, Line: v.Line, Field: field, Msg: fmt.Sprintf("%g must be ≥ 0", x)}
			}
			switch k.Value {
			case keySigmaURA:
				ism.SigmaURAM = x
			case keySigmaURE:
				ism.SigmaUREM = x
			default:
				ism.BNomM = x
			}
		case keyPSat, keyPConst:
			x, err := number(name, field, v)
			if err != nil {
				return err
			}
			if !(x > 0 && x < 1) {
				return &ParseError{File: name, Line: v.Line, Field: field, Msg: fmt.Sprintf("probability %g outside (0, 1)", x)}
			}
			if k.Value == keyPSat {
				ism.PSat = x
			} else {
				ism.PConst = x
			}
		case keySource:
			if v.Kind != yaml.ScalarNode {
				return &ParseError{File: name, Line: v.Line, Field: field, Msg: "want a string"}
			}
			ism.Source = v.Value
		case keyAssumed:
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				return &ParseError{File: name, Line: v.Line, Field: field, Msg: "want true or false"}
			}
			b, err := strconv.ParseBool(v.Value)
			if err != nil {
				return &ParseError{File: name, Line: v.Line, Field: field, Msg: "want true or false"}
			}
			ism.Assumed = b
		case keyUser:
			u, err := parseUser(name, field, v, user)
			if err != nil {
				return err
			}
			user, hasUser, userLine = u, true, v.Line
		}
	}
	all := true
	for _, k := range []string{keySigmaURA, keySigmaURE, keyBNom, keyPSat, keyPConst} {
		if _, ok := seen[k]; !ok {
			all = false
			if !hasISM {
				return &ParseError{File: name, Line: kn.Line, Field: path + "." + k,
					Msg: fmt.Sprintf("missing (%s has no default ISM)", sys)}
			}
		}
	}
	if !hasUser {
		return &ParseError{File: name, Line: kn.Line, Field: path + "." + keyUser,
			Msg: fmt.Sprintf("missing (%s has no default user model)", sys)}
	}
	if _, ok := seen[keyAssumed]; !ok {
		// values taken wholly from the file are the file's responsibility
		ism.Assumed = ism.Assumed && !all
	}
	if _, ok := seen[keySource]; !ok {
		if all {
			ism.Source = name
		} else {
			ism.Source = name + " over " + ism.Source
		}
	}
	if err := user.Validate(); err != nil {
		return &ParseError{File: name, Line: userLine, Field: path + "." + keyUser, Msg: err.Error()}
	}
	out.ISM[sys] = ism
	out.User[sys] = user
	return nil
}

func parseUser(name, path string, n *yaml.Node, user UserModel) (UserModel, error) {
	if n.Kind != yaml.MappingNode {
		return user, &ParseError{File: name, Line: n.Line, Field: path, Msg: "want a mapping, got a " + kindName(n.Kind)}
	}
	seen := fieldSet{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		if err := checkKey(name, path, seen, k, userKeys); err != nil {
			return user, err
		}
		field := path + "." + k.Value
		switch k.Value {
		case keyF1, keyF2:
			x, err := number(name, field, v)
			if err != nil {
				return user, err
			}
			if !(x > 0) {
				return user, &ParseError{File: name, Line: v.Line, Field: field, Msg: fmt.Sprintf("%g must be positive", x)}
			}
			if k.Value == keyF1 {
				user.F1MHz = x
			} else {
				user.F2MHz = x
			}
		case keyNoise:
			if v.Kind != yaml.ScalarNode {
				return user, &ParseError{File: name, Line: v.Line, Field: field, Msg: "want gps or galileo-table"}
			}
			switch strings.ToLower(v.Value) {
			case "gps":
				user.Noise = NoiseGPS
			case "galileo-table":
				user.Noise = NoiseGalileoTable
			default:
				return user, &ParseError{File: name, Line: v.Line, Field: field, Msg: fmt.Sprintf("unknown noise curve %q (want gps or galileo-table)", v.Value)}
			}
		}
	}
	user.Assumed = false
	user.Source = fmt.Sprintf("%s:%d", name, n.Line)
	return user, nil
}

// SortedSystems returns the systems of s in ephemeris.Systems order.
func (s ISMSet) SortedSystems() []ephemeris.System {
	out := make([]ephemeris.System, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
}
