package letters

import (
	"strconv"
	"strings"
	"unicode"
)

// The message catalogue. Every message says what is wrong and how to fix it, in the words of the person
// filling in the form: field names come from fieldLabels, never from Go or validator. French follows
// French typography: « » with narrow no-break spaces (U+202F) inside, U+202F before ; : ! ?, and the
// apostrophe ’.

// nb is the narrow no-break space French puts before ; : ! ? and inside « ».
const nb = "\u202f"

// Message is the problem's explanation in lang (French unless lang is EN): what is wrong and how to fix
// it.
func (p Problem) Message(lang Lang) string {
	if lang != EN {
		lang = FR
	}
	m := msgCtx{path: p.Path, args: p.Args, lang: lang}
	t, ok := overrides[p.Code+" "+pathKey(p.Path)]
	if !ok {
		if t, ok = messages[p.Code]; !ok {
			t = messages[CodeInvalid]
		}
	}
	if lang == EN {
		return t.en(m)
	}
	return t.fr(m)
}

type msgCtx struct {
	path string
	args []string
	lang Lang
}

// arg returns argument i, or "" when the problem was built without it (messages must not panic on a
// hand-made Problem).
func (m msgCtx) arg(i int) string {
	if i < len(m.args) {
		return m.args[i]
	}
	return ""
}

func (m msgCtx) label() string { return FieldLabel(m.path, m.lang) }
func (m msgCtx) Label() string { return capitalize(m.label()) }

// sibling labels another field of the same object, e.g. sent_on next to received_on.
func (m msgCtx) sibling(name string) string {
	parent := ""
	if i := strings.LastIndexByte(m.path, '.'); i >= 0 {
		parent = m.path[:i+1]
	}
	return FieldLabel(parent+name, m.lang)
}

// date shows a case-file date as people read it (« novembre 2022 »); unparsable input is quoted.
func (m msgCtx) date(s string) string {
	d, err := ParseDate(s)
	if err != nil || d.IsZero() {
		return m.quote(s)
	}
	if m.lang == EN {
		return formatDateEN(d)
	}
	return FormatDateFR(d)
}

func (m msgCtx) quote(s string) string {
	if m.lang == EN {
		return quoteEN(s)
	}
	return quoteFR(s)
}

// list quotes values and joins them: « a », « b » ou « c ».
func (m msgCtx) list(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = m.quote(v)
	}
	last := " ou "
	if m.lang == EN {
		last = " or "
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + last + q[len(q)-1]
}

// char shows a character of a problem: combining marks on a dotted circle so that they are visible.
func char(s string) string {
	for _, r := range s {
		if unicode.Is(unicode.M, r) {
			return "◌" + s
		}
	}
	return s
}

type texts struct{ fr, en func(m msgCtx) string }

// fixed is a message that needs neither the field's label nor arguments.
func fixed(fr, en string) texts {
	return texts{func(msgCtx) string { return fr }, func(msgCtx) string { return en }}
}

var wantKindFR = map[string]string{
	jsonKindString:  "un texte entre guillemets droits, par exemple \"59000\"",
	jsonKindInteger: "un nombre entier sans guillemets, par exemple 1",
	jsonKindNumber:  "un nombre",
	jsonKindBool:    "true ou false",
	jsonKindArray:   "une liste entre crochets, par exemple [\"control\"] ou [] si elle est vide",
	jsonKindObject:  "un objet entre accolades { }",
}

var wantKindEN = map[string]string{
	jsonKindString:  "text in straight double quotes, e.g. \"59000\"",
	jsonKindInteger: "a whole number without quotes, e.g. 1",
	jsonKindNumber:  "a number",
	jsonKindBool:    "true or false",
	jsonKindArray:   "a list in square brackets, e.g. [\"control\"], or [] when empty",
	jsonKindObject:  "an object in curly braces { }",
}

var gotKindFR = map[string]string{
	jsonKindString: "un texte", jsonKindNumber: "un nombre", jsonKindDecimal: "un nombre non entier ou trop grand",
	jsonKindBool: "un booléen (true ou false)", jsonKindArray: "une liste", jsonKindObject: "un objet",
}

var gotKindEN = map[string]string{
	jsonKindString: "text", jsonKindNumber: "a number", jsonKindDecimal: "a number that is not whole, or too large",
	jsonKindBool: "a boolean (true or false)", jsonKindArray: "a list", jsonKindObject: "an object",
}

