package handlers

import (
	"saisine/letters"
	"saisine/letters/procedures"
)

// What the person asks for: the requests to the CNIL and the documents it should obtain.
var demandesStep = &step{
	Slug:       "demandes",
	Owns:       []string{"requests", "documents_requested"},
	WithClaims: true,
	Fields:     func(*letters.Case) []string { return []string{"requests", "documents_requested"} },
	Bind: func(s *Server, in *stepInput) []formError {
		f := formReader{in.Form}
		if demandesShows(in.Proc, "requests") {
			in.Case.Requests = f.list("requests", "requests")
		}
		if demandesShows(in.Proc, "documents_requested") {
			in.Case.DocumentsRequested = f.list("documents_requested", "documents_requested")
		}
		return nil
	},
	Prepare: func(s *Server, v *view, c *letters.Case) {
		v.Data = demandesData{Requests: demandesShows(*v.Proc, "requests"), Documents: demandesShows(*v.Proc, "documents_requested")}
	},
}

type demandesData struct{ Requests, Documents bool }

// demandesShows reports whether the procedure asks for the list at path: a letter that argues
// grievances phrases requests and lists documents; another one only what it requires.
func demandesShows(p procedures.Procedure, path string) bool {
	return len(p.Claims) > 0 || needed(p)[path]
}
