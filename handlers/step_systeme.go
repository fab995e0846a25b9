package handlers

import "saisine/letters"

// The system: the software, its vendor, when it was bought and used, what it can do and what the
// commune says it is for.
var systemeStep = &step{
	Slug: "systeme",
	Owns: []string{"facts.software", "facts.vendor", "facts.acquired", "facts.in_use_from", "facts.in_use_until",
		"facts.capabilities", "facts.purposes_claimed"},
	Fields: func(*letters.Case) []string {
		return []string{"facts.software", "facts.vendor", "facts.acquired", "facts.in_use_from", "facts.in_use_until",
			"facts.capabilities", "facts.purposes_claimed"}
	},
	Bind: func(s *Server, in *stepInput) []formError {
		f := formReader{in.Form}
		x := &in.Case.Facts
		f.set(&x.Software, "facts.software")
		f.set(&x.Vendor, "facts.vendor")
		f.setDate(&x.Acquired, "facts.acquired")
		f.setDate(&x.InUseFrom, "facts.in_use_from")
		f.setDate(&x.InUseUntil, "facts.in_use_until")
		x.Capabilities = f.list("facts.capabilities", "facts.capabilities")
		f.set(&x.PurposesClaimed, "facts.purposes_claimed")
		return nil
	},
}