var messages = map[string]texts{
	CodeTooLarge: fixed(
		"Le fichier dépasse 1"+nb+"Mio, la taille maximale d’un dossier"+nb+": un dossier ne contient que du texte et pèse quelques kilo-octets. Vérifiez que vous envoyez bien le dossier JSON, et non une pièce jointe.",
		"The file is larger than 1 MiB, the maximum size of a case file: a case file holds only text and weighs a few kilobytes. Check that you are sending the JSON case file, not an attachment."),
	CodeEmpty: fixed(
		"Le fichier est vide"+nb+": envoyez un dossier au format JSON (la commande "+quoteFR("saisine example plainte-cnil")+" en produit un modèle).",
		"The file is empty: send a case file in JSON format (the command “saisine example plainte-cnil” prints a model)."),
	CodeReadError: fixed(
		"Le fichier n’a pas pu être lu jusqu’au bout (envoi interrompu ou fichier inaccessible)"+nb+": réessayez, et vérifiez la connexion ou l’emplacement du fichier.",
		"The file could not be read to the end (interrupted upload or inaccessible file): try again, and check the connection or the file’s location."),
	CodeEncoding: fixed(
		"Le fichier n’est pas encodé en UTF-8"+nb+": enregistrez-le de nouveau en choisissant l’encodage UTF-8 dans votre éditeur de texte, puis réessayez.",
		"The file is not encoded in UTF-8: save it again choosing the UTF-8 encoding in your text editor, then retry."),
	CodeSyntax: {
		func(m msgCtx) string {
			where := "ligne " + m.arg(0) + ", colonne " + m.arg(1)
			switch c := m.arg(2); {
			case c == "":
				return "Le fichier JSON s’arrête avant la fin (" + where + ")" + nb + ": une accolade, un crochet ou un guillemet fermant manque sans doute."
			case c == "\n":
				return "Le fichier n’est pas un JSON valide" + nb + ": retour à la ligne inattendu " + where + ". Un texte entre guillemets doit tenir sur une ligne (écrivez \\n pour un saut de ligne)."
			default:
				return "Le fichier n’est pas un JSON valide" + nb + ": caractère " + quoteFR(displayChar(c)) + " inattendu " + where + ". Vérifiez les virgules, les guillemets et les accolades autour de cet endroit."
			}
		},
		func(m msgCtx) string {
			where := "line " + m.arg(0) + ", column " + m.arg(1)
			switch c := m.arg(2); {
			case c == "":
				return "The JSON file ends too early (" + where + "): a closing brace, bracket or quote is probably missing."
			case c == "\n":
				return "The file is not valid JSON: unexpected line break at " + where + ". Quoted text must fit on one line (write \\n for a line break)."
			default:
				return "The file is not valid JSON: unexpected character " + quoteEN(displayChar(c)) + " at " + where + ". Check the commas, quotes and braces around that place."
			}
		},
	},
	CodeTrailingData: {
		func(m msgCtx) string {
			return "Le fichier contient du texte après la fin du dossier (ligne " + m.arg(0) + ", colonne " + m.arg(1) + ")" + nb + ": un fichier ne contient qu’un seul objet JSON. Supprimez ce qui suit l’accolade fermante finale."
		},
		func(m msgCtx) string {
			return "The file goes on after the end of the case (line " + m.arg(0) + ", column " + m.arg(1) + "): a file holds a single JSON object. Delete what follows the final closing brace."
		},
	},
	CodeUnknownField: {
		func(m msgCtx) string {
			s := "Le champ " + quoteFR(m.arg(0)) + " n’existe pas dans le format des dossiers (version 1)" + nb + ": supprimez-le ou corrigez son nom."
			if m.arg(1) != "" {
				s += " Vouliez-vous écrire " + quoteFR(m.arg(1)) + nb + "?"
			}
			return s
		},
		func(m msgCtx) string {
			s := "There is no field " + quoteEN(m.arg(0)) + " in the case-file format (version 1): delete it or correct its name."
			if m.arg(1) != "" {
				s += " Did you mean " + quoteEN(m.arg(1)) + "?"
			}
			return s
		},
	},
	CodeDuplicateKey: {
		func(m msgCtx) string {
			return "Le champ " + quoteFR(m.arg(0)) + " apparaît deux fois au même endroit" + nb + ": gardez-en un seul, sinon l’une des deux valeurs serait perdue."
		},
		func(m msgCtx) string {
			return "The field " + quoteEN(m.arg(0)) + " appears twice in the same place: keep only one, or one of the values would be lost."
		},
	},
	CodeWrongType: {
		func(m msgCtx) string {
			want, got := wantKindFR[m.arg(0)], gotKindFR[m.arg(1)]
			if want == "" || got == "" {
				return m.Label() + " n’a pas le bon type de valeur" + nb + ": comparez avec le modèle produit par " + quoteFR("saisine example") + "."
			}
			return m.Label() + " doit être " + want + nb + "; le fichier contient " + got + " à cet endroit. Corrigez la valeur."
		},
		func(m msgCtx) string {
			want, got := wantKindEN[m.arg(0)], gotKindEN[m.arg(1)]
			if want == "" || got == "" {
				return m.Label() + " holds the wrong type of value: compare with the model printed by “saisine example”."
			}
			return m.Label() + " takes " + want + "; the file holds " + got + " there. Correct the value."
		},
	},
	CodeVersion: {
		func(m msgCtx) string {
			if m.arg(0) == "" {
				return "Le champ " + quoteFR("version") + " manque" + nb + ": ajoutez \"version\": 1 au début du dossier."
			}
			return "Ce dossier indique la version " + m.arg(0) + " du format, or ce programme lit la version 1" + nb + ": vérifiez que le fichier est bien un dossier saisine, ou remettez \"version\": 1."
		},
		func(m msgCtx) string {
			if m.arg(0) == "" {
				return "The “version” field is missing: add \"version\": 1 at the start of the case file."
			}
			return "This case file says it is format version " + m.arg(0) + ", but this program reads version 1: check that the file is a saisine case file, or set \"version\": 1."
		},
	},

	CodeRequired: {
		func(m msgCtx) string { return m.Label() + " est obligatoire" + nb + ": complétez ce champ." },
		func(m msgCtx) string { return m.Label() + " is missing: fill it in." },
	},
	CodeRequiredForKind: {
		func(m msgCtx) string {
			return m.Label() + " est obligatoire quand l’expéditeur est " + senderKindWithArticle(m.arg(0), FR) + nb + ": complétez ce champ."
		},
		func(m msgCtx) string {
			return m.Label() + " is needed when the sender is " + senderKindWithArticle(m.arg(0), EN) + ": fill it in."
		},
	},
	CodeSignatoryRequired: {
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return "Indiquez au moins un signataire" + nb + ": la personne qui représente l’association, avec son prénom, son nom et sa qualité (par exemple " + quoteFR("Présidente") + ")."
			}
			return "Indiquez au moins un signataire" + nb + ": chaque élu qui signe la lettre, avec son prénom, son nom et sa qualité (par exemple " + quoteFR("Conseillère municipale") + ")."
		},
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return "Give at least one signatory: the person who represents the association, with first name, last name and capacity (e.g. “Présidente”)."
			}
			return "Give at least one signatory: each councillor who signs the letter, with first name, last name and capacity (e.g. “Conseillère municipale”)."
		},
	},
	CodeAssociationID: fixed(
		"Indiquez le numéro RNA de l’association (W suivi de 9 caractères, par exemple W595000000) ou son numéro SIREN (9 chiffres)"+nb+": au moins l’un des deux est nécessaire pour l’identifier.",
		"Give the association’s RNA number (W and 9 characters, e.g. W595000000) or its SIREN number (9 digits): at least one is needed to identify it."),
	CodePostalCode: fixed(
		"Le code postal doit comporter 5 chiffres et commencer par un numéro de département existant, par exemple 59000.",
		"The postcode must have 5 digits and start with an existing département number, e.g. 59000."),
	CodeINSEE: fixed(
		"Le code INSEE de la commune comporte 5 caractères, le numéro du département puis celui de la commune, par exemple 59350 pour Lille"+nb+": ce n’est pas le code postal. Vous le trouverez sur la fiche de la commune du site de l’Insee.",
		"The commune’s INSEE code has 5 characters, the département number then the commune’s, e.g. 59350 for Lille: it is not the postcode. You will find it on the commune’s page of the Insee website."),
	CodeINSEECorsica: fixed(
		"En Corse, le code INSEE commence par 2A (Corse-du-Sud) ou 2B (Haute-Corse), et non par 20, qui n’est utilisé que dans les codes postaux"+nb+": par exemple 2A004 pour Ajaccio ou 2B033 pour Bastia.",
		"In Corsica the INSEE code starts with 2A (Corse-du-Sud) or 2B (Haute-Corse), not with 20, which only postcodes use: e.g. 2A004 for Ajaccio or 2B033 for Bastia."),
	CodeEmail: {
		func(m msgCtx) string {
			return m.Label() + " n’est pas valide" + nb + ": écrivez une adresse de la forme nom@domaine.fr, sans espace."
		},
		func(m msgCtx) string {
			return m.Label() + " is not valid: write an address of the form name@domain.fr, without spaces."
		},
	},
	CodePhone: {
		func(m msgCtx) string {
			return m.Label() + " n’est pas un numéro français valide" + nb + ": écrivez 10 chiffres commençant par 0 (par exemple 06 12 34 56 78) ou la forme internationale +33 6 12 34 56 78."
		},
		func(m msgCtx) string {
			return m.Label() + " is not a valid French number: write 10 digits starting with 0 (e.g. 06 12 34 56 78) or the international form +33 6 12 34 56 78."
		},
	},
	CodeRNA: fixed(
		"Le numéro RNA de l’association commence par la lettre W suivie de 9 caractères, sans espace, par exemple W595000000"+nb+": recopiez-le depuis le récépissé de déclaration de l’association.",
		"The association’s RNA number is the letter W followed by 9 characters, without spaces, e.g. W595000000: copy it from the association’s declaration receipt."),
	CodeSIREN: fixed(
		"Le numéro SIREN de l’association comporte exactement 9 chiffres, sans espace ni lettre"+nb+": par exemple, 123 456 782 s’écrit 123456782.",
		"The association’s SIREN number has exactly 9 digits, without spaces or letters: e.g. 123 456 782 is written 123456782."),
	CodeSIRENChecksum: {
		func(m msgCtx) string {
			return "Le numéro SIREN " + quoteFR(m.arg(0)) + " n’existe pas" + nb + ": sa clé de contrôle est fausse, un chiffre a sans doute été mal recopié ou inversé. Vérifiez-le sur l’avis de situation au répertoire Sirene de l’association."
		},
		func(m msgCtx) string {
			return "The SIREN number " + quoteEN(m.arg(0)) + " does not exist: its check digit is wrong, a digit was probably mistyped or swapped. Check it on the association’s Sirene registration notice."
		},
	},
	CodeDate: {
		func(m msgCtx) string {
			return m.Label() + " doit s’écrire AAAA-MM-JJ (par exemple 2024-11-21), ou AAAA-MM ou AAAA si vous ne connaissez que le mois ou l’année" + nb + "; " + quoteFR(m.arg(0)) + " ne suit pas cette forme."
		},
		func(m msgCtx) string {
			return m.Label() + " is written YYYY-MM-DD (e.g. 2024-11-21), or YYYY-MM or YYYY if you only know the month or the year; " + quoteEN(m.arg(0)) + " does not follow that form."
		},
	},
	CodeDateFull: {
		func(m msgCtx) string {
			return m.Label() + " doit être une date complète AAAA-MM-JJ, par exemple 2025-01-10" + nb + "; " + quoteFR(m.arg(0)) + " ne l’est pas."
		},
		func(m msgCtx) string {
			return m.Label() + " needs a full date YYYY-MM-DD, e.g. 2025-01-10; " + quoteEN(m.arg(0)) + " is not one."
		},
	},
	CodeDateInvalid: {
		func(m msgCtx) string {
			s := m.Label() + ", " + quoteFR(m.arg(0)) + ", n’existe pas dans le calendrier" + nb + ": "
			switch m.arg(1) {
			case DateBadDay:
				return s + m.date(m.arg(2)) + " n’a que " + m.arg(3) + " jours. Vérifiez le jour et le mois."
			case DateBadMonth:
				return s + "le mois s’écrit de 01 à 12. Vérifiez le mois."
			}
			return s + "l’année doit compter 4 chiffres et être postérieure à 1900, par exemple 2022. Vérifiez l’année."
		},
		func(m msgCtx) string {
			s := m.Label() + ", " + quoteEN(m.arg(0)) + ", is not a calendar date: "
			switch m.arg(1) {
			case DateBadDay:
				return s + m.date(m.arg(2)) + " has only " + m.arg(3) + " days. Check the day and the month."
			case DateBadMonth:
				return s + "months go from 01 to 12. Check the month."
			}
			return s + "the year must have 4 digits and be after 1900, e.g. 2022. Check the year."
		},
	},
	CodeDateFuture: {
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") est postérieure à aujourd’hui, " + m.date(m.arg(1)) + nb + ": un fait déjà survenu ne peut pas être daté dans l’avenir. Vérifiez l’année."
		},
		func(m msgCtx) string {
			return capitalize(m.label()) + " (" + m.date(m.arg(0)) + ") is after today, " + m.date(m.arg(1)) + ": something that already happened cannot be dated in the future. Check the year."
		},
	},
	CodeDateOrder: {
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") est antérieure à " + m.sibling(m.arg(1)) + " (" + m.date(m.arg(2)) + ")" + nb + ": corrigez l’une des deux dates."
		},
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") is before " + m.sibling(m.arg(1)) + " (" + m.date(m.arg(2)) + "): correct one of the two dates."
		},
	},
	CodeLetterDateFar: {
		func(m msgCtx) string {
			return "La lettre est datée du " + m.date(m.arg(0)) + ", plus de 31 jours après aujourd’hui" + nb + ": choisissez une date au plus tard le " + m.date(m.arg(1)) + ", ou laissez la date vide pour dater la lettre du jour."
		},
		func(m msgCtx) string {
			return "The letter is dated " + m.date(m.arg(0)) + ", more than 31 days from today: choose a date no later than " + m.date(m.arg(1)) + ", or leave the date empty to date the letter today."
		},
	},
	CodeURL: {
		func(m msgCtx) string {
			return m.Label() + " doit être une adresse web complète commençant par https:// ou http://, par exemple https://www.exemple.fr/article" + nb + ": copiez-la depuis la barre d’adresse du navigateur."
		},
		func(m msgCtx) string {
			return m.Label() + " must be a complete web address starting with https:// or http://, e.g. https://www.example.org/article: copy it from the browser’s address bar."
		},
	},
	CodeURLScheme: {
		func(m msgCtx) string {
			return m.Label() + " commence par " + quoteFR(m.arg(1)+":") + nb + ": seules les adresses web commençant par https:// ou http:// sont acceptées. Copiez l’adresse de la page depuis la barre d’adresse du navigateur."
		},
		func(m msgCtx) string {
			return m.Label() + " starts with " + quoteEN(m.arg(1)+":") + ": only web addresses starting with https:// or http:// are accepted. Copy the page’s address from the browser’s address bar."
		},
	},
	CodeEnum: {
		func(m msgCtx) string {
			s := m.Label() + " vaut " + quoteFR(m.arg(0)) + ", qui n’est pas une valeur possible" + nb + ": choisissez " + m.list(m.args[min(1, len(m.args)):])
			if strings.HasSuffix(m.path, "civility") {
				s += ", ou laissez le champ vide"
			}
			return s + "."
		},
		func(m msgCtx) string {
			s := m.Label() + " is " + quoteEN(m.arg(0)) + ", which is not an allowed value: choose " + m.list(m.args[min(1, len(m.args)):])
			if strings.HasSuffix(m.path, "civility") {
				s += ", or leave it empty"
			}
			return s + "."
		},
	},
	CodeDuplicate: {
		func(m msgCtx) string {
			return m.Label() + " contient deux fois " + quoteFR(m.arg(0)) + nb + ": retirez le doublon."
		},
		func(m msgCtx) string {
			return m.Label() + " holds " + quoteEN(m.arg(0)) + " twice: remove the duplicate."
		},
	},
	CodeSHA256: {
		func(m msgCtx) string {
			return m.Label() + " doit compter exactement 64 caractères hexadécimaux en minuscules (chiffres 0 à 9 et lettres a à f), tels que les affiche la commande sha256sum" + nb + ": recopiez-la sans espace, ou laissez le champ vide."
		},
		func(m msgCtx) string {
			return m.Label() + " must be exactly 64 lowercase hexadecimal characters (digits 0 to 9 and letters a to f), as the sha256sum command prints them: copy it without spaces, or leave it empty."
		},
	},
	CodeTooLong: {
		func(m msgCtx) string {
			return m.Label() + " compte " + m.arg(1) + " caractères, pour " + m.arg(0) + " au plus" + nb + ": raccourcissez ce texte."
		},
		func(m msgCtx) string {
			return m.Label() + " has " + m.arg(1) + " characters, " + m.arg(0) + " at most: shorten it."
		},
	},
	CodeAddressLineTooLong: {
		func(m msgCtx) string {
			return "La ligne " + quoteFR(m.arg(0)) + " (code postal, espace et ville) compte " + m.arg(1) + " caractères, pour 38 au plus selon la norme postale NF Z10-011" + nb + ": abrégez le nom de la ville comme le fait La Poste, par exemple " + quoteFR("ST") + " pour " + quoteFR("SAINT") + "."
		},
		func(m msgCtx) string {
			return "The line " + quoteEN(m.arg(0)) + " (postcode, space and town) has " + m.arg(1) + " characters, 38 at most under the French postal standard NF Z10-011: abbreviate the town’s name as La Poste does, e.g. “ST” for “SAINT”."
		},
	},
	CodeControlChar: {
		func(m msgCtx) string {
			switch m.arg(0) {
			case "U+000A":
				return m.Label() + " doit tenir sur une seule ligne" + nb + ": remplacez le retour à la ligne par une espace."
			case "U+0009":
				return m.Label() + " contient une tabulation (U+0009)" + nb + ": remplacez-la par une espace."
			}
			return m.Label() + " contient un caractère de contrôle invisible (" + m.arg(0) + "), souvent laissé par un copier-coller" + nb + ": retapez ce texte, ou collez-le sans mise en forme."
		},
		func(m msgCtx) string {
			switch m.arg(0) {
			case "U+000A":
				return m.Label() + " must fit on one line: replace the line break with a space."
			case "U+0009":
				return m.Label() + " contains a tab (U+0009): replace it with a space."
			}
			return m.Label() + " contains an invisible control character (" + m.arg(0) + "), often left by copy and paste: type the text again, or paste it without formatting."
		},
	},
	CodeUnprintable: {
		func(m msgCtx) string {
			return "Le caractère " + quoteFR(char(m.arg(0))) + " (" + m.arg(1) + ") ne peut pas être imprimé dans " + m.label() + nb + ": la police de la lettre ne le contient pas. Retirez-le ou remplacez-le par un texte."
		},
		func(m msgCtx) string {
			return "The character " + quoteEN(char(m.arg(0))) + " (" + m.arg(1) + ") in " + m.label() + " cannot be printed: the letter’s font does not have it. Remove it or replace it with words."
		},
	},
	CodeNumberMin: {
		func(m msgCtx) string { return m.Label() + " doit valoir au moins " + m.arg(0) + "." },
		func(m msgCtx) string { return m.Label() + " must be at least " + m.arg(0) + "." },
	},
	CodeNumberMax: {
		func(m msgCtx) string { return m.Label() + " doit valoir au plus " + m.arg(0) + "." },
		func(m msgCtx) string { return m.Label() + " must be at most " + m.arg(0) + "." },
	},
	CodeInvalid: {
		func(m msgCtx) string { return m.Label() + " n’est pas valide" + nb + ": vérifiez sa valeur." },
		func(m msgCtx) string { return m.Label() + " is not valid: check its value." },
	},

	CodeProcedureSenderKind: {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " est réservée aux expéditeurs de type " + kindList(m, FR) + nb + "; l’expéditeur est ici de type " + quoteFR(SenderKindLabel(m.arg(1), FR)) + ". Choisissez une démarche adaptée ou changez le type d’expéditeur."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " is only for senders of kind " + kindList(m, EN) + "; this sender is of kind " + quoteEN(SenderKindLabel(m.arg(1), EN)) + ". Choose a suitable procedure or change the sender kind."
		},
	},
	CodeProcedureRequired: {
		func(m msgCtx) string {
			if m.path == "prior_steps" && m.arg(0) == "saisine-cada" {
				return "La saisine de la CADA suppose une demande de communication de documents déjà adressée à la commune, refusée ou restée sans réponse plus d’un mois" + nb + ": ajoutez-la aux démarches avec ses dates et la réponse éventuelle."
			}
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite " + m.label() + nb + ": complétez ce champ."
		},
		func(m msgCtx) string {
			if m.path == "prior_steps" && m.arg(0) == "saisine-cada" {
				return "A referral to the CADA requires a request for documents already sent to the commune and refused or left unanswered for more than a month: add it to the prior steps with its dates and any answer."
			}
			return "The procedure " + quoteEN(m.arg(0)) + " needs " + m.label() + ": fill it in."
		},
	},
	CodeReferralTooEarly: {
		func(m msgCtx) string {
			from := ""
			if strings.HasSuffix(m.path, ".sent_on") {
				from = " (comptée à partir de l’envoi, faute de date de réception)"
			}
			return m.Label() + " (" + m.date(m.arg(1)) + ")" + from + " remonte à moins d’un mois" + nb + ": sans réponse, la demande ne vaut refus qu’après un mois de silence (article R.\u00a0311-13 du code des relations entre le public et l’administration)" + nb + "; la CADA pourra être saisie à partir du " + m.date(m.arg(2)) + ". Attendez cette date ou, si la commune a refusé entre-temps, indiquez ce refus et sa date."
		},
		func(m msgCtx) string {
			from := ""
			if strings.HasSuffix(m.path, ".sent_on") {
				from = " (counted from sending, as the receipt date is unknown)"
			}
			return capitalize(m.label()) + " (" + m.date(m.arg(1)) + ")" + from + " is less than a month ago: without an answer, the request only counts as refused after one month of silence (CRPA art. R311-13); the CADA can be asked from " + m.date(m.arg(2)) + ". Wait until then or, if the commune has refused in the meantime, record that refusal and its date."
		},
	},
	CodeReferralLate: {
		func(m msgCtx) string {
			return "Le refus date du " + m.date(m.arg(1)) + nb + ": le délai de deux mois pour saisir la CADA (article R.\u00a0343-1 du code des relations entre le public et l’administration) paraît expiré depuis le " + m.date(m.arg(2)) + ". Ce délai n’est opposable que si la réponse de la commune ou son accusé de réception mentionnait les voies et délais de recours" + nb + "; sinon, ou en cas de doute, présentez une nouvelle demande à la commune."
		},
		func(m msgCtx) string {
			return "The refusal dates from " + m.date(m.arg(1)) + ": the two-month period to refer to the CADA (CRPA art. R343-1) seems to have ended on " + m.date(m.arg(2)) + ". It only applies if the commune's answer or acknowledgment stated the remedies and time limits; otherwise, or if in doubt, send the commune a new request."
		},
	},
	CodeRecipientAddress: {
		func(m msgCtx) string {
			return "L’adresse postale du destinataire n’est pas connue" + nb + ": la lettre porte " + quoteFR(m.arg(1)) + " suivi de lignes entre crochets à compléter avant l’envoi. Indiquez-la plutôt dans " + quoteFR("letter.recipient_address") + " (dans l’application web" + nb + ": les champs " + quoteFR("Adresse du destinataire") + " de l’étape " + quoteFR("Qui vous êtes") + "), d’après le site de la préfecture ou service-public.fr."
		},
		func(m msgCtx) string {
			return "The recipient's postal address is not known: the letter shows " + quoteEN(m.arg(1)) + " followed by bracketed lines to complete before sending. Give it instead in " + quoteEN("letter.recipient_address") + " (in the web application: the " + quoteEN("Recipient’s address") + " fields of the " + quoteEN("Who you are") + " step), from the préfecture's website or service-public.fr."
		},
	},
	CodeNoPriorStep: fixed(
		"Aucune démarche préalable auprès de la commune n’est indiquée. La CNIL peut juger incomplète une plainte qui ne montre pas que vous vous êtes d’abord adressé(e) à l’organisme"+nb+": écrivez d’abord au maire et au délégué à la protection des données (demande d’accès ou de documents), gardez la preuve de l’envoi, puis ajoutez cette démarche au dossier avec sa date.",
		"No prior step with the commune is recorded. The CNIL may consider a complaint incomplete when it does not show that you first contacted the organisation: write first to the mayor and the data protection officer (access or document request), keep proof of sending, then add that step to the case file with its date."),
	CodeNoClaim: fixed(
		"Avec les faits indiqués, aucun manquement ne peut être affirmé"+nb+": la lettre demandera des informations et un contrôle plutôt que de dénoncer une violation. Pour aller plus loin, précisez ce que vous savez et d’où vous le tenez"+nb+": les fonctions du logiciel (reconnaissance faciale, recherche de personnes par leur apparence, lecture de plaques…), l’existence d’une analyse d’impact, la consultation de la CNIL, une autorisation préfectorale, les panneaux d’information, avec les sources publiques qui l’établissent.",
		"With the facts given, no breach can be asserted: the letter will ask for information and an inspection rather than denounce a violation. To go further, say what you know and how: the software’s functions (facial recognition, searching people by appearance, plate reading…), whether there is an impact assessment, whether the CNIL was consulted, a prefect’s authorisation, public signage, with the public sources that show it."),
}

