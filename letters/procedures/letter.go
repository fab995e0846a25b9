package procedures

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// letter is one document being assembled.
type letter struct {
	c      *letters.Case
	p      Procedure
	ctx    claims.Context
	date   time.Time
	opts   Options
	plural bool // the sender writes « nous » (a group of councillors, an association)
	claims []claims.Claim
	doc    *document.Document
	// added are pieces the letter attaches beyond the case's exhibits (see addExhibit).
	added []document.Exhibit
	// stepPieces caches stepExhibits.
	stepPieces map[letters.PriorStep]stepPieces
}

func newLetter(c *letters.Case, p Procedure, opts Options) (*letter, error) {
	date := opts.Date
	if date.IsZero() && c.Letter.Date != "" {
		d, err := letters.ParseDate(c.Letter.Date)
		if err != nil || d.Precision != letters.PrecisionDay {
			return nil, fmt.Errorf("procedures: %s: letter.date %q is not a full date", p.ID, c.Letter.Date)
		}
		date = d.First()
	}
	if date.IsZero() {
		date = time.Now()
	}
	y, m, d := date.Date()
	date = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	settings := opts.Settings
	if settings.JOP2030 == "" {
		settings.JOP2030 = law.JOPUnknown
	}
	l := &letter{
		c:      c,
		p:      p,
		ctx:    claims.Context{Settings: settings, Procedure: p.ID, Date: date, ToCommune: p.toCommune},
		date:   date,
		opts:   opts,
		plural: c.Sender.Kind != letters.SenderResident,
		doc:    &document.Document{},
	}
	l.claims = p.ApplicableClaims(c, l.ctx)
	return l, nil
}

// je picks the singular or plural form of the sender's voice.
func (l *letter) je(singular, plural string) string {
	if l.plural {
		return plural
	}
	return singular
}

// --- header ---

