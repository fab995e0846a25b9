package handlers

import "saisine/letters"

// How the person is concerned: where and when the cameras film them. Only a procedure that requires
// facts.where_filmed (a resident's complaint) asks it.
var situationStep = &step{
	Slug:   "situation",
	Owns:   []string{"facts.where_filmed"},
	Fields: func(*letters.Case) []string { return []string{"facts.where_filmed"} },
	Bind: func(s *Server, in *stepInput) []formError {
		formReader{in.Form}.set(&in.Case.Facts.WhereFilmed, "facts.where_filmed")
		return nil
	},
}