func kindList(m msgCtx, lang Lang) string {
	var kinds []string
	if len(m.args) > 2 {
		for _, k := range m.args[2:] {
			kinds = append(kinds, SenderKindLabel(k, lang))
		}
	}
	return m.list(kinds)
}

// displayChar shows a character of the raw file; invisible ones by their code point.
func displayChar(s string) string {
	for _, r := range s {
		if !unicode.IsGraphic(r) || unicode.IsSpace(r) {
			return "U+" + strings.ToUpper(strconv.FormatInt(int64(r), 16))
		}
	}
	return s
}

// overrides replace a code's message for one field (key: code, space, path with "[]" for indexes),
// where the generic sentence would not tell the user what to write.
var overrides = map[string]texts{
	CodeRequired + " sender.kind": fixed(
		"Indiquez qui envoie la lettre"+nb+": "+quoteFR("resident")+" (un particulier), "+quoteFR("councillors")+" (un groupe d’élus) ou "+quoteFR("association")+" (une association).",
		"Say who sends the letter: “resident” (a resident), “councillors” (a group of councillors) or “association” (an association)."),
	CodeEnum + " sender.kind": {
		func(m msgCtx) string {
			return m.Label() + " vaut " + quoteFR(m.arg(0)) + ", qui n’est pas une valeur possible" + nb + ": écrivez " + quoteFR("resident") + " pour un particulier, " + quoteFR("councillors") + " pour un groupe d’élus ou " + quoteFR("association") + " pour une association."
		},
		func(m msgCtx) string {
			return m.Label() + " is " + quoteEN(m.arg(0)) + ", which is not an allowed value: write “resident” for a resident, “councillors” for a group of councillors or “association” for an association."
		},
	},
	CodeRequired + " commune.name": fixed(
		"Indiquez le nom de la commune qui utilise le logiciel, par exemple "+quoteFR("Lille")+".",
		"Give the name of the commune that uses the software, e.g. “Lille”."),
	CodeRequired + " commune.address.street": fixed(
		"Indiquez l’adresse postale de la mairie (numéro et voie, par exemple "+quoteFR("Place Augustin Laurent")+")"+nb+": la lettre est adressée au maire. Elle figure sur le site de la commune et sur service-public.fr.",
		"Give the town hall’s postal address (number and street, e.g. “Place Augustin Laurent”): the letter is addressed to the mayor. It is on the commune’s website and on service-public.fr."),
	CodeRequired + " letter.place": fixed(
		"Indiquez le lieu d’où vous écrivez, en général votre commune (par exemple "+quoteFR("Lille")+")"+nb+": il précède la date en tête de la lettre.",
		"Give the place you are writing from, usually your town (e.g. “Lille”): it comes before the date at the top of the letter."),
	CodeRequired + " facts.sources[].url": {
		func(m msgCtx) string {
			return m.Label() + " est obligatoire" + nb + ": la lettre la cite pour que le destinataire puisse vérifier. Copiez-la depuis la barre d’adresse du navigateur (elle commence par https://)."
		},
		func(m msgCtx) string {
			return m.Label() + " is missing: the letter cites it so that the recipient can check. Copy it from the browser’s address bar (it starts with https://)."
		},
	},
	CodeRequired + " exhibits[].title": {
		func(m msgCtx) string {
			return "Donnez un titre à la pièce n° " + strconv.Itoa(lastIndex(m.path)+1) + ", par exemple " + quoteFR("Article de Médiacités du 21 novembre 2024") + nb + ": il figure dans le bordereau des pièces."
		},
		func(m msgCtx) string {
			return "Give exhibit no. " + strconv.Itoa(lastIndex(m.path)+1) + " a title, e.g. “Article de Médiacités du 21 novembre 2024”: it appears in the list of exhibits."
		},
	},
	CodeRequired + " prior_steps[].sent_on": {
		func(m msgCtx) string {
			return m.Label() + " est obligatoire (AAAA-MM-JJ)" + nb + ": les délais de réponse se comptent à partir d’elle."
		},
		func(m msgCtx) string {
			return m.Label() + " is missing (YYYY-MM-DD): response deadlines run from it."
		},
	},
	CodeRequiredForKind + " sender.organisation": {
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return "Indiquez le nom de l’association, tel qu’il a été déclaré en préfecture" + nb + ": il figure en tête de la lettre."
			}
			return "Indiquez le nom du groupe d’élus (par exemple " + quoteFR("Groupe Lille Ensemble") + ")" + nb + ": il figure en tête de la lettre."
		},
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return "Give the association’s name as declared at the prefecture: it heads the letter."
			}
			return "Give the name of the group of councillors (e.g. “Groupe Lille Ensemble”): it heads the letter."
		},
	},
	CodeRequiredForKind + " sender.association": fixed(
		"Pour une association, ajoutez l’objet "+quoteFR("association")+" avec au moins son numéro RNA ou SIREN"+nb+": le destinataire doit pouvoir vérifier qu’elle est régulièrement déclarée.",
		"For an association, add the “association” object with at least its RNA or SIREN number: the recipient must be able to check that it is duly declared."),
	CodeRequiredForKind + " signatories[].role": {
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return m.Label() + " est obligatoire, par exemple " + quoteFR("Présidente") + " ou " + quoteFR("Trésorier") + nb + ": elle montre que le signataire peut représenter l’association."
			}
			return m.Label() + " est obligatoire, par exemple " + quoteFR("Conseillère municipale") + " ou " + quoteFR("Conseiller municipal") + "."
		},
		func(m msgCtx) string {
			if m.arg(0) == SenderAssociation {
				return m.Label() + " is missing, e.g. “Présidente” or “Trésorier”: it shows that the signatory may represent the association."
			}
			return m.Label() + " is missing, e.g. “Conseillère municipale” or “Conseiller municipal”."
		},
	},
	CodeDateFuture + " facts.in_use_until": {
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") est postérieure à aujourd’hui, " + m.date(m.arg(1)) + nb + ": si le logiciel est toujours utilisé, laissez ce champ vide."
		},
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") is after today, " + m.date(m.arg(1)) + ": if the software is still in use, leave it empty."
		},
	},
	CodeDateOrder + " prior_steps[].received_on": {
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") est antérieure à sa date d’envoi (" + m.date(m.arg(2)) + ")" + nb + ": un courrier ne peut pas arriver avant d’être parti. Corrigez l’une des deux dates."
		},
		func(m msgCtx) string {
			return m.Label() + " (" + m.date(m.arg(0)) + ") is before its sending date (" + m.date(m.arg(2)) + "): mail cannot arrive before it leaves. Correct one of the two dates."
		},
	},
	CodeTooLong + " sender.address.street":               addressLineTooLong,
	CodeTooLong + " sender.address.complement":           addressLineTooLong,
	CodeTooLong + " commune.address.street":              addressLineTooLong,
	CodeTooLong + " commune.address.complement":          addressLineTooLong,
	CodeTooLong + " letter.recipient_address.street":     addressLineTooLong,
	CodeTooLong + " letter.recipient_address.complement": addressLineTooLong,
	CodeURL + " exhibits[].source": {
		func(m msgCtx) string {
			return m.Label() + " ressemble à une adresse web sans en être une complète" + nb + ": écrivez-la en entier en commençant par https://, ou décrivez l’origine en toutes lettres, par exemple " + quoteFR("Courrier de la mairie du 3 mars 2025") + "."
		},
		func(m msgCtx) string {
			return m.Label() + " looks like a web address but is not a complete one: write it in full starting with https://, or describe the source in words, e.g. “Courrier de la mairie du 3 mars 2025”."
		},
	},
	CodeNumberMin + " facts.retention_days": retentionDays,
	CodeNumberMax + " facts.retention_days": retentionDays,

	CodeProcedureRequired + " facts.where_filmed": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " exige de dire où et quand les caméras vous filment" + nb + ": une plainte n’est recevable que si le traitement vous concerne personnellement. Décrivez les lieux (rue, place, trajet), la fréquence de vos passages et depuis quand, par exemple " + quoteFR("Je traverse la place du marché chaque matin pour aller travailler") + "."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " requires saying where and when you are filmed: a complaint is admissible only if you are personally concerned. Describe the places (street, square, route), how often you pass and since when, e.g. “Je traverse la place du marché chaque matin pour aller travailler”."
		},
	},
	CodeProcedureRequired + " facts.software": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite le nom du logiciel utilisé par la commune, tel qu’il apparaît dans un article, une délibération ou un marché public" + nb + "; s’il est inconnu, demandez d’abord les documents à la mairie."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs the name of the software the commune uses, as it appears in an article, a deliberation or a public contract; if it is unknown, first ask the town hall for the documents."
		},
	},
	CodeProcedureRequired + " commune.address.street": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite l’adresse postale de la mairie (numéro et voie)" + nb + ": elle figure sur le site de la commune et sur service-public.fr."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs the town hall’s postal address (number and street): it is on the commune’s website and on service-public.fr."
		},
	},
	CodeProcedureRequired + " sender.email": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite votre adresse électronique" + nb + ": le destinataire vous répondra ou vous demandera des précisions par ce moyen."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs your e-mail address: the recipient will answer or ask for details that way."
		},
	},
	CodeProcedureRequired + " commune.dpo_email": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite l’adresse électronique du délégué à la protection des données de la commune" + nb + ": elle figure en général dans la politique de confidentialité de son site, sinon demandez-la à la mairie."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs the e-mail address of the commune’s data protection officer: it is usually in the privacy policy of its website; otherwise ask the town hall."
		},
	},
	CodeProcedureRequired + " prior_steps": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " fait suite à une démarche antérieure" + nb + ": indiquez la demande déjà envoyée (type, date d’envoi et réponse éventuelle)."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " follows an earlier step: give the request already sent (kind, sending date and any answer)."
		},
	},
	CodeProcedureRequired + " documents_requested": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite au moins un document demandé" + nb + ": cochez les documents voulus (contrat, analyse d’impact, délibérations…)."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs at least one requested document: tick the documents you want (contract, impact assessment, deliberations…)."
		},
	},
	CodeProcedureRequired + " requests": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite au moins une demande" + nb + ": cochez ce que vous demandez (contrôle, arrêt du traitement, effacement des données…)."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs at least one request: tick what you ask for (inspection, stopping the processing, erasing the data…)."
		},
	},
	CodeProcedureRequired + " signatories": {
		func(m msgCtx) string {
			return "La démarche " + quoteFR(m.arg(0)) + " nécessite au moins un signataire, avec son prénom, son nom et sa qualité."
		},
		func(m msgCtx) string {
			return "The procedure " + quoteEN(m.arg(0)) + " needs at least one signatory, with first name, last name and capacity."
		},
	},
}