func personName(civility, first, last string) string {
	return strings.TrimSpace(strings.Join(nonEmpty(civility, first, last), " "))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func addressLines(a letters.Address) []string {
	return nonEmpty(a.Street, a.Complement, strings.TrimSpace(a.PostalCode+" "+a.City))
}

// senderLines is the sender block: organisation (for a group), name, capacity, address, contact.
func (l *letter) senderLines() []string {
	s := l.c.Sender
	var lines []string
	if s.Kind != letters.SenderResident && s.Organisation != "" {
		lines = append(lines, s.Organisation)
	}
	if n := personName(s.Civility, s.FirstName, s.LastName); n != "" {
		lines = append(lines, n)
	}
	if s.Role != "" {
		lines = append(lines, s.Role)
	}
	lines = append(lines, addressLines(s.Address)...)
	lines = append(lines, nonEmpty(s.Email, s.Phone)...)
	for i := range lines {
		lines[i] = strings.TrimSpace(frtext.Typo(lines[i]))
	}
	return lines
}

// author is the name put in the document's metadata.
func (l *letter) author() string {
	s := l.c.Sender
	if s.Kind != letters.SenderResident && s.Organisation != "" {
		return s.Organisation
	}
	return strings.TrimSpace(s.FirstName + " " + s.LastName)
}

func (l *letter) placeDate() string {
	return frtext.Typo(l.c.Letter.Place) + ", le " + frtext.DateOf(l.date).String()
}

func (l *letter) sending() string {
	switch l.c.Letter.Sending {
	case letters.SendingLRAR:
		return "Lettre recommandée avec demande d’avis de réception"
	case letters.SendingOnline:
		if l.p.online != "" {
			return l.p.online
		}
		return "Transmise par voie électronique"
	case letters.SendingEmail:
		return "Transmise par courrier électronique"
	case letters.SendingHand:
		return "Remise en main propre"
	}
	return ""
}

// subject is what the letter is about: « l’utilisation du logiciel BriefCam par la commune de Lille ».
func (l *letter) subject() string {
	if claims.Analytics(l.c) {
		return "l’utilisation " + claims.DuSoftware(l.c) + " par " + claims.Commune(l.c)
	}
	return "le système de vidéoprotection de " + claims.Commune(l.c)
}

// ownSubject is the subject once the commune is named: « l’utilisation du logiciel BriefCam », « son
// système de vidéoprotection ».
func (l *letter) ownSubject() string {
	if claims.Analytics(l.c) {
		return "l’utilisation " + claims.DuSoftware(l.c)
	}
	return "son système de vidéoprotection"
}

// relatif is « relative à l’utilisation… » / « relatif au système… » agreeing with the head noun.
func relatif(subject string, feminine, plural bool) string {
	adj := "relatif"
	if feminine {
		adj = "relative"
	}
	if plural {
		adj += "s"
	}
	switch {
	case strings.HasPrefix(subject, "le "):
		return adj + " au " + strings.TrimPrefix(subject, "le ")
	case strings.HasPrefix(subject, "les "):
		return adj + " aux " + strings.TrimPrefix(subject, "les ")
	}
	return adj + " à " + subject
}

// references lists the CNIL file numbers of earlier complaints.
func (l *letter) cnilReferences() []document.Reference {
	var out []document.Reference
	for _, s := range l.c.PriorSteps {
		if s.Kind == letters.StepCNILComplaint && s.Reference != "" {
			out = append(out, document.Reference{Label: "Vos réf.", Value: frtext.Fragment(s.Reference)})
		}
	}
	return out
}

// --- body helpers ---

func p(runs ...document.Run) document.Block { return document.P(runs...) }

func t(s string) document.Run { return document.Run{Text: frtext.Typo(s)} }

func cite(key string) document.Run {
	return document.Run{Text: frtext.Typo(law.MustPrint(key)), Cite: key}
}

// citeAll prints several citations as one grouped reference (« articles 8 et 20 de la loi … »).
func citeAll(keys ...string) document.Run {
	text, err := law.JoinPrinted(keys...)
	if err != nil {
		panic(err)
	}
	return document.Run{Text: frtext.Typo(text), Cite: strings.Join(keys, " ")}
}

func link(u string) document.Run { return document.Run{Text: u, URL: u} }

// why is the provenance of a procedure's own paragraph.
func (l *letter) why(title string, keys ...string) *document.Why {
	w := &document.Why{Claim: l.p.ID, Title: title}
	for _, k := range keys {
		w.Citations = append(w.Citations, claims.WhyCitation(k))
	}
	return w
}

func withWhy(b document.Block, w *document.Why) document.Block {
	b.Why = w
	return b
}

// exhibitFor returns the number of the exhibit that reproduces a source (same URL, or the source's
// title as the exhibit's source), 0 when none does.
func exhibitFor(c *letters.Case, src letters.Source) int {
	want := normURL(src.URL)
	for i, e := range c.Exhibits {
		if e.Source == "" {
			continue
		}
		if (want != "" && normURL(e.Source) == want) || strings.EqualFold(strings.TrimSpace(e.Source), strings.TrimSpace(src.Title)) {
			return i + 1
		}
	}
	return 0
}

func normURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(strings.ToLower(s), "/")
	}
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	return host + strings.TrimRight(u.EscapedPath(), "/") + func() string {
		if u.RawQuery != "" {
			return "?" + u.RawQuery
		}
		return ""
	}()
}

func pieceRef(n int) string { return " (pièce " + frtext.Number(n) + ")" }

// --- the common sections ---

// claimBlocks gathers the applicable modules' blocks for one section.
func (l *letter) claimBlocks(section string) []document.Block {
	var bs []document.Block
	for _, cl := range l.claims {
		if cl.Place() == section {
			bs = append(bs, cl.Blocks(l.c, l.ctx)...)
		}
	}
	return bs
}

func (l *letter) frameworkSection() document.Section {
	return document.Section{ID: "cadre", Title: "Le cadre juridique", Numbered: true, Blocks: claims.Framework.Blocks(l.c, l.ctx)}
}

