// Package procedures defines one letter type per procedure: who sends it, to whom, what it needs, the
// ordered sections and which claim modules it may use. Build turns a case into a document.Document.
//
// All letters share one assembly (letter.go): a procedure is a recipient, an object, an « exposé » and a
// way of phrasing its requests; the facts, legal framework, breaches, points to verify, prior steps,
// requests, signatures, exhibits and footer are common. The letters to the mayor share their recipient
// block, salutation and closing (mayor.go); the descriptions of the documents a commune may be asked for
// serve the document request, the CADA referral and the councillors' request (documents.go).
package procedures

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"saisine/letters"
	"saisine/letters/claims"
	"saisine/letters/document"
	"saisine/letters/law"
	"saisine/letters/mandants"
)

// Procedure ids.
const (
	PlainteCNIL               = "plainte-cnil"
	SignalementCNIL           = "signalement-cnil"
	DemandeDocuments          = "demande-documents"
	SaisineCADA               = "saisine-cada"
	DemandeDroits             = "demande-droits"
	DemandeInformationElus    = "demande-information-elus"
	CommissionVideoprotection = "commission-videoprotection"
	DemandeCessation          = "demande-cessation"
)

// Procedure is one letter type.
type Procedure struct {
	ID string
	// Title and Summary are French; SummaryEN is for the English interface.
	Title     string
	Summary   string
	SummaryEN string
	// Require is what the case must contain for this procedure, checked by letters.Check.
	Require letters.Requirements
	// Claims lists the ids of the claim modules this procedure may use, in no particular order (the
	// letter follows claims.All). Empty means the procedure argues no grievance (e.g. a mandate).
	Claims []string
	// WarnWithoutPriorStep makes Check warn when the case records no earlier step with the commune.
	WarnWithoutPriorStep bool
	// More adds the procedure's own checks (deadlines, a prior step of a given kind…) at the reference
	// date: the later of the check's today and the letter date. Nil for none.
	More func(c *letters.Case, ref time.Time) []letters.Problem
	// Build assembles the letter. It assumes a case that passed Check.
	Build func(c *letters.Case, opts Options) (*document.Document, error)
	// online is how the letter says it was sent when letter.sending is "online".
	online string
	// Mandants marks the procedures that take a list of mandants (Options.Mandants): the mandate and
	// the collective complaint.
	Mandants bool
	// toCommune marks the letters addressed to the commune itself (claims.Context.ToCommune).
	toCommune bool
}

// Options tune Build.
type Options struct {
	// Date of the letter; zero means the case's letter.date, or today.
	Date     time.Time
	Settings law.Settings
	// Mandants are the residents who mandate the association (mandat: the first one; none gives a
	// blank form. plainte-collective-cnil: all of them, listed in the annex; none gives a preview).
	Mandants []mandants.Mandant
	// RequireMandants makes plainte-collective-cnil fail with ErrNoMandants without mandants, where a
	// preview would be wrong (the filing itself).
	RequireMandants bool
}

// All returns every procedure, in the order shown to users.
func All() []Procedure {
	ps := make([]Procedure, len(built()))
	for i, p := range built() {
		ps[i] = p.clone()
	}
	return ps
}

// built is every procedure, made once: a web request or a letter looks one up, and making them all
// again each time was most of what Get cost.
var built = sync.OnceValue(func() []Procedure {
	return []Procedure{
		plainteCNIL(), signalementCNIL(),
		demandeDocuments(), saisineCADA(),
		demandeDroits(), demandeInformationElus(),
		commissionVideoprotection(), demandeCessation(),
		plainteCollectiveCNIL(), mandat(),
	}
})

// clone copies p's slices, so that a caller who changes them cannot change the procedure.
func (p Procedure) clone() Procedure {
	p.Claims = slices.Clone(p.Claims)
	p.Require.SenderKinds = slices.Clone(p.Require.SenderKinds)
	p.Require.Fields = slices.Clone(p.Require.Fields)
	return p
}

// Get returns the procedure with that id.
func Get(id string) (Procedure, bool) {
	for _, p := range built() {
		if p.ID == id {
			return p.clone(), true
		}
	}
	return Procedure{}, false
}

func allClaimIDs() []string {
	var ids []string
	for _, cl := range claims.All() {
		ids = append(ids, cl.ID)
	}
	return ids
}

// ApplicableClaims returns the modules of p that apply to the case, in the order of claims.All.
func (p Procedure) ApplicableClaims(c *letters.Case, ctx claims.Context) []claims.Claim {
	allowed := map[string]bool{}
	for _, id := range p.Claims {
		allowed[id] = true
	}
	var out []claims.Claim
	for _, cl := range claims.ApplicableIn(c, ctx) {
		if allowed[cl.ID] {
			out = append(out, cl)
		}
	}
	return out
}