var addressLineTooLong = texts{
	func(m msgCtx) string {
		return m.Label() + " compte " + m.arg(1) + " caractères, pour " + m.arg(0) + " au plus" + nb + ": une ligne d’adresse postale ne dépasse pas 38 caractères (norme NF Z10-011). Abrégez, par exemple " + quoteFR("bd") + " pour " + quoteFR("boulevard") + ", ou reportez une partie sur l’autre ligne d’adresse."
	},
	func(m msgCtx) string {
		return m.Label() + " has " + m.arg(1) + " characters, " + m.arg(0) + " at most: a postal address line holds no more than 38 characters (French standard NF Z10-011). Abbreviate, e.g. “bd” for “boulevard”, or move part of it to the other address line."
	},
}

var retentionDays = texts{
	func(m msgCtx) string {
		return "La durée de conservation s’exprime en jours, de 1 à 36" + nb + "500" + nb + ": si vous ne la connaissez pas, mettez 0 ou supprimez ce champ."
	},
	func(m msgCtx) string {
		return "The retention period is a number of days from 1 to 36,500: if you do not know it, put 0 or delete the field."
	},
}

// allCodes lists every code of the catalogue, for completeness tests and documentation.
func allCodes() []string {
	codes := make([]string, 0, len(messages))
	for c := range messages {
		codes = append(codes, c)
	}
	return codes
}
