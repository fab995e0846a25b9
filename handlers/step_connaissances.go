package handlers

import (
	"strconv"

	"saisine/letters"
)

// What is known: the formalities around the system (impact assessment, CNIL, prefect, signage,
// ethics committee, council) and how long images are kept. « Je ne sais pas » is always an answer: a
// letter never asserts what the sender does not know.
var connaissancesStep = &step{
	Slug: "connaissances",
	Owns: connaissancesFields,
	Fields: func(*letters.Case) []string {
		return connaissancesFields
	},
	Bind: func(s *Server, in *stepInput) []formError {
		f := formReader{in.Form}
		x := &in.Case.Facts
		f.set(&x.AIPD, "facts.aipd")
		f.set(&x.CNILConsulted, "facts.cnil_consulted")
		f.set(&x.PrefectoralAuthorisation, "facts.prefectoral_authorisation")
		f.set(&x.Signage, "facts.signage")
		f.set(&x.EthicsCommitteeInformed, "facts.ethics_committee_informed")
		f.set(&x.CouncilDeliberation, "facts.council_deliberation")
		if f.has("facts.retention_days") {
			n, ok := atoiOrZero(f.str("facts.retention_days"))
			if !ok || n < 0 {
				return []formError{{Path: "facts.retention_days", Problem: &letters.Problem{
					Path: "facts.retention_days", Code: letters.CodeNumberMin, Args: []string{strconv.Itoa(1)}}}}
			}
			x.RetentionDays = n
		}
		return nil
	},
}

var connaissancesFields = []string{"facts.aipd", "facts.cnil_consulted", "facts.prefectoral_authorisation", "facts.signage",
	"facts.ethics_committee_informed", "facts.council_deliberation", "facts.retention_days"}
