// Command gencommunes turns data/communes.json of the npm package @etalab/decoupage-administratif
// (INSEE's code officiel géographique joined with La Poste's base officielle des codes postaux) into
// assets/communes/communes.tsv, the table behind package saisine/communes.
//
// Usage (gen.sh fetches the package and runs this):
//
//	go run ./scripts/gencommunes -in PATH/TO/package/data/communes.json -out assets/communes/communes.tsv
//
// Rules:
//   - current communes (type "commune-actuelle") only, one line per (postal code, commune) pair;
//   - the 45 municipal arrondissements of Paris, Lyon and Marseille are not output: their postal codes
//     are folded into their commune (75056, 69123, 13055), which is the body a letter is sent to;
//   - communes déléguées and associées are not output either; a postal code of theirs that their
//     commune nouvelle lacked would be folded into it (none in 6.0.0: they carry no postal code);
//   - a commune whose INSEE code letters.ValidINSEE refuses (the overseas collectivities 975, 977,
//     978, 984, 986–989) is left out and listed on stderr; any other failure of letters.ValidINSEE or
//     letters.ValidPostalCode, a name that is not NFC or holds a tab, is an error.
//
// The output is sorted by postal code then INSEE code, with a header line, so that a regeneration
// diffs line by line.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode"

	"saisine/letters"
)

type entry struct {
	Code        string   `json:"code"`
	Nom         string   `json:"nom"`
	Type        string   `json:"type"`
	Zone        string   `json:"zone"`
	Departement string   `json:"departement"`
	Commune     string   `json:"commune"`  // arrondissement-municipal: its commune
	ChefLieu    string   `json:"chefLieu"` // commune déléguée / associée: its commune
	CodesPostau []string `json:"codesPostaux"`
}

// Header is the first line of the output.
const Header = "postal_code\tinsee\tname\tdepartement"

type row struct{ postal, insee, name, dep string }

// Stats counts what generate kept and left out.
type Stats struct {
	Communes, Rows, PostalCodes int
	Arrondissements, FoldedArr  int // arrondissements seen; postal codes of theirs added to the commune
	Delegated, FoldedDel        int // déléguées and associées seen; postal codes of theirs added
	NoPostalCode                []string
	Excluded                    []string // "code name (departement)" refused by letters.ValidINSEE
}

