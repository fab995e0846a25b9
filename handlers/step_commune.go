package handlers

import (
	"saisine/communes"
	"saisine/i18n"
	"saisine/letters"
)

// The commune: its postal code gives the commune from the official list (a choice when the code
// serves several), then the town hall's postal address, and optionally the mayor and the DPO.
var communeStep = &step{
	Slug:   "commune",
	Owns:   []string{"commune"},
	Always: true,
	Fields: func(*letters.Case) []string {
		return []string{"commune.postal_code", "commune.insee_code", "commune.address.street", "commune.address.complement",
			"commune.address.postal_code", "commune.address.city", "commune.mayor.civility", "commune.mayor.name", "commune.dpo_email"}
	},
	Derived: []string{"commune.name", "commune.insee_code"},
	Bind:    bindCommune,
	Action:  communeAction,
	Prepare: prepareCommune,
}

const actionLookup = "chercher-commune"

func bindCommune(s *Server, in *stepInput) []formError {
	f := formReader{in.Form}
	c := &in.Case.Commune
	f.set(&c.Address.Street, "commune.address.street")
	f.set(&c.Address.Complement, "commune.address.complement")
	if f.has("commune.address.postal_code") {
		c.Address.PostalCode = postalCode(f.str("commune.address.postal_code"))
	}
	f.set(&c.Address.City, "commune.address.city")
	f.set(&c.Mayor.Civility, "commune.mayor.civility")
	f.set(&c.Mayor.Name, "commune.mayor.name")
	f.set(&c.DPOEmail, "commune.dpo_email")

	pc := postalCode(f.str("commune.postal_code"))
	c.PostalCode = pc
	var errs []formError
	var found *communes.Commune
	switch {
	case pc == "":
		errs = append(errs, formError{Path: "commune.postal_code", Key: "error.commune.postal_code_missing"})
	case !letters.ValidPostalCode(pc):
		// Check explains the format at commune.postal_code.
	default:
		list := s.communes.ByPostalCode(pc)
		switch len(list) {
		case 0:
			errs = append(errs, formError{Path: "commune.postal_code", Key: "error.commune.postal_code_unknown", Args: []any{pc}})
		case 1:
			found = &list[0]
		default:
			chosen := f.str("commune.insee_code")
			if chosen == "" && in.Old.Commune.PostalCode == pc {
				chosen = in.Old.Commune.InseeCode
			}
			for i := range list {
				if list[i].INSEE == chosen {
					found = &list[i]
				}
			}
			if found == nil && in.Action != actionLookup {
				errs = append(errs, formError{Path: "commune.insee_code", Key: "error.commune.choose", Args: []any{pc}})
			}
		}
	}
	if found == nil {
		c.Name, c.InseeCode = "", ""
		return errs
	}
	c.Name, c.InseeCode = found.Name, found.INSEE
	return errs
}

// communeAction handles « Chercher la commune »: the page comes back with the commune found, or the
// choice of communes; a postal code that gives none shows its error alone.
func communeAction(s *Server, in *stepInput) (string, bool) {
	if in.Action != actionLookup {
		return "", false
	}
	for _, fe := range in.Errors {
		if fe.Path == "commune.postal_code" {
			in.Only = []string{"commune.postal_code"}
			return "", false
		}
	}
	if !letters.ValidPostalCode(in.Case.Commune.PostalCode) {
		in.Only = []string{"commune.postal_code"}
		return "", false
	}
	if in.Case.Commune.Name == "" {
		return fieldID("commune.insee_code"), true
	}
	return fieldID("commune.address.street"), true
}

type communeData struct {
	Found  string     // « Lille (code INSEE 59350) » when one commune is chosen
	Choice *fieldView // the radio choice when the postal code serves several communes
}

func prepareCommune(s *Server, v *view, c *letters.Case) {
	d := communeData{}
	pc := postalCode(v.Values.Get("commune.postal_code"))
	var list []communes.Commune
	if letters.ValidPostalCode(pc) {
		list = s.communes.ByPostalCode(pc)
	}
	if len(list) > 1 {
		f := makeField(v.Lang, v, "commune.insee_code")
		chosen := v.Values.Get("commune.insee_code")
		for _, cm := range list {
			f.Options = append(f.Options, optionView{
				Value: cm.INSEE, ID: optionID("commune.insee_code", cm.INSEE),
				Label:   i18n.T(v.Lang, "step.commune.choice_option", cm.Name, cm.INSEE),
				Checked: cm.INSEE == chosen,
			})
		}
		d.Choice = &f
	}
	if c.Commune.Name != "" && c.Commune.PostalCode == pc {
		d.Found = i18n.T(v.Lang, "step.commune.found", c.Commune.Name, c.Commune.InseeCode)
	}
	v.Data = d
}
