package bundle

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"saisine/letters"
)

// Code says what is wrong with an exhibit, or with the set of exhibits. Codes are stable: callers may
// map them to a form field or an HTTP status.
type Code string

// Problem codes.
const (
	CodeMissing       Code = "missing"         // the file does not exist (callers that read files)
	CodeUnreadable    Code = "unreadable"      // the file exists but cannot be read
	CodeEmpty         Code = "empty"           // zero bytes
	CodeTooLarge      Code = "too_large"       // more than MaxFileSize
	CodeTooMany       Code = "too_many"        // more than MaxFiles files (Number 0)
	CodeTotalTooLarge Code = "total_too_large" // more than MaxTotalSize in all (Number 0)
	CodeUnsupported   Code = "unsupported"     // neither PDF nor JPEG nor PNG
	CodeCorruptPDF    Code = "corrupt_pdf"     // pdfcpu cannot read or validate it (relaxed mode)
	CodeEncryptedPDF  Code = "encrypted_pdf"   // encrypted, with or without a password to open it
	CodePDF20         Code = "pdf_2_0"         // PDF 2.0 cannot be merged into the letter (pdfcpu v0.15)
	CodeActivePDF     Code = "active_pdf"      // JavaScript, a launch action or other content that runs
	CodeCorruptImage  Code = "corrupt_image"   // a JPEG or PNG that is truncated or damaged
	CodeImageTooLarge Code = "image_too_large" // more pixels than MaxPixels
	// CodeImageTooCostly: an image that must be converted would take more than MaxDecodedBytes decoded.
	CodeImageTooCostly Code = "image_too_costly"
	// CodeImagesTooCostly: with the images before it, converting this one goes over MaxDecodedTotal.
	CodeImagesTooCostly Code = "images_too_costly"
	CodeSHA256          Code = "sha256_mismatch" // the file is not the one whose digest the case states
)

// Error is one problem with one exhibit (Number ≥ 1) or with the set (Number 0). Its messages name the
// exhibit (« La pièce n° 2 (piece-2.pdf) … ») so they can be shown as they are; Message gives French or
// English. Error() is the French message followed by the underlying cause, for logs.
type Error struct {
	Number int
	// Name is the file name as the user knows it (Exhibit.Name, or a path); may be empty.
	Name string
	Code Code
	// Detail completes some codes: the detected format for CodeUnsupported (« GIF »), the path for
	// CodeMissing, the file's digest for CodeSHA256.
	Detail string
	// Want is the digest the case states, for CodeSHA256.
	Want string
	// Size in bytes (CodeTooLarge, CodeTotalTooLarge, and the memory decoding would take for
	// CodeImageTooCostly and CodeImagesTooCostly), a count (CodeTooMany) or pixels (CodeImageTooLarge).
	Size int64
	// Width and Height are the image's pixels, for CodeImageTooCostly and CodeImagesTooCostly.
	Width, Height int
	// Err is the underlying cause, if any (a pdfcpu or image decoding error); never shown to users.
	Err error
}