// caseSections is the body every grievance letter shares after its exposé: the facts, the legal
// framework, the grievances under breachTitle (with recipient asked to act when none is established),
// then the points to verify and the prior steps when there are any.
func (l *letter) caseSections(breachTitle, recipient string) []document.Section {
	ss := []document.Section{l.factsSection(), l.frameworkSection(), l.breachesSectionFor(breachTitle, recipient)}
	if s, ok := l.checksSection(); ok {
		ss = append(ss, s)
	}
	if s, ok := l.stepsSection(); ok {
		ss = append(ss, s)
	}
	return ss
}

// breachesSectionFor is the breaches section under its title; when no module asserts a breach, an
// honest paragraph says so and asks that the commune explain itself and that the recipient (« la
// CNIL », « la commission ») check, or, when the recipient is the commune itself, that it justify its
// use.
func (l *letter) breachesSectionFor(title, checker string) document.Section {
	bs := l.claimBlocks(claims.SectionBreaches)
	if len(bs) == 0 {
		then := "que la commune soit invitée à s’expliquer sur les conditions d’utilisation de son système et que " + checker + " vérifie leur conformité aux règles rappelées ci-dessus"
		if checker == "" {
			then = "que la commune justifie des conditions d’utilisation de son système et de leur conformité aux règles rappelées ci-dessus"
		}
		bs = []document.Block{p(t(l.je(
			"Les éléments dont je dispose à ce jour ne suffisent pas à établir un manquement déterminé. Ils justifient toutefois "+then+".",
			"Les éléments dont nous disposons à ce jour ne suffisent pas à établir un manquement déterminé. Ils justifient toutefois "+then+".",
		)))}
	}
	return document.Section{ID: "manquements", Title: title, Numbered: true, Blocks: bs}
}

func (l *letter) checksSection() (document.Section, bool) {
	bs := l.claimBlocks(claims.SectionChecks)
	return document.Section{ID: "verifications", Title: "Les points à vérifier", Numbered: true, Blocks: bs}, len(bs) > 0
}

// stepsSection lists the prior steps with their dates, recipient and answer, then the modules' reading
// of them (a month of silence on a CRPA request is a refusal).
func (l *letter) stepsSection() (document.Section, bool) {
	if len(l.c.PriorSteps) == 0 {
		return document.Section{}, false
	}
	steps := append([]letters.PriorStep(nil), l.c.PriorSteps...)
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].SentOn < steps[j].SentOn })
	var items [][]document.Run
	for i, s := range steps {
		label, fem := claims.StepLabel(s.Kind)
		text := frtext.UpperFirst(label)
		if d := claims.StepDates(s, fem); d != "" {
			text += " " + d
		}
		ex := l.stepExhibits(s)
		var paren []string
		if s.Recipient != "" {
			paren = append(paren, "destinataire : "+frtext.Fragment(s.Recipient))
		}
		if s.Reference != "" {
			paren = append(paren, "référence : "+frtext.Fragment(s.Reference))
		}
		if ex.request > 0 {
			paren = append(paren, "pièce "+frtext.Number(ex.request))
		}
		if len(paren) > 0 {
			text += " (" + strings.Join(paren, " ; ") + ")"
		}
		if a := answerText(s, fem); a != "" {
			text += " : " + a
			if ex.answer > 0 {
				text += pieceRef(ex.answer)
			}
		}
		if i == len(steps)-1 {
			text += "."
		} else {
			text += " ;"
		}
		items = append(items, []document.Run{t(text)})
	}
	bs := []document.Block{
		p(t(l.je("J’ai effectué les démarches suivantes :", "Nous avons effectué les démarches suivantes :"))),
		{Kind: document.BulletList, Items: items},
	}
	bs = append(bs, l.claimBlocks(claims.SectionSteps)...)
	return document.Section{ID: "demarches", Title: "Les démarches préalables", Numbered: true, Blocks: bs}, true
}

