package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"saisine/letters"
	"saisine/letters/bundle"
	"saisine/letters/claims/frtext"
	"saisine/letters/law"
	"saisine/letters/procedures"
	"saisine/letters/render"
	"saisine/letters/schema"
)

// Exit codes, part of the command's contract with scripts.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

const usageFR = `saisine — lettres argumentées contre la vidéosurveillance algorithmique d’une commune

Usage :
  saisine render --procedure ID [--date AAAA-MM-JJ] [--format pdf|txt|html|zip] [--bundle] [--mandants FICHIER.csv [--skip-invalid]] [-o FICHIER] DOSSIER.json
  saisine check [--procedure ID] [--lang fr|en] DOSSIER.json
  saisine deadlines [--today AAAA-MM-JJ] [--format text|json|ics] DOSSIER.json   échéances des démarches
  saisine mandants check [--today AAAA-MM-JJ] [--lang fr|en] FICHIER.csv   vérifie une liste de mandants
  saisine schema            schéma JSON du dossier
  saisine example ID        un dossier valide pour la procédure ID
  saisine law               catalogue des références juridiques (statut, date de revue)
  saisine procedures        procédures disponibles
  saisine serve [--addr HÔTE:PORT] [options]   démarre l’application (par défaut 127.0.0.1:8080 ;
                            variables et options : saisine serve --help)
  saisine healthcheck [--addr HÔTE:PORT]   0 si le serveur répond sur /healthz, 1 sinon
  saisine backup --to FICHIER [--data-dir DOSSIER]      copie cohérente de la base SQLite, serveur en marche
  saisine restore --from FICHIER [--data-dir DOSSIER]   remet une sauvegarde en place, serveur arrêté

DOSSIER.json peut être « - » pour lire l’entrée standard. Un dossier protégé par une phrase de passe
(DOSSIER.json.age) se lit avec --passphrase-file FICHIER (check, render), jamais la phrase elle-même.
Codes de sortie : 0 succès, 1 dossier invalide, 2 erreur d’usage ou interne.
`

const usageEN = `saisine — reasoned letters against a commune's algorithmic video surveillance

Usage:
  saisine render --procedure ID [--date YYYY-MM-DD] [--format pdf|txt|html|zip] [--bundle] [--mandants FILE.csv [--skip-invalid]] [-o FILE] CASE.json
  saisine check [--procedure ID] [--lang fr|en] CASE.json
  saisine deadlines [--today YYYY-MM-DD] [--format text|json|ics] CASE.json   deadlines of the prior steps
  saisine mandants check [--today YYYY-MM-DD] [--lang fr|en] FILE.csv   check a mandants list
  saisine schema            JSON Schema of the case file
  saisine example ID        a valid case file for procedure ID
  saisine law               legal citation catalogue (status, review date)
  saisine procedures        available procedures
  saisine serve [--addr HOST:PORT] [options]   start the application (default 127.0.0.1:8080;
                            variables and options: saisine serve --help)
  saisine healthcheck [--addr HOST:PORT]   0 when the server answers /healthz, 1 otherwise
  saisine backup --to FILE [--data-dir DIR]      consistent copy of the SQLite database, server running
  saisine restore --from FILE [--data-dir DIR]   put a backup back in place, server stopped

CASE.json may be "-" to read standard input. A passphrase-protected case file (CASE.json.age) is read
with --passphrase-file FILE (check, render), never the passphrase itself.
Exit codes: 0 success, 1 invalid case file, 2 usage or internal error.
`

// env carries the process streams so tests can run the command in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	lang           letters.Lang
	// passphraseFile holds the passphrase of an encrypted case file (--passphrase-file).
	passphraseFile string
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, lang: letters.FR}
	if len(args) == 0 {
		return cmdServe(e, nil)
	}
	switch args[0] {
	case "render":
		return cmdRender(e, args[1:])
	case "check":
		return cmdCheck(e, args[1:])
	case "deadlines":
		return cmdDeadlines(e, args[1:])
	case "mandants":
		return cmdMandants(e, args[1:])
	case "schema":
		_, err := stdout.Write(schema.JSON())
		return e.internal(err)
	case "example":
		return cmdExample(e, args[1:])
	case "law":
		return cmdLaw(e)
	case "procedures":
		return cmdProcedures(e)
	case "serve":
		return cmdServe(e, args[1:])
	case "healthcheck":
		return cmdHealthcheck(e, args[1:])
	case "backup":
		return cmdBackup(e, args[1:])
	case "restore":
		return cmdRestore(e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageFR)
		return exitOK
	}
	fmt.Fprintf(stderr, "saisine : commande inconnue « %s ».\n\n%s", args[0], usageFR)
	return exitUsage
}