// Check is letters.Check with the procedure's requirements, plus a warning (letters.CodeNoClaim at
// path "facts") when the procedure argues grievances and none of its claim modules applies: the letter
// can still be built, but it will only ask for information and control.
func Check(c *letters.Case, id string, today time.Time) []letters.Problem {
	p, ok := Get(id)
	if !ok {
		return []letters.Problem{{Path: "", Code: letters.CodeInvalid, Args: []string{"procedure " + id}}}
	}
	req := p.Require
	problems := letters.Check(c, letters.CheckOptions{Today: today, Require: &req})
	if c == nil {
		return problems
	}
	if p.More != nil {
		for _, pr := range p.More(c, referenceDate(c, today)) {
			problems = insertWarning(problems, pr)
		}
	}
	if len(p.Claims) == 0 {
		return problems
	}
	ctx := claims.NewContext(c, law.DefaultSettings())
	if _, err := letters.ParseDate(c.Letter.Date); err != nil || c.Letter.Date == "" {
		if !today.IsZero() {
			ctx.Date = today.UTC().Truncate(24 * time.Hour)
		}
	}
	if len(p.ApplicableClaims(c, ctx)) == 0 {
		problems = insertWarning(problems, letters.Problem{Path: "facts", Code: letters.CodeNoClaim, Warning: true})
	}
	if p.WarnWithoutPriorStep && !hasPriorStepWithCommune(c) {
		problems = insertWarning(problems, letters.Problem{Path: "prior_steps", Code: letters.CodeNoPriorStep, Warning: true})
	}
	return problems
}

// hasPriorStepWithCommune reports whether the sender already wrote to the commune: the CNIL treats a
// complaint without proof of such a step as incomplete (../shared/legal/reference.md §9.2).
func hasPriorStepWithCommune(c *letters.Case) bool {
	for _, s := range c.PriorSteps {
		switch s.Kind {
		case letters.StepRightsRequest, letters.StepCRPARequest, letters.StepCouncillorRequest, letters.StepLetter:
			return true
		}
	}
	return false
}

// referenceDate is the date a procedure's deadlines are checked against: the later of today (now when
// zero) and the letter date, as the letter is sent on that date at the earliest.
func referenceDate(c *letters.Case, today time.Time) time.Time {
	if today.IsZero() {
		today = time.Now()
	}
	y, m, d := today.Date()
	ref := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if ld, err := letters.ParseDate(c.Letter.Date); err == nil && ld.Precision == letters.PrecisionDay && ld.First().After(ref) {
		ref = ld.First()
	}
	return ref
}

// insertWarning keeps document order: the problem (a warning, or a procedure's own error) goes after
// the problems of the fields that come before its path's top-level field and of that field itself,
// before those that follow it. A path that already has a problem keeps only the first (as Check does).
func insertWarning(problems []letters.Problem, warn letters.Problem) []letters.Problem {
	for _, pr := range problems {
		if warn.Path != "" && pr.Path == warn.Path {
			return problems
		}
	}
	at := len(problems)
	for i, pr := range problems {
		if topRank(pr.Path) > topRank(warn.Path) {
			at = i
			break
		}
	}
	problems = append(problems, letters.Problem{})
	copy(problems[at+1:], problems[at:])
	problems[at] = warn
	return problems
}

// topRank is the rank of a path's top-level field in the case-file format.
func topRank(path string) int {
	order := []string{"", "version", "sender", "signatories", "commune", "facts", "prior_steps", "requests", "documents_requested", "exhibits", "letter"}
	top := path
	for i, r := range path {
		if r == '.' || r == '[' {
			top = path[:i]
			break
		}
	}
	for i, k := range order {
		if k == top {
			return i
		}
	}
	return len(order)
}

// build wraps a procedure's assembly so that a bug surfaces as an error, never as a panic in a server.
// p is copied before its Build is set.
func build(p Procedure, parts func(l *letter) error) func(c *letters.Case, opts Options) (*document.Document, error) {
	return func(c *letters.Case, opts Options) (doc *document.Document, err error) {
		defer func() {
			if r := recover(); r != nil {
				doc, err = nil, fmt.Errorf("procedures: %s: %v", p.ID, r)
			}
		}()
		if c == nil {
			return nil, fmt.Errorf("procedures: %s: no case", p.ID)
		}
		l, err := newLetter(c, p, opts)
		if err != nil {
			return nil, err
		}
		if err := parts(l); err != nil {
			return nil, err
		}
		return l.finish(), nil
	}
}
