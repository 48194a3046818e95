package ephemeris

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseOMMJSON parses CelesTrak (or Space-Track) OMM JSON: an array of
// objects, or a single object. Values may be JSON numbers or strings; null
// counts as absent. A syntax error in the document ends the parsing (the
// records before it are kept); a bad record is reported and skipped.
func parseOMMJSON(data []byte, file string, idx *lineIndex) ([]ommResult, error) {
	syntaxErr := func(off int, err error) *ParseError {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
		}
		line, col := idx.pos(off)
		return &ParseError{File: file, Line: line, Column: col, Field: "JSON document",
			Want: "a JSON array of OMM objects", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	start := skipJSONSpace(data, 0)
	if start == len(data) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out []ommResult
	if data[start] == '{' {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, syntaxErr(start, err)
		}
		out = append(out, jsonRecord(raw, start, file, idx))
	} else {
		if _, err := dec.Token(); err != nil {
			return nil, syntaxErr(start, err)
		}
		if data[start] != '[' {
			return nil, syntaxErr(start, fmt.Errorf("document starts with %q, not [ or {", data[start]))
		}
		for dec.More() {
			at := skipJSONSpace(data, int(dec.InputOffset()))
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return out, syntaxErr(at, err)
			}
			out = append(out, jsonRecord(raw, at, file, idx))
		}
		if _, err := dec.Token(); err != nil { // the closing ]
			return out, syntaxErr(int(dec.InputOffset()), err)
		}
	}
	if tok, err := dec.Token(); err != io.EOF {
		off := int(dec.InputOffset())
		if err == nil {
			err = fmt.Errorf("unexpected %v after the end of the document", tok)
		}
		return out, syntaxErr(off, err)
	}
	return out, nil
}

// skipJSONSpace skips blank space and commas from off.
func skipJSONSpace(data []byte, off int) int {
	for off < len(data) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// jsonRecord maps one array element (raw, starting at byte offset base of
// the document) to an element set or a problem.
func jsonRecord(raw json.RawMessage, base int, file string, idx *lineIndex) ommResult {
	line, col := idx.pos(base)
	rec := newOMMRecord(FormatOMMJSON, file, line, col)
	if len(raw) == 0 || raw[0] != '{' {
		return ommResult{perr: &ParseError{File: file, Line: line, Column: col, Field: "record", Text: clipText(string(raw)),
			Want: "a JSON object of OMM keywords", Err: fmt.Errorf("%w: array element is not an object", ErrSyntax)}}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return ommResult{perr: &ParseError{File: file, Line: line, Column: col, Field: "record", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return ommResult{perr: &ParseError{File: file, Line: line, Column: col, Field: "record", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}
		}
		key, _ := tok.(string) // object keys are strings
		key = strings.ToUpper(key)
		at := skipJSONSpace(raw, int(dec.InputOffset()))
		vl, vc := idx.pos(base + at)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return ommResult{perr: &ParseError{File: file, Line: vl, Column: vc, Field: key, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}}
		}
		if !ommKnown[key] {
			continue
		}
		switch v[0] {
		case '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				rec.fail(&ParseError{File: file, Line: vl, Column: vc, Field: key, Text: clipText(string(v)), Err: fmt.Errorf("%w: %v", ErrSyntax, err)})
				continue
			}
			rec.set(key, s, vl, vc)
		case 'n': // null: absent
		case '{', '[', 't', 'f':
			rec.fail(&ParseError{File: file, Line: vl, Column: vc, Field: key, Text: clipText(string(v)), Want: ommWant[key],
				Err: fmt.Errorf("%w: %s must be a number or a string", ErrSyntax, key)})
		default: // a number, kept as written
			rec.set(key, string(v), vl, vc)
		}
	}
	es, perr := rec.elementSet()
	return ommResult{es: es, perr: perr}
}