// parse parses flags that may appear before or after the positional arguments
// (« saisine render --procedure X case.json -o out.pdf » is the documented form).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("saisine "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func (e *env) usageErr(format string, a ...any) int {
	fmt.Fprintf(e.stderr, "saisine : "+format+"\n", a...)
	if e.lang == letters.EN {
		fmt.Fprint(e.stderr, "\n"+usageEN)
	} else {
		fmt.Fprint(e.stderr, "\n"+usageFR)
	}
	return exitUsage
}

func (e *env) internal(err error) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(e.stderr, "saisine : %v\n", err)
	return exitUsage
}

// oneInput parses a command's flags (before or after its argument), sets the message language from
// the --lang value and returns the single input file the command works on ("-" for stdin).
func (e *env) oneInput(fs *flag.FlagSet, args []string, lang *string, command, what string) (string, int) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", exitUsage
	}
	if code := e.setLang(*lang); code != exitOK {
		return "", code
	}
	if len(pos) != 1 {
		return "", e.usageErr("%s attend %s", command, what)
	}
	return pos[0], exitOK
}

// setLang sets the language of the command's messages from a --lang value.
func (e *env) setLang(s string) int {
	switch s {
	case "fr", "":
		e.lang = letters.FR
	case "en":
		e.lang = letters.EN
	default:
		return e.usageErr("langue inconnue « %s » (fr ou en)", s)
	}
	return exitOK
}

// readCase reads and decodes the case file named by path ("-" = stdin). Decoding problems are printed
// and reported as invalid input; an unreadable file is a usage error.
func (e *env) readCase(path string) (*letters.Case, int) {
	var r io.Reader
	if path == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			if e.lang == letters.EN {
				fmt.Fprintf(e.stderr, "saisine: cannot read the case file %q: %v\n", path, unwrapPathErr(err))
			} else {
				fmt.Fprintf(e.stderr, "saisine : impossible de lire le dossier « %s » : %v\n", path, unwrapPathErr(err))
			}
			return nil, exitUsage
		}
		defer f.Close()
		r = f
	}
	r, code := e.caseReader(r, path)
	if code != exitOK {
		return nil, code
	}
	c, problems := letters.Decode(r)
	if len(problems) > 0 {
		e.printProblems(problems)
		return nil, exitInvalid
	}
	return c, exitOK
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// printProblems writes one line per problem, « path: message », warnings marked as such.
// It returns whether any problem is an error (not a warning).
func (e *env) printProblems(problems []letters.Problem) bool {
	hasErr := false
	for _, p := range problems {
		path := p.Path
		if path == "" {
			path = "(dossier)"
			if e.lang == letters.EN {
				path = "(case file)"
			}
		}
		prefix := ""
		if p.Warning {
			prefix = "avertissement : "
			if e.lang == letters.EN {
				prefix = "warning: "
			}
		} else {
			hasErr = true
		}
		fmt.Fprintf(e.stderr, "%s: %s%s\n", path, prefix, p.Message(e.lang))
	}
	return hasErr
}

func cmdCheck(e *env, args []string) int {
	fs := newFlags(e, "check")
	procID := fs.String("procedure", "", "procédure dont on vérifie les besoins (ex. plainte-cnil)")
	lang := fs.String("lang", "fr", "langue des messages : fr ou en")
	today := fs.String("today", "", "date de référence AAAA-MM-JJ (par défaut aujourd’hui)")
	fs.StringVar(&e.passphraseFile, "passphrase-file", "", passphraseFlagUsage)
	input, code := e.oneInput(fs, args, lang, "check", "un seul dossier JSON")
	if code != exitOK {
		return code
	}
	ref, code := e.parseDay(*today, "today")
	if code != exitOK {
		return code
	}
	c, code := e.readCase(input)
	if code != exitOK {
		return code
	}
	var problems []letters.Problem
	if *procID != "" {
		if _, ok := procedures.Get(*procID); !ok {
			return e.unknownProcedure(*procID)
		}
		problems = procedures.Check(c, *procID, ref)
	} else {
		problems = letters.Check(c, letters.CheckOptions{Today: ref})
	}
	if e.printProblems(problems) {
		return exitInvalid
	}
	return exitOK
}