func generate(r io.Reader, w io.Writer) (Stats, error) {
	var st Stats
	var all []entry
	if err := json.NewDecoder(r).Decode(&all); err != nil {
		return st, fmt.Errorf("decode: %w", err)
	}
	current := map[string]*entry{}
	for i := range all {
		e := &all[i]
		if e.Type == "commune-actuelle" {
			if current[e.Code] != nil {
				return st, fmt.Errorf("duplicate commune %s", e.Code)
			}
			current[e.Code] = e
		}
	}
	if len(current) == 0 {
		return st, fmt.Errorf("no commune-actuelle in input")
	}
	// Fold the postal codes of arrondissements and delegated communes into their commune.
	for i := range all {
		e := &all[i]
		var parent string
		switch e.Type {
		case "commune-actuelle":
			continue
		case "arrondissement-municipal":
			st.Arrondissements++
			parent = e.Commune
		case "commune-deleguee", "commune-associee":
			st.Delegated++
			parent = e.ChefLieu
		default:
			return st, fmt.Errorf("%s %s: unknown type %q", e.Code, e.Nom, e.Type)
		}
		p := current[parent]
		if p == nil {
			if len(e.CodesPostau) > 0 {
				return st, fmt.Errorf("%s %s (%s): parent %q is not a current commune", e.Code, e.Nom, e.Type, parent)
			}
			continue
		}
		for _, cp := range e.CodesPostau {
			if !slices.Contains(p.CodesPostau, cp) {
				p.CodesPostau = append(p.CodesPostau, cp)
				if e.Type == "arrondissement-municipal" {
					st.FoldedArr++
				} else {
					st.FoldedDel++
				}
			}
		}
	}

	var rows []row
	postal := map[string]bool{}
	for _, e := range current {
		label := fmt.Sprintf("%s %s (%s)", e.Code, e.Nom, e.Departement)
		if !letters.ValidINSEE(e.Code) {
			if e.Zone != "com" {
				return st, fmt.Errorf("%s: INSEE code refused by letters.ValidINSEE outside the overseas collectivities", label)
			}
			st.Excluded = append(st.Excluded, label)
			continue
		}
		if !strings.HasPrefix(e.Code, e.Departement) {
			return st, fmt.Errorf("%s: code does not start with its département", label)
		}
		if err := checkName(e.Nom); err != nil {
			return st, fmt.Errorf("%s: %w", label, err)
		}
		if len(e.CodesPostau) == 0 {
			st.NoPostalCode = append(st.NoPostalCode, label)
			continue
		}
		st.Communes++
		for i, cp := range e.CodesPostau {
			if !letters.ValidPostalCode(cp) {
				return st, fmt.Errorf("%s: postal code %q refused by letters.ValidPostalCode", label, cp)
			}
			if slices.Contains(e.CodesPostau[:i], cp) {
				continue // listed twice upstream
			}
			postal[cp] = true
			rows = append(rows, row{cp, e.Code, e.Nom, e.Departement})
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].postal != rows[j].postal {
			return rows[i].postal < rows[j].postal
		}
		return rows[i].insee < rows[j].insee
	})
	sort.Strings(st.Excluded)
	sort.Strings(st.NoPostalCode)
	st.Rows, st.PostalCodes = len(rows), len(postal)

	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, Header)
	for _, r := range rows {
		fmt.Fprintf(bw, "%s\t%s\t%s\t%s\n", r.postal, r.insee, r.name, r.dep)
	}
	return st, bw.Flush()
}

// checkName refuses names that would break the TSV or that are not in NFC. French names are Latin
// letters with precomposed accents, so "no combining mark" is the NFC test without x/text.
func checkName(s string) error {
	if s == "" || strings.TrimSpace(s) != s {
		return fmt.Errorf("empty or padded name %q", s)
	}
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == unicode.ReplacementChar:
			return fmt.Errorf("name %q holds %U", s, r)
		case unicode.Is(unicode.Mn, r):
			return fmt.Errorf("name %q is not NFC (combining %U)", s, r)
		}
	}
	return nil
}

func main() {
	in := flag.String("in", "", "communes.json of @etalab/decoupage-administratif")
	out := flag.String("out", "assets/communes/communes.tsv", "output TSV")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "usage: gencommunes -in communes.json [-out communes.tsv]")
		os.Exit(2)
	}
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	tmp := *out + ".tmp"
	o, err := os.Create(tmp)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	st, err := generate(f, o)
	if cerr := o.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, *out)
	}
	if err != nil {
		os.Remove(tmp)
		fmt.Fprintln(os.Stderr, "gencommunes:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%s: %d rows, %d communes, %d distinct postal codes\n", *out, st.Rows, st.Communes, st.PostalCodes)
	fmt.Fprintf(os.Stderr, "arrondissements municipaux: %d seen, %d postal codes folded into their commune\n", st.Arrondissements, st.FoldedArr)
	fmt.Fprintf(os.Stderr, "communes déléguées/associées: %d seen, %d postal codes folded into their commune\n", st.Delegated, st.FoldedDel)
	fmt.Fprintf(os.Stderr, "left out, INSEE code refused by letters.ValidINSEE: %d\n", len(st.Excluded))
	for _, s := range st.Excluded {
		fmt.Fprintln(os.Stderr, "  ", s)
	}
	fmt.Fprintf(os.Stderr, "left out, no postal code: %d\n", len(st.NoPostalCode))
	for _, s := range st.NoPostalCode {
		fmt.Fprintln(os.Stderr, "  ", s)
	}
}