func answerText(s letters.PriorStep, fem bool) string {
	on := ""
	if d, ok := frtext.ParseDate(s.AnswerOn); ok {
		on = " " + d.On()
	}
	switch s.Answer {
	case letters.AnswerNone:
		return claims.Agree("resté", fem) + " sans réponse à ce jour"
	case letters.AnswerRefusal:
		return "refus opposé" + on
	case letters.AnswerPartial:
		return "réponse partielle reçue" + on
	case letters.AnswerFull:
		return "réponse reçue" + on
	}
	return ""
}

// requestCodes is the union of the case's requests, the procedure's defaults and the requests the
// applicable modules support, in the order of letters.Enumerations.
func (l *letter) requestCodes(defaults ...string) []string {
	want := map[string]bool{}
	for _, r := range l.c.Requests {
		want[r] = true
	}
	for _, r := range defaults {
		want[r] = true
	}
	for _, cl := range l.claims {
		for _, r := range cl.Requests {
			want[r] = true
		}
	}
	var out []string
	for _, r := range letters.Enumerations["requests"] {
		if want[r] {
			out = append(out, r)
		}
	}
	return out
}

// checks gathers what a control should verify: the modules' points, then the facts the case leaves
// unknown.
func (l *letter) checks(skipAIPD bool) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, cl := range l.claims {
		if skipAIPD && cl.ID == claims.AIPD.ID {
			continue
		}
		if cl.Checks != nil {
			for _, s := range cl.Checks(l.c, l.ctx) {
				add(s)
			}
		}
	}
	f := l.c.Facts
	if !skipAIPD && claims.Analytics(l.c) && (f.AIPD == letters.Unknown || f.AIPD == "") {
		add("l’existence et le contenu d’une AIPD couvrant le traitement algorithmique")
	}
	if f.PrefectoralAuthorisation == letters.Unknown || f.PrefectoralAuthorisation == "" {
		add("l’existence, la date et la portée de l’autorisation préfectorale du système")
	}
	return out
}

var documentLabels = map[string]string{
	letters.DocContract:                 "les documents contractuels relatifs à l’acquisition du logiciel et à sa maintenance",
	letters.DocAIPD:                     "l’analyse d’impact relative à la protection des données, dans toutes ses versions",
	letters.DocPrefectoralAuthorisation: "l’autorisation préfectorale du système de vidéoprotection",
	letters.DocDeliberations:            "les délibérations du conseil municipal relatives à ce système",
	letters.DocRegisterEntry:            "la fiche du registre des activités de traitement correspondante",
	letters.DocUserManual:               "le manuel d’utilisation du logiciel",
	letters.DocUsageLogs:                "les journaux d’utilisation du logiciel",
	letters.DocCNILCorrespondence:       "les échanges entre la commune et la CNIL relatifs à ce traitement",
}

// documents lists the documents the CNIL is asked to obtain, leaving out the AIPD when a request of
// its own asks for it.
func (l *letter) documents(skipAIPD bool) []string {
	var out []string
	for _, d := range letters.Enumerations["documents_requested"] {
		for _, x := range l.c.DocumentsRequested {
			if x == d && !(skipAIPD && d == letters.DocAIPD) {
				out = append(out, documentLabels[d])
			}
		}
	}
	return out
}

// requestItem is one numbered request, without its final punctuation.
type requestItem []document.Run