func (e *env) unknownProcedure(id string) int {
	ids := make([]string, 0)
	for _, p := range procedures.All() {
		ids = append(ids, p.ID)
	}
	return e.usageErr("procédure inconnue « %s » ; procédures disponibles : %s", id, strings.Join(ids, ", "))
}

// parseDay parses an optional YYYY-MM-DD flag value; empty means the zero time (callers default it).
func (e *env) parseDay(s, flagName string) (time.Time, int) {
	if s == "" {
		return time.Time{}, exitOK
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, e.usageErr("--%s attend une date AAAA-MM-JJ, par exemple 2026-11-27 (reçu « %s »)", flagName, s)
	}
	return t, exitOK
}

func cmdRender(e *env, args []string) int {
	fs := newFlags(e, "render")
	procID := fs.String("procedure", "", "procédure (voir « saisine procedures »)")
	date := fs.String("date", "", "date de la lettre AAAA-MM-JJ (par défaut letter.date du dossier, sinon aujourd’hui)")
	format := fs.String("format", "", "pdf, txt ou html (par défaut : d’après l’extension de -o, sinon pdf)")
	out := fs.String("o", "", "fichier de sortie (par défaut la sortie standard)")
	lang := fs.String("lang", "fr", "langue des messages : fr ou en (la lettre est toujours en français)")
	jop := fs.String("jop2030", os.Getenv("SAISINE_JOP2030"), "statut de l’expérimentation JOP 2030 : unknown, in_force, not_in_force (variable SAISINE_JOP2030)")
	winLeft := fs.Float64("window-left", render.DefaultPDFOptions().WindowLeftMM, "PDF : distance en mm du bord gauche au bloc destinataire (enveloppe à fenêtre)")
	winTop := fs.Float64("window-top", render.DefaultPDFOptions().WindowTopMM, "PDF : distance en mm du bord supérieur au bloc destinataire")
	bundled := fs.Bool("bundle", false, "PDF : un seul fichier avec la lettre, son bordereau puis les pièces jointes (exhibits[].file), dans l’ordre")
	mandantsFile := fs.String("mandants", "", "mandat, plainte-collective-cnil : liste des mandants (CSV, voir docs/case-file.md)")
	fs.StringVar(&e.passphraseFile, "passphrase-file", "", passphraseFlagUsage)
	skipInvalid := fs.Bool("skip-invalid", false, "avec --mandants : ignorer les lignes refusées (elles sont signalées) au lieu de tout refuser")
	input, code := e.oneInput(fs, args, lang, "render", "un seul dossier JSON")
	if code != exitOK {
		return code
	}
	if *procID == "" {
		return e.usageErr("--procedure est obligatoire (voir « saisine procedures »)")
	}
	proc, ok := procedures.Get(*procID)
	if !ok {
		return e.unknownProcedure(*procID)
	}
	f := *format
	if f == "" {
		f = formatFromName(*out)
	}
	if f != "pdf" && f != "txt" && f != "html" && f != "zip" {
		return e.usageErr("--format attend pdf, txt, html ou zip (reçu « %s »)", f)
	}
	switch {
	case *mandantsFile != "" && !proc.Mandants:
		return e.usageErr("--mandants ne sert qu’aux procédures mandat et plainte-collective-cnil")
	case *mandantsFile == "" && proc.ID == procedures.PlainteCollectiveCNIL:
		return e.usageErr("plainte-collective-cnil exige la liste des mandants : --mandants FICHIER.csv")
	case *skipInvalid && *mandantsFile == "":
		return e.usageErr("--skip-invalid s’emploie avec --mandants")
	case f == "zip" && (proc.ID != procedures.Mandat || *mandantsFile == ""):
		return e.usageErr("--format zip donne un PDF par mandant : il s’emploie avec --procedure mandat --mandants FICHIER.csv")
	case proc.ID == procedures.Mandat && *bundled:
		return e.usageErr("--bundle joint les pièces d’une lettre : les mandats n’en ont pas")
	case proc.ID == procedures.Mandat && *mandantsFile != "" && f != "pdf" && f != "zip":
		return e.usageErr("les mandats se rendent en PDF (un mandat par page) ou en zip (un PDF par mandant)")
	}
	if *bundled && f != "pdf" {
		return e.usageErr("--bundle produit un PDF : il ne se combine pas avec le format « %s »", f)
	}
	if *mandantsFile == "" && !*bundled {
		// One letter allocates a few megabytes and the process ends: with the default GOGC the runtime
		// started two or three collections for nothing, a quarter of a render's CPU (perf, BENCHMARKS.md).
		// Lists of mandants and bundles of exhibits keep the default, which bounds their memory.
		debug.SetGCPercent(1000)
	}
	settings := law.DefaultSettings()
	var err error
	if settings.JOP2030, err = law.ParseJOP2030(*jop); err != nil {
		return e.usageErr("--jop2030 attend unknown, in_force ou not_in_force (reçu « %s »)", *jop)
	}
	letterDate, code := e.parseDay(*date, "date")
	if code != exitOK {
		return code
	}
	c, code := e.readCase(input)
	if code != exitOK {
		return code
	}
	// The case is checked as of the letter's date: a letter dated 20 September cannot state facts of
	// October, nor refer to the CADA a request that was not yet refused on that day. Without --date the
	// reference is today.
	ref := time.Now()
	if !letterDate.IsZero() {
		ref = letterDate
	}
	invalid := e.printProblems(procedures.Check(c, proc.ID, ref))
	files, ok := e.exhibitFiles(c, input, *bundled)
	if invalid || !ok {
		return exitInvalid
	}
	popts := procedures.Options{Date: letterDate, Settings: settings}
	if *mandantsFile != "" {
		ms, code := e.loadMandants(*mandantsFile, ref, *skipInvalid)
		if code != exitOK {
			return code
		}
		pdfOpts := render.DefaultPDFOptions()
		pdfOpts.WindowLeftMM, pdfOpts.WindowTopMM = *winLeft, *winTop
		return e.renderMandants(proc, c, ms, popts, collectiveOutput{format: f, out: *out, pdf: pdfOpts, bundle: *bundled, files: files})
	}
	doc, err := proc.Build(c, popts)
	if err != nil {
		return e.internal(err)
	}
	var buf bytes.Buffer
	switch f {
	case "pdf":
		opts := render.DefaultPDFOptions()
		opts.WindowLeftMM, opts.WindowTopMM = *winLeft, *winTop
		err = render.PDF(&buf, doc, opts)
	case "txt":
		err = render.Text(&buf, doc, render.TextOptions{Counts: true})
	case "html":
		err = render.HTML(&buf, doc)
	}
	if err != nil {
		return e.internal(err)
	}
	if *bundled {
		var all bytes.Buffer
		size := buf.Len()
		for _, f := range files {
			size += len(f.Data)
		}
		all.Grow(size + size/8) // the bundle is about the sum of its parts: no doubling of a 50 MB buffer
		if err := bundle.Write(&all, buf.Bytes(), files); err != nil {
			if ps := bundle.Problems(err); len(ps) > 0 {
				e.printExhibitProblems(ps)
				return exitInvalid
			}
			return e.internal(err)
		}
		buf = all
	}
	return e.internal(writeOutput(e.stdout, *out, buf.Bytes()))
}

