package handlers

import (
	"strconv"

	"saisine/letters"
)

// What was already asked, and when: the prior steps, one row each, with add and remove buttons that
// work without JavaScript.
var demarchesStep = &step{
	Slug:   "demarches",
	Owns:   []string{"prior_steps"},
	Fields: func(*letters.Case) []string { return nil },
	Lists: []listDef{{Prefix: "prior_steps", Title: "step.demarches.row",
		Fields: []string{"kind", "recipient", "sent_on", "received_on", "answer", "answer_on", "reference"}}},
	Bind: func(s *Server, in *stepInput) []formError {
		f := formReader{in.Form}
		n := f.rows("prior_steps")
		rows := make([]letters.PriorStep, n)
		for i := range rows {
			at := func(name string) string { return rowPath("prior_steps", i, name) }
			r := letters.PriorStep{}
			if i < len(in.Old.PriorSteps) {
				r = in.Old.PriorSteps[i]
			}
			f.set(&r.Kind, at("kind"))
			f.set(&r.Recipient, at("recipient"))
			f.setDate(&r.SentOn, at("sent_on"))
			f.setDate(&r.ReceivedOn, at("received_on"))
			f.set(&r.Answer, at("answer"))
			f.setDate(&r.AnswerOn, at("answer_on"))
			f.set(&r.Reference, at("reference"))
			rows[i] = r
		}
		in.Case.PriorSteps = rows
		return nil
	},
	Action: func(s *Server, in *stepInput) (string, bool) {
		add, remove := rowAction(in.Action, "demarche")
		c := in.Case
		switch {
		case add:
			compactRows(c)
			c.PriorSteps = append(c.PriorSteps, letters.PriorStep{})
			return fieldID(rowPath("prior_steps", len(c.PriorSteps)-1, "kind")), true
		case remove >= 0:
			c.PriorSteps = removeAt(c.PriorSteps, remove)
			compactRows(c)
			return "f-prior_steps", true
		}
		return "", false
	},
	Prepare: func(s *Server, v *view, c *letters.Case) {
		v.Data = rowsData{Rows: rowIndexes(v.Values, "prior_steps")}
	},
}

type rowsData struct {
	Rows   []int
	Others []int // sources step: the exhibits not attached to a source
}

// rowIndexes are the rows to draw: those in the values, at least one (an empty row to fill in, dropped
// when left empty).
func rowIndexes(values map[string][]string, prefix string) []int {
	n := max(rowCount(values, prefix), 1)
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
