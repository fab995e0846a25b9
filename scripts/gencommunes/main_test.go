package main

import (
	"bytes"
	"strings"
	"testing"
)

const fixture = `[
 {"code":"75056","nom":"Paris","type":"commune-actuelle","zone":"metro","departement":"75","codesPostaux":["75001"]},
 {"code":"75102","nom":"Paris 2e Arrondissement","type":"arrondissement-municipal","commune":"75056","zone":"metro","departement":"75","codesPostaux":["75002"]},
 {"code":"49092","nom":"Chemillé-en-Anjou","type":"commune-actuelle","zone":"metro","departement":"49","codesPostaux":["49120"]},
 {"code":"49001","nom":"Ancienne","type":"commune-deleguee","chefLieu":"49092","zone":"metro","departement":"49","codesPostaux":["49310","49120"]},
 {"code":"01001","nom":"L'Abergement-Clémenciat","type":"commune-actuelle","zone":"metro","departement":"01","codesPostaux":["01400","01400"]},
 {"code":"01002","nom":"Aaa","type":"commune-actuelle","zone":"metro","departement":"01","codesPostaux":["01400"]},
 {"code":"2A004","nom":"Ajaccio","type":"commune-actuelle","zone":"metro","departement":"2A","codesPostaux":["20090","20000"]},
 {"code":"98818","nom":"Nouméa","type":"commune-actuelle","zone":"com","departement":"988","codesPostaux":["98800"]},
 {"code":"98412","nom":"Archipel des Kerguelen","type":"commune-actuelle","zone":"com","departement":"984"}
]`

func TestGenerate(t *testing.T) {
	var out bytes.Buffer
	st, err := generate(strings.NewReader(fixture), &out)
	if err != nil {
		t.Fatal(err)
	}
	want := Header + "\n" +
		"01400\t01001\tL'Abergement-Clémenciat\t01\n" +
		"01400\t01002\tAaa\t01\n" +
		"20000\t2A004\tAjaccio\t2A\n" +
		"20090\t2A004\tAjaccio\t2A\n" +
		"49120\t49092\tChemillé-en-Anjou\t49\n" +
		"49310\t49092\tChemillé-en-Anjou\t49\n" +
		"75001\t75056\tParis\t75\n" +
		"75002\t75056\tParis\t75\n"
	if got := out.String(); got != want {
		t.Errorf("output:\n%s\nwant:\n%s", got, want)
	}
	if st.Rows != 8 || st.Communes != 5 || st.PostalCodes != 7 || st.FoldedArr != 1 || st.FoldedDel != 1 {
		t.Errorf("stats %+v", st)
	}
	if len(st.Excluded) != 2 || !strings.HasPrefix(st.Excluded[0], "98412 ") {
		t.Errorf("excluded %q", st.Excluded)
	}
}

func TestGenerateErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not json":        `{`,
		"empty":           `[]`,
		"bad postal":      `[{"code":"59350","nom":"Lille","type":"commune-actuelle","zone":"metro","departement":"59","codesPostaux":["5900"]}]`,
		"bad insee metro": `[{"code":"20004","nom":"Ajaccio","type":"commune-actuelle","zone":"metro","departement":"20","codesPostaux":["20000"]}]`,
		"not NFC":         `[{"code":"59350","nom":"Lille\u0301","type":"commune-actuelle","zone":"metro","departement":"59","codesPostaux":["59000"]}]`,
		"tab":             `[{"code":"59350","nom":"Li\tlle","type":"commune-actuelle","zone":"metro","departement":"59","codesPostaux":["59000"]}]`,
		"unknown type":    `[{"code":"59350","nom":"Lille","type":"commune-actuelle","zone":"metro","departement":"59","codesPostaux":["59000"]},{"code":"1","nom":"x","type":"pays"}]`,
		"orphan":          `[{"code":"59350","nom":"Lille","type":"commune-actuelle","zone":"metro","departement":"59","codesPostaux":["59000"]},{"code":"59999","nom":"x","type":"commune-deleguee","chefLieu":"59998","codesPostaux":["59001"]}]`,
		"dep mismatch":    `[{"code":"59350","nom":"Lille","type":"commune-actuelle","zone":"metro","departement":"62","codesPostaux":["59000"]}]`,
	} {
		if _, err := generate(strings.NewReader(in), &bytes.Buffer{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