// exhibitFiles reads the files the case attaches (exhibits[].file): a relative name starts from the
// case file's folder (from the current folder when the case comes from stdin). Each file's SHA-256 goes
// into the case, so the bordereau prints the digest of the file itself; a digest the case states must
// match it. With forBundle the files are also checked for the complete PDF (type, size, limits) and
// returned. Problems are printed as « exhibits[i].file: message »; ok is false if there were any.
func (e *env) exhibitFiles(c *letters.Case, casePath string, forBundle bool) (files []bundle.Exhibit, ok bool) {
	base := "."
	if casePath != "-" {
		base = filepath.Dir(casePath)
	}
	type found struct {
		i    int
		path string
		size int64
	}
	var todo []found
	var sizes []int64
	var problems []*bundle.Error
	for i, ex := range c.Exhibits {
		if strings.TrimSpace(ex.File) == "" {
			continue
		}
		path := ex.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(base, path)
		}
		p := &bundle.Error{Number: i + 1, Name: ex.File, Detail: path}
		st, err := os.Stat(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			p.Code = bundle.CodeMissing
		case err != nil:
			p.Code, p.Err = bundle.CodeUnreadable, err
		case !st.Mode().IsRegular():
			p.Code = bundle.CodeUnreadable
		case forBundle && st.Size() > bundle.MaxFileSize: // refused before reading it
			p.Code, p.Size = bundle.CodeTooLarge, st.Size()
		default:
			todo = append(todo, found{i, path, st.Size()})
			sizes = append(sizes, st.Size())
			continue
		}
		problems = append(problems, p)
	}
	if forBundle {
		problems = append(problems, bundle.Problems(bundle.CheckLimits(sizes))...)
	}
	for _, f := range todo {
		ex := &c.Exhibits[f.i]
		var data []byte
		var sum string
		var err error
		if forBundle {
			if data, err = os.ReadFile(f.path); err == nil {
				sum = bundle.SHA256(data)
			}
		} else {
			sum, err = fileSHA256(f.path)
		}
		if err != nil {
			problems = append(problems, &bundle.Error{Number: f.i + 1, Name: ex.File, Code: bundle.CodeUnreadable, Detail: f.path, Err: err})
			continue
		}
		// A stated digest that is not one is reported by the case checks already.
		if want := ex.SHA256; letters.ValidSHA256(want) && want != sum {
			problems = append(problems, &bundle.Error{Number: f.i + 1, Name: ex.File, Code: bundle.CodeSHA256, Detail: sum, Want: want})
			continue
		}
		ex.SHA256 = sum
		if forBundle {
			// The type is known from the first bytes, so a wrong file is reported with the other problems
			// now; parsing a PDF is left to bundle.Write, which checks every exhibit before writing.
			if _, err := bundle.Detect(data); err != nil {
				if be := (*bundle.Error)(nil); errors.As(err, &be) {
					be.Number, be.Name = f.i+1, ex.File
				}
				problems = append(problems, bundle.Problems(err)...)
				continue
			}
			files = append(files, bundle.Exhibit{Number: f.i + 1, Title: frtext.Fragment(ex.Title), Data: data, Name: ex.File})
		}
	}
	e.printExhibitProblems(problems)
	return files, len(problems) == 0
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// printExhibitProblems prints exhibit problems in exhibit order, those about the whole set (the number
// of files, their total size) under « exhibits ».
func (e *env) printExhibitProblems(ps []*bundle.Error) {
	slices.SortStableFunc(ps, func(a, b *bundle.Error) int { return a.Number - b.Number })
	for _, p := range ps {
		path := "exhibits"
		if p.Number > 0 {
			path = fmt.Sprintf("exhibits[%d].file", p.Number-1)
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", path, p.Message(e.lang))
	}
}

func formatFromName(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".zip":
		return "zip"
	case ".txt":
		return "txt"
	case ".html", ".htm":
		return "html"
	}
	return "pdf"
}

