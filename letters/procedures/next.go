package procedures

import (
	"slices"
	"time"

	"saisine/letters"
	"saisine/letters/deadlines"
)

// NextLetter is a letter that follows from the case and why. The reason is a key and its dates: the
// interfaces word it in their language (the web and CLI catalogues hold "next."+Key), so this domain
// package depends on no interface text.
type NextLetter struct {
	ID    string
	Key   string
	Dates []time.Time
}

// Next lists the letters that follow from the case and its deadlines (deadlines.Compute): a CADA
// referral after a request for documents refused or unanswered for a month (or a new request once the
// time limit for the CADA has passed), a CNIL complaint after an unanswered or refused rights request,
// a referral to the CNIL after councillors' unanswered request; then the first letters not written yet
// (the documents, the access to one's images, the councillors' information). Only the procedures the
// sender may use are listed, each once.
func Next(c *letters.Case, ds []deadlines.Deadline) []NextLetter {
	var out []NextLetter
	add := func(id, key string, dates ...time.Time) {
		q, ok := Get(id)
		if !ok || slices.ContainsFunc(out, func(n NextLetter) bool { return n.ID == id }) {
			return
		}
		if len(q.Require.SenderKinds) > 0 && !slices.Contains(q.Require.SenderKinds, c.Sender.Kind) {
			return
		}
		out = append(out, NextLetter{ID: id, Key: key, Dates: dates})
	}
	find := func(id string, step int) *deadlines.Deadline {
		for i := range ds {
			if ds[i].ID == id && ds[i].Step == step {
				return &ds[i]
			}
		}
		return nil
	}
	for i, ps := range c.PriorSteps {
		if ps.Answer == letters.AnswerFull {
			continue
		}
		refused := ps.Answer == letters.AnswerRefusal || ps.Answer == letters.AnswerPartial
		switch ps.Kind {
		case letters.StepCRPARequest:
			if followedBy(c, i, letters.StepCADAReferral) {
				continue
			}
			limit := find(deadlines.CADAReferralLimit, i)
			implicit := find(deadlines.CRPAImplicitRefusal, i)
			switch {
			case limit != nil && limit.Status == deadlines.StatusPast:
				add(DemandeDocuments, "documents.again", limit.Date)
			case refused && limit != nil:
				add(SaisineCADA, "cada.refused", limit.Date)
			case implicit != nil && implicit.Status == deadlines.StatusPast && limit != nil:
				add(SaisineCADA, "cada.silent", implicit.Date, limit.Date)
			case implicit != nil:
				add(SaisineCADA, "cada.wait", implicit.Date, implicit.Date.AddDate(0, 0, 1))
			default:
				add(SaisineCADA, "cada.generic")
			}
		case letters.StepRightsRequest:
			if followedBy(c, i, letters.StepCNILComplaint) {
				continue
			}
			due := find(deadlines.RightsAnswerDue, i)
			switch {
			case refused:
				add(PlainteCNIL, "cnil.refused")
			case due != nil && due.Status == deadlines.StatusPast:
				add(PlainteCNIL, "cnil.silent", due.Date)
			case due != nil:
				add(PlainteCNIL, "cnil.wait", due.Date, due.Date.AddDate(0, 0, 1))
			default:
				add(PlainteCNIL, "cnil.generic")
			}
		case letters.StepCouncillorRequest:
			if followedBy(c, i, letters.StepCNILComplaint) {
				continue
			}
			add(SignalementCNIL, "signalement.councillors")
		}
	}
	has := func(kind string) bool {
		return slices.ContainsFunc(c.PriorSteps, func(ps letters.PriorStep) bool { return ps.Kind == kind })
	}
	if !has(letters.StepCRPARequest) && !has(letters.StepCADAReferral) {
		add(DemandeDocuments, "first.documents")
	}
	if !has(letters.StepRightsRequest) && !has(letters.StepCNILComplaint) {
		add(DemandeDroits, "first.droits")
	}
	if !has(letters.StepCouncillorRequest) {
		add(DemandeInformationElus, "first.elus")
	}
	return out
}

// followedBy reports whether the case records a step of that kind sent on or after step i.
func followedBy(c *letters.Case, i int, kind string) bool {
	sent := c.PriorSteps[i].SentOn
	for j, ps := range c.PriorSteps {
		if j != i && ps.Kind == kind && (sent == "" || ps.SentOn >= sent) {
			return true
		}
	}
	return false
}