// cnilRequests phrases each request to the CNIL.
func (l *letter) cnilRequests(codes []string) []requestItem {
	var items []requestItem
	has := func(code string) bool {
		for _, c := range codes {
			if c == code {
				return true
			}
		}
		return false
	}
	for _, code := range codes {
		switch code {
		case letters.ReqControl:
			s := "de procéder à un contrôle du traitement des images de vidéoprotection mis en œuvre par " + claims.Commune(l.c)
			if ch := l.checks(has(letters.ReqCommunicateAIPD)); len(ch) > 0 {
				s += ", portant notamment sur les points suivants : " + strings.Join(ch, " ; ")
			} else {
				s += " et de vérifier sa conformité aux règles rappelées ci-dessus"
			}
			items = append(items, requestItem{t(s)})
			if docs := l.documents(has(letters.ReqCommunicateAIPD)); len(docs) > 0 {
				items = append(items, requestItem{t("de vous faire communiquer par la commune, à cette occasion, " + frtext.Join(docs, "et"))})
			}
		case letters.ReqStopProcessing:
			switch {
			case claims.Analytics(l.c) && l.c.Facts.InUseUntil != "":
				items = append(items, requestItem{t("de vous assurer que l’utilisation " + claims.DuSoftware(l.c) + " a effectivement cessé et, le cas échéant, de mettre " + claims.Commune(l.c) + " en demeure de ne pas reprendre un traitement algorithmique des images dépourvu de base légale")})
			case claims.Analytics(l.c):
				items = append(items, requestItem{t("de mettre, le cas échéant, " + claims.Commune(l.c) + " en demeure de cesser tout traitement algorithmique des images dépourvu de base légale")})
			default:
				items = append(items, requestItem{t("de mettre, le cas échéant, " + claims.Commune(l.c) + " en demeure de cesser tout traitement des images non conforme aux règles rappelées ci-dessus")})
			}
		case letters.ReqEraseData:
			if claims.Analytics(l.c) {
				items = append(items, requestItem{t("d’ordonner, le cas échéant, l’effacement des données issues de ce traitement, y compris des index, synopsis et métadonnées produits par le logiciel, sous réserve de celles qui seraient requises par une procédure judiciaire en cours")})
			} else {
				items = append(items, requestItem{t("d’ordonner, le cas échéant, l’effacement des enregistrements conservés au-delà de la durée autorisée, sous réserve de ceux qui seraient requis par une procédure judiciaire en cours")})
			}
		case letters.ReqCommunicateAIPD:
			s := "de vous faire communiquer l’analyse d’impact relative à la protection des données établie pour ce traitement, dans toutes ses versions, et d’en vérifier la complétude"
			if claims.Analytics(l.c) {
				s += " au regard du traitement algorithmique"
			}
			items = append(items, requestItem{t(s)})
		case letters.ReqInformMe:
			if l.p.ID == PlainteCNIL {
				items = append(items, requestItem{
					t("de m’informer de l’état d’avancement et de l’issue de ma plainte, dans les conditions prévues par l’"),
					cite("rgpd-77"),
					t(", étant rappelé que l’"),
					cite("rgpd-78"),
					t(" ouvre un recours juridictionnel lorsque la personne n’a pas été informée, dans un délai de trois mois, de l’état d’avancement ou de l’issue de sa réclamation"),
				})
			} else {
				items = append(items, requestItem{t(l.je("de me faire connaître les suites que vous donnerez à la présente lettre", "de nous faire connaître les suites que vous donnerez au présent signalement"))})
			}
		case letters.ReqSanction:
			items = append(items, requestItem{
				t("de prononcer, le cas échéant, les mesures correctrices appropriées, dans les conditions prévues par l’"),
				cite("lil-20"),
			})
		}
	}
	return items
}

