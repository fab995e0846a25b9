package procedures

import "testing"

// TestAnswerTitle: a copy of the sender's own step is the step, whatever authority its title names; an
// answer needs a word of answer (or to be a letter from the authority).
func TestAnswerTitle(t *testing.T) {
	for _, tt := range []struct {
		title string
		want  bool
	}{
		// The step itself.
		{"Copie de la saisine de la CADA", false},
		{"Copie de la saisine de la CADA (demande d’avis)", false},
		{"Copie de la demande adressée au maire de Lille", false},
		{"Copie de la demande de communication de documents administratifs adressée au maire de Lille", false},
		{"Copie de la demande restée sans réponse", false},
		{"Copie de la plainte adressée à la CNIL", false},
		{"Copie du signalement à la CNIL", false},
		{"Copie de ma demande d’accès", false},
		{"Copie de notre demande au maire", false},
		{"Demande de communication de documents", false},
		{"Demande d’exercice des droits", false},
		{"Saisine de la CADA", false},
		{"Courrier au maire", false},
		{"Lettre recommandée avec avis de réception", false},
		{"Avis de réception de la demande", false},
		{"Article de Médiacités", false},
		// Answers.
		{"Réponse de la mairie de Lille", true},
		{"Copie de la réponse de la commune", true},
		{"Refus de communication", true},
		{"Décision du maire", true},
		{"Avis de la CADA n° 20251234", true},
		{"Accusé de réception de la mairie", true},
		{"Accuse de reception", true},
		{"REPONSE DU MAIRE", true},
		{"Mise en demeure de la CNIL", true},
		{"Clôture de la plainte", true},
		{"Courrier de la mairie du 3 novembre", true},
		{"Courriel du délégué à la protection des données", true},
		{"Lettre de la CNIL", true},
		{"E-mail de la commune", true},
	} {
		if got := answerTitle(tt.title); got != tt.want {
			t.Errorf("answerTitle(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}
