package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"saisine/letters"
	"saisine/letters/mandants"
)

// cmdMandants: « saisine mandants check [--today AAAA-MM-JJ] [--lang fr|en] FICHIER.csv ». One line per
// refused field on stderr, « ligne N: champ: message », then a summary; exit 1 when a row is refused or
// the file is not a mandants list, 2 for usage errors and files that cannot be opened or read.
func cmdMandants(e *env, args []string) int {
	if len(args) == 0 || args[0] != "check" {
		return e.usageErr("mandants attend la sous-commande « check » : saisine mandants check FICHIER.csv")
	}
	fs := newFlags(e, "mandants check")
	today := fs.String("today", "", "date de référence AAAA-MM-JJ (par défaut aujourd’hui)")
	lang := fs.String("lang", "fr", "langue des messages : fr ou en")
	input, code := e.oneInput(fs, args[1:], lang, "mandants check", "un seul fichier CSV")
	if code != exitOK {
		return code
	}
	ref, code := e.parseDay(*today, "today")
	if code != exitOK {
		return code
	}
	if ref.IsZero() {
		ref = time.Now()
	}
	ms, code := e.loadMandants(input, ref, false)
	if code != exitOK {
		return code
	}
	fmt.Fprintln(e.stdout, validSummary(len(ms), e.lang == letters.EN))
	return exitOK
}

// loadMandants reads and checks a mandants list, printing « ligne N: champ: message » for every refused
// field. A refused row makes the whole list refused (exitInvalid), unless skipInvalid: then the valid
// rows are kept and a line says how many were skipped. A list with no valid row is refused.
func (e *env) loadMandants(path string, ref time.Time, skipInvalid bool) ([]mandants.Mandant, int) {
	en := e.lang == letters.EN
	var r io.Reader = e.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			if en {
				fmt.Fprintf(e.stderr, "saisine: cannot read the mandants list %q: %v\n", path, unwrapPathErr(err))
			} else {
				fmt.Fprintf(e.stderr, "saisine : impossible de lire la liste des mandants « %s » : %v\n", path, unwrapPathErr(err))
			}
			return nil, exitUsage
		}
		defer f.Close()
		r = f
	}
	ms, problems, err := mandants.Read(r, ref)
	lineWord := "ligne"
	if en {
		lineWord = "line"
	}
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "%s %d: %s: %s\n", lineWord, p.Line, p.Field, p.Problem.Message(e.lang))
	}
	if err != nil {
		var fe *mandants.Error
		if !errors.As(err, &fe) {
			return nil, e.internal(err)
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", path, fe.Message(e.lang))
		if fe.Code == mandants.ErrRead {
			return nil, exitUsage
		}
		return nil, exitInvalid
	}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Line] = true
	}
	total := len(ms) + len(bad)
	switch {
	case len(bad) > 0 && !skipInvalid:
		fmt.Fprintln(e.stderr, refusedSummary(len(bad), total, en))
		return nil, exitInvalid
	case len(ms) == 0 && len(bad) > 0:
		fmt.Fprintln(e.stderr, refusedSummary(len(bad), total, en))
		if en {
			fmt.Fprintf(e.stderr, "%s: no valid mandant is left once the refused rows are skipped.\n", path)
		} else {
			fmt.Fprintf(e.stderr, "%s : il ne reste aucun mandant valide une fois les lignes refusées ignorées.\n", path)
		}
		return nil, exitInvalid
	case total == 0:
		if en {
			fmt.Fprintf(e.stderr, "%s: the list holds no mandant: add one row per mandant under the header.\n", path)
		} else {
			fmt.Fprintf(e.stderr, "%s: la liste ne contient aucun mandant : ajoutez une ligne par mandant sous l’en-tête.\n", path)
		}
		return nil, exitInvalid
	case len(bad) > 0:
		fmt.Fprintln(e.stderr, skippedSummary(len(bad), total, en))
	}
	return ms, exitOK
}

func skippedSummary(bad, total int, en bool) string {
	switch {
	case en && bad == 1:
		return fmt.Sprintf("1 row skipped out of %d (--skip-invalid)", total)
	case en:
		return fmt.Sprintf("%d rows skipped out of %d (--skip-invalid)", bad, total)
	case bad == 1:
		return fmt.Sprintf("1 ligne ignorée sur %d (--skip-invalid)", total)
	}
	return fmt.Sprintf("%d lignes ignorées sur %d (--skip-invalid)", bad, total)
}

func refusedSummary(bad, total int, en bool) string {
	switch {
	case en && bad == 1:
		return fmt.Sprintf("1 row refused out of %d", total)
	case en:
		return fmt.Sprintf("%d rows refused out of %d", bad, total)
	case bad == 1:
		return fmt.Sprintf("1 ligne refusée sur %d", total)
	}
	return fmt.Sprintf("%d lignes refusées sur %d", bad, total)
}

func validSummary(n int, en bool) string {
	switch {
	case en && n == 1:
		return "1 valid mandant"
	case en:
		return fmt.Sprintf("%d valid mandants", n)
	case n == 1:
		return "1 mandant valide"
	}
	return fmt.Sprintf("%d mandants valides", n)
}