// requestsSection is « Les demandes »: a numbered list, then the closing offer of further information.
func (l *letter) requestsSection(items []requestItem) document.Section {
	var list [][]document.Run
	var keys []string
	for i, it := range items {
		runs := append([]document.Run(nil), it...)
		if i == len(items)-1 {
			runs = append(runs, t("."))
		} else {
			runs = append(runs, t(" ;"))
		}
		for _, r := range runs {
			if r.Cite != "" {
				keys = append(keys, r.Cite)
			}
		}
		list = append(list, runs)
	}
	intro := p(t(l.je("Je vous demande en conséquence :", "Nous vous demandons en conséquence :")))
	listBlock := document.Block{Kind: document.NumberedList, Items: list}
	if len(keys) > 0 {
		listBlock.Why = l.why("Demandes", uniq(keys)...)
	}
	end := l.je("Je me tiens à votre disposition pour tout complément d’information.", "Nous nous tenons à votre disposition pour tout complément d’information.")
	if len(l.c.Exhibits) > 0 {
		end += " Les pièces citées sont énumérées au bordereau joint."
	}
	return document.Section{ID: "demandes", Title: "Les demandes", Numbered: true, Blocks: []document.Block{intro, listBlock, p(t(end))}}
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// signatures: each signatory signs (councillors, an association's representatives); a resident, or a
// group that named no signatory, signs alone.
func (l *letter) signatures() []document.Signature {
	var out []document.Signature
	if l.c.Sender.Kind != letters.SenderResident {
		for _, s := range l.c.Signatories {
			out = append(out, document.Signature{Name: frtext.Fragment(strings.TrimSpace(s.FirstName + " " + s.LastName)), Role: frtext.Fragment(s.Role)})
		}
	}
	if len(out) == 0 {
		s := l.c.Sender
		role := s.Role
		if s.Kind != letters.SenderResident && s.Organisation != "" {
			role = strings.Join(nonEmpty(s.Role, s.Organisation), ", ")
		}
		out = append(out, document.Signature{Name: frtext.Fragment(strings.TrimSpace(s.FirstName + " " + s.LastName)), Role: frtext.Fragment(role)})
	}
	return out
}

// exhibits is the bordereau: the case's exhibits, then the pieces the procedure adds (a copy the
// letter says is attached but that the case file does not list), numbered after them.
func (l *letter) exhibits() []document.Exhibit {
	var out []document.Exhibit
	for i, e := range l.c.Exhibits {
		out = append(out, document.Exhibit{
			Number: i + 1,
			Title:  frtext.Fragment(e.Title),
			Date:   frtext.FormatDate(e.Date),
			Origin: strings.TrimSpace(e.Source),
			SHA256: strings.ToLower(e.SHA256),
		})
	}
	for i, e := range l.added {
		e.Number = len(l.c.Exhibits) + i + 1
		out = append(out, e)
	}
	return out
}

// addExhibit lists a piece the letter refers to but the case file does not hold, and returns its
// number in the bordereau.
func (l *letter) addExhibit(title, date string) int {
	l.added = append(l.added, document.Exhibit{Title: frtext.Fragment(title), Date: frtext.FormatDate(date)})
	return len(l.c.Exhibits) + len(l.added)
}

// stepPieces are the exhibits that reproduce a prior step: the request itself and the answer to it
// (0 when none does).
type stepPieces struct{ request, answer int }

// stepExhibits finds the exhibits of a prior step. The case file does not link exhibits to steps, so
// an exhibit is taken as the request when it is dated the day the step was sent, and as the answer
// when it is dated the day of the answer; an exhibit that reproduces a public source of the facts, or
// that another step already claimed, is never taken. Each exhibit serves one step at most, the steps
// being read in the case file's order.
func (l *letter) stepExhibits(s letters.PriorStep) stepPieces {
	if l.stepPieces == nil {
		l.stepPieces = map[letters.PriorStep]stepPieces{}
		used := map[int]bool{}
		for _, src := range l.c.Facts.Sources {
			if n := exhibitFor(l.c, src); n > 0 {
				used[n] = true
			}
		}
		find := func(day string, answer bool) int {
			if d, err := letters.ParseDate(day); err != nil || d.Precision != letters.PrecisionDay {
				return 0
			}
			for i, e := range l.c.Exhibits {
				n := i + 1
				if used[n] || e.Date != day || answerTitle(e.Title) != answer {
					continue
				}
				used[n] = true
				return n
			}
			return 0
		}
		for _, st := range l.c.PriorSteps {
			if _, done := l.stepPieces[st]; done {
				continue
			}
			var ps stepPieces
			ps.request = find(st.SentOn, false)
			if st.Answer != letters.AnswerNone && st.Answer != "" {
				ps.answer = find(st.AnswerOn, true)
			}
			l.stepPieces[st] = ps
		}
	}
	return l.stepPieces[s]
}

// answerTitle reports whether an exhibit's title names an answer to a step (« Réponse de la mairie »,
// « Refus de communication », « Avis de la CADA », « Accusé de réception de la commune ») rather than
// the step itself (« Copie de la saisine de la CADA », « Copie de la demande adressée au maire »).
//
// A copy of the sender's own request, referral or complaint is the step, whatever authority its title
// names. Otherwise the title must carry a word of answer; a letter from the authority (« Courrier de la
// mairie ») counts as one. The name of an authority alone is no answer: « … de la CADA » may be the
// referral to it.
func answerTitle(title string) bool {
	s := " " + strings.Join(strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(title, "’", "'")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}), " ") + " "
	for _, own := range ownStepTitles {
		if !strings.HasSuffix(own, "'") {
			own += " "
		}
		if strings.HasPrefix(s, " "+own) {
			return false
		}
	}
	for _, w := range answerWords {
		if strings.Contains(s, " "+w) {
			return true
		}
	}
	// « avis » is an answer (« Avis de la CADA »), not the post's « avis de réception » of a request.
	receipt := strings.NewReplacer(" avis de réception ", " ", " avis de reception ", " ")
	if strings.Contains(receipt.Replace(s), " avis ") {
		return true
	}
	for _, from := range authorLetters {
		if strings.HasPrefix(s, " "+from+" ") {
			return true
		}
	}
	return false
}

