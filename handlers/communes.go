package handlers

import "saisine/communes"

// Communes finds the communes served by a postal code. The default is the official list embedded in
// package communes; tests may pass a smaller one.
type Communes interface {
	ByPostalCode(code string) []communes.Commune
}

// CommunesFunc adapts a function to Communes.
type CommunesFunc func(code string) []communes.Commune

// ByPostalCode calls f.
func (f CommunesFunc) ByPostalCode(code string) []communes.Commune { return f(code) }

// OfficialCommunes is the official list (package communes).
func OfficialCommunes() Communes { return CommunesFunc(communes.ByPostalCode) }
