// Command genmandants writes a synthetic mandants list (CSV) of N fictitious residents, for the
// 10,000-mandant measurements in BENCHMARKS.md: go run ./scripts/genmandants -n 10000 > mandants.csv.
// The names are drawn deterministically from small lists, so two runs give the same file.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
)

var (
	first  = []string{"Inès", "Benoît", "Zoé", "Alex", "Léa", "Chloé", "Jérôme", "Anaïs", "Noël", "Maëlle", "François", "Hélène", "Karim", "Sophie", "Éric", "Camille"}
	last   = []string{"Lefèvre", "Dubœuf", "N’Diaye", "Martin-Lopez", "Roussel", "Petit", "Benali", "Dufour", "Lemaire", "Dupré", "Moreau", "Garçon", "Hébert", "Rivière", "Nguyen", "Ben Saïd", "Delacroix"}
	street = []string{"rue de la Clef", "boulevard Vauban", "place du Théâtre", "rue Solférino", "rue Gambetta", "rue Esquermoise", "rue Nationale", "avenue du Peuple Belge"}
	cities = []struct{ pc, name string }{{"59000", "Lille"}, {"59800", "Lille"}, {"59160", "Lille"}, {"59650", "Villeneuve-d’Ascq"}, {"59100", "Roubaix"}}
)

func main() {
	n := flag.Int("n", 10000, "number of mandants")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintln(w, "civility,first_name,last_name,street,complement,postal_code,city,email,signed_on")
	for i := 0; i < *n; i++ {
		civ := []string{"Madame", "Monsieur", ""}[i%3]
		f, l := first[i%len(first)], last[(i/len(first))%len(last)]
		c := cities[(i/7)%len(cities)]
		complement := ""
		if i%5 == 0 {
			complement = fmt.Sprintf("Bât. %c", 'A'+i%6)
		}
		fmt.Fprintf(w, "%s,%s,%s,%d %s,%s,%s,%s,resident%05d@example.org,2026-%02d-%02d\n",
			civ, f, l, 1+i%180, street[i%len(street)], complement, c.pc, c.name, i, 9+i%2, 1+i%28)
	}
}