// writeOutput writes data to the named file through a temporary file and a rename, so a failed run
// never leaves a half-written letter behind; an empty name means stdout.
func writeOutput(stdout io.Writer, name string, data []byte) error {
	return streamOutput(stdout, name, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// streamOutput is writeOutput for output produced piece by piece (thousands of mandates): write goes
// straight to standard output, or to a temporary file renamed over name once complete, so that a
// failure half-way leaves no truncated file.
func streamOutput(stdout io.Writer, name string, write func(io.Writer) error) error {
	if name == "" || name == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

func cmdExample(e *env, args []string) int {
	if len(args) != 1 {
		return e.usageErr("example attend un identifiant de procédure")
	}
	if _, ok := procedures.Get(args[0]); !ok {
		return e.unknownProcedure(args[0])
	}
	return e.internal(letters.Encode(e.stdout, procedures.Example(args[0])))
}

func cmdLaw(e *env) int {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLÉ\tSTATUT\tREVUE\tIMPRIMABLE\tRÉFÉRENCE")
	for _, c := range law.All() {
		printable := "non"
		if c.Printable() {
			printable = "oui"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Key, c.Status, c.Reviewed, printable, c.Printed)
	}
	return e.internal(tw.Flush())
}

func cmdProcedures(e *env) int {
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, p := range procedures.All() {
		fmt.Fprintf(tw, "%s\t%s\n", p.ID, p.Summary)
	}
	return e.internal(tw.Flush())
}