func (e *Error) Error() string {
	msg := e.Message(letters.FR)
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// Problems lists the *Error values in err, which may join several (Write reports every exhibit's
// problems at once). An error that is not an *Error is not listed.
func Problems(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		var e *Error
		if errors.As(err, &e) && err == error(e) {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if errors.As(err, &e) {
			out = append(out, e)
		}
	}
	walk(err)
	return out
}

// who names the exhibit: « La pièce n° 2 (piece-2.pdf) » / “Exhibit no. 2 (piece-2.pdf)”.
func (e *Error) who(en bool) string {
	var s string
	if en {
		s = "Exhibit no. " + strconv.Itoa(e.Number)
	} else {
		s = "La pièce n°\u00a0" + strconv.Itoa(e.Number)
	}
	if e.Name != "" {
		s += " (" + e.Name + ")"
	}
	return s
}

const nb = "\u202f" // before « : » and « ; » in French

func quote(s string, en bool) string {
	if en {
		return "“" + s + "”"
	}
	return "«\u202f" + s + "\u202f»"
}

// megabytes prints a size the way people read it: « 12,4 Mo » / “12.4 MB”.
func megabytes(n int64, en bool) string {
	s := strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if en {
		return s + " MB"
	}
	return strings.ReplaceAll(s, ".", ",") + "\u00a0Mo"
}

// Message is the problem in French (letters.FR, the default) or English.
func (e *Error) Message(lang letters.Lang) string {
	en := lang == letters.EN
	w := e.who(en)
	switch e.Code {
	case CodeMissing:
		if en {
			return fmt.Sprintf("Exhibit no. %d: the file %s does not exist. Check the name in the case file (a relative path starts from the case file's folder, or from the current folder when the case file is read from standard input).", e.Number, quote(e.Detail, en))
		}
		return fmt.Sprintf("La pièce n°\u00a0%d"+nb+": le fichier %s est introuvable. Vérifiez son nom dans le dossier (un chemin relatif part du répertoire du fichier JSON, ou du répertoire courant quand le dossier est lu sur l’entrée standard).", e.Number, quote(e.Detail, en))
	case CodeUnreadable:
		if en {
			return fmt.Sprintf("Exhibit no. %d: the file %s cannot be read.", e.Number, quote(e.Detail, en))
		}
		return fmt.Sprintf("La pièce n°\u00a0%d"+nb+": le fichier %s ne peut pas être lu.", e.Number, quote(e.Detail, en))
	case CodeEmpty:
		if en {
			return w + " is an empty file."
		}
		return w + " est un fichier vide."
	case CodeTooLarge:
		if en {
			return fmt.Sprintf("%s is %s: at most %s per exhibit. Make it smaller (a compressed PDF, a smaller image) or leave it out of the complete file.", w, megabytes(e.Size, en), megabytes(MaxFileSize, en))
		}
		return fmt.Sprintf("%s pèse %s"+nb+": au plus %s par pièce. Réduisez-la (PDF compressé, image plus petite) ou ne la joignez pas au dossier complet.", w, megabytes(e.Size, en), megabytes(MaxFileSize, en))
	case CodeTooMany:
		if en {
			return fmt.Sprintf("The case file attaches %d files: at most %d can be put together in the complete file.", e.Size, MaxFiles)
		}
		return fmt.Sprintf("Le dossier joint %d fichiers"+nb+": au plus %d pièces peuvent être réunies dans le dossier complet.", e.Size, MaxFiles)
	case CodeTotalTooLarge:
		if en {
			return fmt.Sprintf("The attached files come to %s in all: at most %s for the complete file.", megabytes(e.Size, en), megabytes(MaxTotalSize, en))
		}
		return fmt.Sprintf("Les fichiers joints pèsent %s au total"+nb+": au plus %s pour le dossier complet.", megabytes(e.Size, en), megabytes(MaxTotalSize, en))
	case CodeUnsupported:
		if en {
			return fmt.Sprintf("%s is %s: only PDF files and JPEG or PNG images can be attached. Convert it to PDF (or the image to PNG) first.", w, kindEN(e.Detail))
		}
		return fmt.Sprintf("%s est %s"+nb+": seuls les fichiers PDF et les images JPEG ou PNG peuvent être joints. Convertissez-la d’abord en PDF (ou l’image en PNG).", w, kindFR(e.Detail))
	case CodeCorruptPDF:
		if en {
			return w + " is a damaged or unreadable PDF. Open it and save it again (or “Print to PDF”), then try again."
		}
		return w + " est un PDF endommagé ou illisible. Ouvrez-le et enregistrez-le à nouveau (ou " + quote("Imprimer en PDF", en) + "), puis recommencez."
	case CodeEncryptedPDF:
		if en {
			return w + " is a protected PDF (encrypted, or locked by a password): save a copy without protection and attach that copy."
		}
		return w + " est un PDF protégé (chiffré ou verrouillé par un mot de passe)" + nb + ": enregistrez-en une copie sans protection et joignez cette copie."
	case CodeActivePDF:
		if en {
			return w + " contains JavaScript or an action that runs when the file is opened, which a file sent to an administration must not carry: print it to PDF (File › Print › Save as PDF) to get a copy without scripts, and attach that copy."
		}
		return w + " contient du JavaScript ou une action qui s’exécute à l’ouverture du fichier, ce qu’une pièce adressée à une administration ne doit pas contenir" + nb + ": imprimez-la en PDF (Fichier › Imprimer › Enregistrer au format PDF) pour en obtenir une copie sans script, et joignez cette copie."
	case CodePDF20:
		if en {
			return w + " is a PDF 2.0 file, which cannot be put together with the letter yet: save it as PDF 1.7 (or “Print to PDF”)."
		}
		return w + " est au format PDF 2.0, qui ne peut pas encore être réuni avec la lettre" + nb + ": enregistrez-la en PDF 1.7 (ou " + quote("Imprimer en PDF", en) + ")."
	case CodeCorruptImage:
		if en {
			return fmt.Sprintf("%s is a damaged or incomplete %s image. Open it and save it again, then try again.", w, e.Detail)
		}
		return fmt.Sprintf("%s est une image %s endommagée ou incomplète. Ouvrez-la et enregistrez-la à nouveau, puis recommencez.", w, e.Detail)
	case CodeImageTooLarge:
		if en {
			return fmt.Sprintf("%s has %d megapixels: at most %d. Reduce the image's dimensions.", w, (e.Size+500_000)/1_000_000, MaxPixels/1_000_000)
		}
		return fmt.Sprintf("%s compte %d mégapixels"+nb+": au plus %d. Réduisez les dimensions de l’image.", w, (e.Size+500_000)/1_000_000, MaxPixels/1_000_000)
	case CodeImageTooCostly:
		if en {
			return fmt.Sprintf("%s (%d × %d pixels) must be converted to go into the complete file, which would take %s of memory: at most %s. Save it as an ordinary JPEG, or reduce its dimensions, then try again.", w, e.Width, e.Height, megabytes(e.Size, en), megabytes(MaxDecodedBytes, en))
		}
		return fmt.Sprintf("%s (%d × %d pixels) doit être convertie pour entrer dans le dossier complet, ce qui demanderait %s de mémoire"+nb+": au plus %s. Enregistrez-la en JPEG ordinaire, ou réduisez ses dimensions, puis recommencez.", w, e.Width, e.Height, megabytes(e.Size, en), megabytes(MaxDecodedBytes, en))
	case CodeImagesTooCostly:
		if en {
			return fmt.Sprintf("%s (%d × %d pixels) must be converted to go into the complete file, and with the images before it that would take more than %s of conversions. Save some of the images as ordinary JPEGs, or reduce their dimensions, then try again.", w, e.Width, e.Height, megabytes(MaxDecodedTotal, en))
		}
		return fmt.Sprintf("%s (%d × %d pixels) doit être convertie pour entrer dans le dossier complet, et avec les images qui la précèdent les conversions dépasseraient %s. Enregistrez certaines images en JPEG ordinaire, ou réduisez leurs dimensions, puis recommencez.", w, e.Width, e.Height, megabytes(MaxDecodedTotal, en))
	case CodeSHA256:
		if en {
			return fmt.Sprintf("%s does not match the SHA-256 digest stated in the case file: the file's digest is %s, the case file states %s. Check that this is the right file, then correct the digest or leave it empty so that it is computed.", w, e.Detail, e.Want)
		}
		return fmt.Sprintf("%s ne correspond pas à l’empreinte SHA-256 indiquée dans le dossier"+nb+": le fichier a pour empreinte %s, le dossier indique %s. Vérifiez qu’il s’agit du bon fichier, puis corrigez l’empreinte ou laissez-la vide pour qu’elle soit calculée.", w, e.Detail, e.Want)
	}
	if e.Err != nil {
		return w + ": " + e.Err.Error()
	}
	return w + ": " + string(e.Code)
}

// kindFR names a refused format after « est » (« une image GIF », « un fichier texte »).
func kindFR(k string) string {
	switch k {
	case "GIF", "WebP", "TIFF", "BMP", "HEIC", "AVIF", "SVG":
		return "une image " + k
	case "text":
		return "un fichier texte"
	case "HTML":
		return "une page HTML"
	case "ZIP":
		return "une archive ZIP ou un document bureautique (Word, OpenDocument…)"
	case "OLE":
		return "un ancien document Office (Word, Excel…)"
	case "RTF":
		return "un document RTF"
	}
	return "un fichier d’un format non reconnu"
}

func kindEN(k string) string {
	switch k {
	case "GIF", "WebP", "TIFF", "BMP", "HEIC", "AVIF", "SVG":
		return "a " + k + " image"
	case "text":
		return "a text file"
	case "HTML":
		return "an HTML page"
	case "ZIP":
		return "a ZIP archive or an office document (Word, OpenDocument…)"
	case "OLE":
		return "an old Office document (Word, Excel…)"
	case "RTF":
		return "an RTF document"
	}
	return "a file of an unrecognised format"
}
