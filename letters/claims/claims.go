// Package claims holds the grievance modules. Each module states the facts it reads, when it applies,
// what it cites, the paragraphs it contributes and the requests it supports. Adding a grievance means
// adding a module (a value in All) and its table test, nothing else.
//
// Modules write in an impersonal register (« selon les éléments connus », « il appartient à la
// commune ») so that the same paragraph fits a resident's complaint written with « je » and a group's
// referral written with « nous ». They state only what the case file says, and print citations only
// through cite, which goes through the catalogue (law.MustPrint).
package claims

import (
	"strings"
	"time"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// Sections of a letter that modules write into.
const (
	// SectionBreaches is « Les manquements »: the module asserts a breach.
	SectionBreaches = "manquements"
	// SectionChecks is « Les points à vérifier »: the module asks for information or control.
	SectionChecks = "verifications"
	// SectionSteps is « Les démarches préalables »: the module draws the consequence of a prior step.
	SectionSteps = "demarches"
	// SectionFramework is « Le cadre juridique »: only the Framework module writes there.
	SectionFramework = "cadre"
)

// Claim is one grievance module.
type Claim struct {
	// ID is stable, e.g. "aipd".
	ID string
	// Title is a short French title shown in the preview's "why" box and as the paragraph's heading.
	Title string
	// Needs lists the JSON paths of the facts the module reads; the interview asks only questions that
	// some applicable module needs.
	Needs []string
	// Applies is the predicate on the case. ctx.Date is the letter date (deadlines depend on it).
	Applies func(c *letters.Case, ctx Context) bool
	// Breach is true when the module asserts a breach (section « manquements »); false when it only
	// asks for information or control.
	Breach bool
	// Section is where the paragraphs go; empty means SectionBreaches when Breach, else SectionChecks.
	Section string
	// Citations are catalogue keys; all must be printable (a test enforces it), and every key a
	// paragraph prints must be listed here.
	Citations []string
	// Paragraphs builds the French text (without the "why" explanation: Blocks adds it).
	Paragraphs func(c *letters.Case, ctx Context) []document.Block
	// Facts returns the case facts the paragraphs rest on, as short French phrases for the "why" box.
	Facts func(c *letters.Case) []string
	// Requests are the request codes (letters.Req*) this module supports.
	Requests []string
	// Checks returns what a control by the CNIL should verify, as French noun phrases
	// (« l’existence et le contenu de l’AIPD »), joined by procedures into the control request.
	Checks func(c *letters.Case, ctx Context) []string
}

// Context gives modules what they need beyond the case.
type Context struct {
	Settings law.Settings
	// Procedure is the id of the letter being built (a module may word itself differently for a
	// complaint and a referral).
	Procedure string
	// Date is the letter date; deadlines (one month of silence) are computed against it. Zero means
	// the case's letter.date, else today.
	Date time.Time
	// ToCommune is set when the letter is addressed to the commune itself (a demand to its mayor),
	// not to an authority asked to verify: modules then speak of the requests that follow rather than
	// of verifications.
	ToCommune bool
}

// NewContext is the context for a case: its letter date (or today) and the settings.
func NewContext(c *letters.Case, s law.Settings) Context {
	ctx := Context{Settings: s}
	if d, ok := frtext.ParseDate(c.Letter.Date); ok && d.HasDay() {
		ctx.Date = d.Time()
	} else {
		ctx.Date = time.Now().UTC().Truncate(24 * time.Hour)
	}
	return ctx
}

// Place is the section the module writes into.
func (cl Claim) Place() string {
	switch {
	case cl.Section != "":
		return cl.Section
	case cl.Breach:
		return SectionBreaches
	}
	return SectionChecks
}

// Why is the module's provenance for the preview: its id, title, facts and catalogue citations.
func (cl Claim) Why(c *letters.Case) *document.Why {
	w := &document.Why{Claim: cl.ID, Title: cl.Title}
	if cl.Facts != nil {
		for _, f := range cl.Facts(c) {
			w.Facts = append(w.Facts, frtext.Fragment(f))
		}
	}
	for _, k := range cl.Citations {
		w.Citations = append(w.Citations, WhyCitation(k))
	}
	return w
}

// WhyCitation is a printable catalogue entry as shown in the "why" box. It panics on a key that may
// not be printed (tests render every module).
func WhyCitation(key string) document.Citation {
	cit, err := law.Printable(key)
	if err != nil {
		panic(err)
	}
	return document.Citation{
		Key:        cit.Key,
		Printed:    frtext.Typo(cit.Printed),
		Paraphrase: frtext.Typo(cit.Paraphrase),
		URL:        cit.URL,
		Reviewed:   cit.Reviewed,
		Secondary:  cit.Status == law.Secondary,
	}
}

// Blocks is the module's paragraphs, each carrying the module's "why".
func (cl Claim) Blocks(c *letters.Case, ctx Context) []document.Block {
	if cl.Paragraphs == nil {
		return nil
	}
	bs := cl.Paragraphs(c, ctx)
	why := cl.Why(c)
	for i := range bs {
		bs[i].Why = why
	}
	return bs
}

// All returns every module in the fixed order in which letters present them: the lawfulness of the
// analysis itself first, then its most intrusive functions, then the formalities, then the silence of
// the commune.
func All() []Claim {
	return []Claim{
		AbsenceBaseLegale,
		UsagesAVerifier,
		Biometrie,
		LAPI,
		AIPD,
		CNILNonConsultee,
		AutorisationPrefectorale,
		InformationPublic,
		Conservation,
		DroitsSansReponse,
		DemandeSansReponse,
	}
}

// Get returns the module with that id (including Framework).
func Get(id string) (Claim, bool) {
	if id == Framework.ID {
		return Framework, true
	}
	for _, cl := range All() {
		if cl.ID == id {
			return cl, true
		}
	}
	return Claim{}, false
}

// Applicable returns the modules that apply to the case, in the order of All, with the letter date
// of the case (or today) for deadlines.
func Applicable(c *letters.Case, s law.Settings) []Claim {
	return ApplicableIn(c, NewContext(c, s))
}

// ApplicableIn is Applicable with an explicit context.
func ApplicableIn(c *letters.Case, ctx Context) []Claim {
	var out []Claim
	for _, cl := range All() {
		if cl.Applies(c, ctx) {
			out = append(out, cl)
		}
	}
	return out
}

// --- small builders shared by the modules ---

// t is a plain run with French typography applied.
func t(s string) document.Run { return document.Run{Text: frtext.Typo(s)} }

// raw is a plain run copied as is (text already typeset, or a URL).
func raw(s string) document.Run { return document.Run{Text: s} }

// cite prints a catalogue citation, marked with its key. It panics on an unprintable key.
func cite(key string) document.Run {
	return document.Run{Text: frtext.Typo(law.MustPrint(key)), Cite: key}
}

// heading is the bold first paragraph of a module in the breaches and checks sections.
func heading(s string) document.Block {
	return document.P(document.Run{Text: frtext.Typo(s), Strong: true})
}

// para joins runs into a paragraph, inserting nothing: callers write the spaces.
func para(runs ...document.Run) document.Block { return document.P(runs...) }

// --- facts shared by several modules ---

// Analytics reports whether the case shows an automated analysis layer: a named software or any
// known capability.
func Analytics(c *letters.Case) bool {
	return c.Facts.Software != "" || len(c.Facts.Capabilities) > 0
}

// Software is « le logiciel BriefCam » or « le logiciel d’analyse automatisée des images » when its
// name is unknown.
func Software(c *letters.Case) string {
	if c.Facts.Software != "" {
		return "le logiciel " + frtext.Typo(c.Facts.Software)
	}
	return "le logiciel d’analyse automatisée des images"
}

// SoftwareIndef is « le logiciel BriefCam » or « un logiciel d’analyse automatisée des images ».
func SoftwareIndef(c *letters.Case) string {
	if c.Facts.Software != "" {
		return "le logiciel " + frtext.Typo(c.Facts.Software)
	}
	return "un logiciel d’analyse automatisée des images"
}

// DuSoftware is « du logiciel BriefCam » / « d’un logiciel d’analyse automatisée des images ».
func DuSoftware(c *letters.Case) string {
	if c.Facts.Software != "" {
		return "du logiciel " + frtext.Typo(c.Facts.Software)
	}
	return "d’un logiciel d’analyse automatisée des images"
}

// Commune is « la commune de Lille ».
func Commune(c *letters.Case) string { return frtext.Commune(frtext.Typo(c.Commune.Name)) }

// CapabilityLabel is the French noun phrase for a capability (with its article).
func CapabilityLabel(capability string) string {
	switch capability {
	case letters.CapVideoSynopsis:
		return "la condensation des enregistrements en résumés vidéo (synopsis) facilitant la recherche de personnes ou de véhicules"
	case letters.CapAppearanceSearch:
		return "la recherche de personnes par similitude d’apparence"
	case letters.CapFacialRecognition:
		return "la reconnaissance faciale"
	case letters.CapPlateReading:
		return "la lecture automatisée des plaques d’immatriculation"
	case letters.CapRealtimeDetection:
		return "la détection automatisée d’événements en temps réel"
	case letters.CapStatistics:
		return "l’établissement de statistiques de fréquentation"
	}
	return capability
}

// capabilityShort is the capability as a short label for the "why" box.
func capabilityShort(capability string) string {
	switch capability {
	case letters.CapVideoSynopsis:
		return "synopsis vidéo"
	case letters.CapAppearanceSearch:
		return "recherche par similitude d’apparence"
	case letters.CapFacialRecognition:
		return "reconnaissance faciale"
	case letters.CapPlateReading:
		return "lecture des plaques d’immatriculation"
	case letters.CapRealtimeDetection:
		return "détection en temps réel"
	case letters.CapStatistics:
		return "statistiques"
	}
	return capability
}

// KnownCapabilities lists the case's capabilities in the order of letters.Enumerations.
func KnownCapabilities(c *letters.Case) []string {
	var out []string
	for _, k := range letters.Enumerations["facts.capabilities"] {
		if c.Facts.HasCapability(k) {
			out = append(out, k)
		}
	}
	return out
}

// exceeding are the capabilities that go beyond what the CNIL tolerates (deferred searches on judicial
// requisition, anonymous statistics): real-time detection, facial and appearance search, plate reading.
var exceeding = []string{letters.CapRealtimeDetection, letters.CapFacialRecognition, letters.CapAppearanceSearch, letters.CapPlateReading}

// Exceeding returns the case's capabilities that exceed the tolerated uses, in a fixed order.
func Exceeding(c *letters.Case) []string {
	var out []string
	for _, k := range exceeding {
		if c.Facts.HasCapability(k) {
			out = append(out, k)
		}
	}
	return out
}

func softwareFact(c *letters.Case) string {
	if c.Facts.Software != "" {
		return "Logiciel : " + frtext.Typo(c.Facts.Software)
	}
	return frtext.Typo("Logiciel d’analyse : nom inconnu")
}

func capabilitiesFact(caps []string) string {
	if len(caps) == 0 {
		return frtext.Typo("Fonctions connues : aucune précisée")
	}
	var ls []string
	for _, k := range caps {
		ls = append(ls, capabilityShort(k))
	}
	return frtext.Typo("Fonctions connues : " + frtext.Join(ls, "et"))
}

func labels(caps []string) []string {
	var out []string
	for _, k := range caps {
		out = append(out, CapabilityLabel(k))
	}
	return out
}

// --- what the case shows about use, as opposed to capability ---
//
// facts.capabilities records what the software can do, not what was done with it. A module may assert
// that a function was used only when the commune's own statement (facts.purposes_claimed) shows it;
// otherwise it words its conclusion on condition of use and asks for verification (README rule 3).

// UseEnded reports whether the use of the software has ended (facts.in_use_until is set; validation
// refuses a date in the future). Facts about the period of use are then told in the past tense.
func UseEnded(c *letters.Case) bool { return c.Facts.InUseUntil != "" }

// useWords are, per capability beyond the tolerated uses, the words by which a commune's statement of
// its purposes shows that it relies on that function.
var useWords = map[string][]string{
	letters.CapPlateReading:      {"plaque", "immatriculation", "lapi", "véhicule", "vehicule"},
	letters.CapFacialRecognition: {"reconnaissance faciale", "visage"},
	letters.CapAppearanceSearch:  {"apparence", "similitude", "signalement vestimentaire", "vêtement", "vetement"},
	letters.CapRealtimeDetection: {"temps réel", "temps reel", "détection automatique", "détection automatisée", "alerte"},
}

// negations are the words that, shortly before a use word, deny it (« aucune reconnaissance faciale »,
// « sans lecture des plaques »).
var negations = []string{"pas ", "aucun", "sans ", "ni ", "non ", "hors ", "jamais ", "exclu"}

// StatedUse reports whether the commune's own statement of its purposes shows that it relies on a
// capability the software has: « identification de véhicules … » for plate reading, for instance.
func StatedUse(c *letters.Case, capability string) bool {
	if !c.Facts.HasCapability(capability) {
		return false
	}
	s := strings.ToLower(strings.ReplaceAll(c.Facts.PurposesClaimed, "’", "'"))
	for _, w := range useWords[capability] {
		for from := 0; ; {
			i := strings.Index(s[from:], w)
			if i < 0 {
				break
			}
			i += from
			if !negated(s[:i]) {
				return true
			}
			from = i + len(w)
		}
	}
	return false
}

// negated reports whether the text just before a match (its last 30 characters) denies it.
func negated(before string) bool {
	r := []rune(before)
	if len(r) > 30 {
		r = r[len(r)-30:]
	}
	win := " " + string(r)
	for _, n := range negations {
		if strings.Contains(win, " "+n) {
			return true
		}
	}
	return false
}

// splitStated separates capabilities whose use the commune's statement shows from those only known
// to be available.
func splitStated(c *letters.Case, caps []string) (stated, unstated []string) {
	for _, k := range caps {
		if StatedUse(c, k) {
			stated = append(stated, k)
		} else {
			unstated = append(unstated, k)
		}
	}
	return stated, unstated
}

// purposesQuote is the commune's statement as quoted in a letter: « … ».
func purposesQuote(c *letters.Case) string {
	return frtext.Quote(frtext.Fragment(c.Facts.PurposesClaimed))
}

// tense picks the wording for a use that has ended or for one that may be going on.
func tense(c *letters.Case, ongoing, ended string) string {
	if UseEnded(c) {
		return ended
	}
	return ongoing
}