// ownStepTitles begin the title of a copy of the sender's own step (lowercase, words separated by one
// space, apostrophes straight).
var ownStepTitles = []string{
	"copie de la saisine", "copie de la demande", "copie de la plainte", "copie du signalement",
	"copie de ma", "copie de notre", "copie de mon", "copie du courrier adressé", "copie de la lettre adressée",
	"saisine de la", "demande de", "demande d'", "plainte", "signalement",
}

// answerWords begin the words that make a title an answer (matched at the start of a word, so that
// « refusé » and « réponses » count).
var answerWords = []string{
	"réponse", "reponse", "répondu", "repondu", "refus", "décision", "decision", "rejet", "mise en demeure",
	"accusé de réception", "accuse de reception", "accusé réception", "clôture", "cloture",
}

// authorLetters begin the title of a letter written by the authority.
var authorLetters = func() []string {
	var out []string
	for _, kind := range []string{"courrier", "lettre", "courriel", "message", "mail", "e mail"} {
		for _, who := range []string{"de la mairie", "de la commune", "du maire", "de la maire", "de la cnil", "de la cada", "du préfet", "de la préfecture", "du délégué"} {
			out = append(out, kind+" "+who)
		}
	}
	return out
}()

// footer: a template filled in and signed by its author, not legal advice, with the review date of
// the oldest catalogue entry the letter cites.
func (l *letter) footer() string {
	reviewed := ""
	for _, k := range l.doc.Citations {
		if c, ok := law.Lookup(k); ok && (reviewed == "" || c.Reviewed < reviewed) {
			reviewed = c.Reviewed
		}
	}
	s := l.je(
		"Document établi à partir d’un modèle de l’application saisine et complété par la personne qui le signe et en assume la responsabilité. ",
		"Document établi à partir d’un modèle de l’application saisine et complété par les personnes qui le signent et en assument la responsabilité. ",
	)
	s += "Il ne constitue pas une consultation juridique. Généré par saisine le " + frtext.DateOf(l.date).String()
	if reviewed != "" {
		s += " ; références juridiques revues le " + frtext.FormatDate(reviewed)
	}
	return frtext.Typo(s + ".")
}

// finish computes the citations in first-use order, the footer and the metadata.
func (l *letter) finish() *document.Document {
	d := l.doc
	seen := map[string]bool{}
	visit := func(runs []document.Run) {
		for _, r := range runs {
			for _, k := range strings.Fields(r.Cite) {
				if !seen[k] {
					seen[k] = true
					d.Citations = append(d.Citations, k)
				}
			}
		}
	}
	for _, s := range d.Sections {
		for _, b := range s.Blocks {
			visit(b.Runs)
			for _, it := range b.Items {
				visit(it)
			}
		}
	}
	d.Footer = l.footer()
	d.Meta = document.Meta{
		Title:   d.Object,
		Author:  frtext.Fragment(l.author()),
		Subject: l.p.Title,
		Creator: "saisine",
		Date:    l.date,
	}
	return d
}
