package claims

import (
	"time"

	"saisine/letters"
	"saisine/letters/claims/frtext"
	"saisine/letters/document"
	"saisine/letters/law"
)

// StepLabel is the French noun phrase for a prior step kind (without article) and whether it is
// feminine, for agreement (« restée » / « resté »).
func StepLabel(kind string) (label string, feminine bool) {
	switch kind {
	case letters.StepCRPARequest:
		return "demande de communication de documents administratifs", true
	case letters.StepRightsRequest:
		return "demande d’exercice des droits sur les données personnelles", true
	case letters.StepCouncillorRequest:
		return "demande d’information présentée au titre du mandat municipal", true
	case letters.StepCNILComplaint:
		return "plainte adressée à la CNIL", true
	case letters.StepCADAReferral:
		return "saisine de la Commission d’accès aux documents administratifs", true
	case letters.StepLetter:
		return "courrier", false
	}
	return "démarche", true
}

// Agree adds the feminine ending when needed: Agree("resté", true) = « restée ».
func Agree(word string, feminine bool) string {
	if feminine {
		return word + "e"
	}
	return word
}

// StepStart is the day from which the one-month answer period is counted: the day of receipt when
// known, else the day of sending (the last day it may designate, when the date is imprecise).
func StepStart(s letters.PriorStep) (time.Time, bool) {
	for _, v := range []string{s.ReceivedOn, s.SentOn} {
		if d, ok := frtext.ParseDate(v); ok {
			return d.Last(), true
		}
	}
	return time.Time{}, false
}

// unansweredSince reports whether the step got no answer and its one-month period ended before the
// letter date.
func unansweredSince(s letters.PriorStep, date time.Time) bool {
	if s.Answer != letters.AnswerNone {
		return false
	}
	start, ok := StepStart(s)
	if !ok || date.IsZero() {
		return false
	}
	return date.After(frtext.AddMonths(start, 1))
}

func unanswered(c *letters.Case, ctx Context, kinds ...string) []letters.PriorStep {
	var out []letters.PriorStep
	for _, s := range c.PriorSteps {
		for _, k := range kinds {
			if s.Kind == k && unansweredSince(s, ctx.Date) {
				out = append(out, s)
			}
		}
	}
	return out
}

// StepDates is « envoyée le 10 janvier 2025 et reçue le 13 janvier 2025 » (agreement included).
func StepDates(s letters.PriorStep, feminine bool) string {
	out := ""
	if d, ok := frtext.ParseDate(s.SentOn); ok {
		out = Agree("envoyé", feminine) + " " + d.On()
	}
	if d, ok := frtext.ParseDate(s.ReceivedOn); ok {
		if out != "" {
			out += " et "
		}
		out += Agree("reçu", feminine) + " " + d.On()
	}
	return out
}

// stepPhrase is « La demande de communication de documents administratifs envoyée le … (destinataire :
// …) » as a sentence subject.
func stepPhrase(s letters.PriorStep) (string, bool) {
	label, fem := StepLabel(s.Kind)
	subject := frtext.UpperFirst(frtext.La(label))
	if !fem {
		subject = frtext.UpperFirst(frtext.Le(label))
	}
	if d := StepDates(s, fem); d != "" {
		subject += " " + d
	}
	if s.Recipient != "" {
		subject += " (destinataire : " + frtext.Fragment(s.Recipient) + ")"
	}
	return subject, fem
}

func stepFacts(steps []letters.PriorStep) []string {
	var fs []string
	for _, s := range steps {
		label, fem := StepLabel(s.Kind)
		f := frtext.UpperFirst(label)
		if d := StepDates(s, fem); d != "" {
			f += " " + d
		}
		fs = append(fs, frtext.Typo(f+" : sans réponse"))
	}
	return fs
}

// DroitsSansReponse: a data-subject rights request left unanswered beyond the one-month period of GDPR
// art. 12(3). (Title III deadlines are unverified: the paragraph argues under the GDPR only.)
var DroitsSansReponse = Claim{
	ID:     "droits-sans-reponse",
	Title:  "Demande d’exercice des droits restée sans réponse",
	Needs:  []string{"prior_steps", "letter.date"},
	Breach: true,
	Applies: func(c *letters.Case, ctx Context) bool {
		return len(unanswered(c, ctx, letters.StepRightsRequest)) > 0
	},
	Citations: []string{"rgpd-12-3"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		bs := []document.Block{heading("Demande d’exercice des droits restée sans réponse")}
		for _, s := range unanswered(c, ctx, letters.StepRightsRequest) {
			subject, fem := stepPhrase(s)
			bs = append(bs, para(
				t(subject+" est "+Agree("resté", fem)+" sans réponse. Si le traitement relève du RGPD, l’"),
				cite("rgpd-12-3"),
				t(" imposait au responsable du traitement d’y répondre dans le délai d’un mois à compter de sa réception. Ce délai ne pouvait être prolongé de deux mois qu’au besoin, compte tenu de la complexité et du nombre de demandes, et à la condition d’informer la personne de cette prolongation et de ses motifs dans le premier mois. Il est expiré sans qu’aucune réponse ni aucune information sur une prolongation ait été reçue."),
			))
		}
		return bs
	},
	Facts: func(c *letters.Case) []string {
		return stepFacts(unanswered(c, NewContext(c, law.DefaultSettings()), letters.StepRightsRequest))
	},
	Requests: []string{letters.ReqControl},
	Checks: func(c *letters.Case, _ Context) []string {
		return []string{"le traitement réservé aux demandes d’exercice des droits"}
	},
}

// DemandeSansReponse: a document request, a councillors' request or a letter left unanswered for more
// than a month. It asserts no breach before the CNIL: it records the silence in « Les démarches
// préalables » and, for a CRPA request, its legal meaning (implicit refusal, CRPA R311-13).
var DemandeSansReponse = Claim{
	ID:      "demande-sans-reponse",
	Title:   "Démarche préalable restée sans réponse",
	Needs:   []string{"prior_steps", "letter.date"},
	Section: SectionSteps,
	Applies: func(c *letters.Case, ctx Context) bool {
		return len(unanswered(c, ctx, letters.StepCRPARequest, letters.StepCouncillorRequest, letters.StepLetter)) > 0
	},
	Citations: []string{"crpa-r311-13"},
	Paragraphs: func(c *letters.Case, ctx Context) []document.Block {
		var bs []document.Block
		for _, s := range unanswered(c, ctx, letters.StepCRPARequest, letters.StepCouncillorRequest, letters.StepLetter) {
			subject, fem := stepPhrase(s)
			if s.Kind != letters.StepCRPARequest {
				bs = append(bs, para(t(subject+" est "+Agree("resté", fem)+" sans réponse à ce jour.")))
				continue
			}
			after := "sa réception"
			if _, ok := frtext.ParseDate(s.ReceivedOn); !ok {
				after = "son envoi"
			}
			bs = append(bs, para(
				t(subject+" est restée sans réponse plus d’un mois après "+after+". En application de l’"),
				cite("crpa-r311-13"),
				t(", le silence gardé plus d’un mois sur une telle demande vaut refus de communication. Ce refus implicite empêche toute vérification, sur pièces, de la conformité du traitement, ce qui rend d’autant plus nécessaire l’intervention de la CNIL."),
			))
		}
		return bs
	},
	Facts: func(c *letters.Case) []string {
		return stepFacts(unanswered(c, NewContext(c, law.DefaultSettings()), letters.StepCRPARequest, letters.StepCouncillorRequest, letters.StepLetter))
	},
	Requests: []string{letters.ReqControl},
}
