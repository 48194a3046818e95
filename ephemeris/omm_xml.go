package ephemeris

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// parseOMMXML parses CCSDS OMM XML: an <ndm> root holding <omm> elements,
// or a bare <omm> root. Each omm/body/segment is one record; the keys are
// read from segment/metadata, segment/data/meanElements and
// segment/data/tleParameters (namespaces are ignored, other elements such
// as header, COMMENT or userDefinedParameters are skipped). A malformed
// document ends the parsing (the records before the error are kept).
func parseOMMXML(data []byte, file string, idx *lineIndex) ([]ommResult, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	var out []ommResult
	var stack []string
	var rec *ommRecord
	recDepth := 0 // len(stack) inside the record's <segment>
	type leafState struct {
		key       string
		line, col int
		text      strings.Builder
		depth     int
	}
	var leaf *leafState
	fatal := func(err error) error {
		line, col := idx.pos(int(d.InputOffset()))
		var se *xml.SyntaxError
		if errors.As(err, &se) && se.Line > 0 {
			line = se.Line + idx.base
			col = 0
		}
		return &ParseError{File: file, Line: line, Column: col, Field: "XML document",
			Want: "a well-formed CCSDS OMM document (ndm/omm/body/segment)", Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	for {
		before := int(d.InputOffset())
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, fatal(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			parent := ""
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			line, col := idx.pos(before)
			switch {
			case len(stack) == 0 && name != "ndm" && name != "omm":
				return out, &ParseError{File: file, Line: line, Column: col, Field: "XML document", Text: name,
					Want: "an <ndm> or <omm> root element", Err: fmt.Errorf("%w: root element <%s>", ErrSyntax, name)}
			case leaf != nil:
				rec.fail(&ParseError{File: file, Line: line, Column: col, Field: leaf.key, Text: name, Want: ommWant[leaf.key],
					Err: fmt.Errorf("%w: element <%s> inside <%s>, which holds a value", ErrSyntax, name, leaf.key)})
			case rec == nil && name == "segment" && parent == "body" && len(stack) >= 2 && stack[len(stack)-2] == "omm":
				rec = newOMMRecord(FormatOMMXML, file, line, col)
				recDepth = len(stack) + 1
			case rec != nil && (parent == "metadata" || parent == "meanElements" || parent == "tleParameters") &&
				len(stack) >= 2 && (stack[len(stack)-2] == "segment" || stack[len(stack)-2] == "data"):
				vl, vc := idx.pos(int(d.InputOffset()))
				leaf = &leafState{key: strings.ToUpper(name), line: vl, col: vc, depth: len(stack) + 1}
			}
			stack = append(stack, name)
		case xml.EndElement:
			if leaf != nil && len(stack) == leaf.depth {
				rec.set(leaf.key, leaf.text.String(), leaf.line, leaf.col)
				leaf = nil
			}
			if rec != nil && len(stack) == recDepth {
				es, perr := rec.elementSet()
				out = append(out, ommResult{es: es, perr: perr})
				rec = nil
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if leaf != nil && len(stack) == leaf.depth {
				leaf.text.Write(t)
			}
		}
	}
	return out, nil
}
