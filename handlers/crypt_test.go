package handlers

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/armor"
	"golang.org/x/net/html"

	"saisine/letters"
)

// At age's default work factor each encryption or decryption takes about a second and 256 MiB (more
// under -race); the handler tests encrypt at 2^10, which the server accepts like any factor ≤ 18.
func init() { caseFileWorkFactor = 10 }

const testPassphrase = "cheval agrafe pile correcte"

// protectedDownload posts the protect form of a case and returns the response.
func (a *app) protectedDownload(tok, pass, confirm string) *page {
	a.t.Helper()
	return a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"age"},
		"passphrase": {pass}, "passphrase_confirm": {confirm}})
}

func ageDecrypt(t *testing.T, data []byte, pass string) []byte {
	t.Helper()
	id, err := age.NewScryptIdentity(pass)
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		t.Fatalf("age cannot decrypt the download: %v", err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fieldErrorText is the message beside a field, or "".
func (p *page) fieldErrorText(id string) string {
	n := p.byID(id + "-error")
	if n == nil {
		return ""
	}
	return text(n)
}

// TestProtectedDownload: the protect page is reached from the case file's box, and its download is an
// age file that the age library opens with the passphrase, giving the very JSON of the plain download.
func TestProtectedDownload(t *testing.T) {
	a := newApp(t)
	v := a.lilleJourney()
	tok := tokenOf(v.URL)
	if !strings.Contains(v.Body, `value="proteger"`) {
		t.Fatal("the verification page offers no protected download")
	}
	form := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"proteger"}})
	if form.Status != http.StatusOK {
		t.Fatalf("protect page: %d", form.Status)
	}
	for _, id := range []string{"f-passphrase", "f-passphrase_confirm"} {
		n := form.byID(id)
		if n == nil || attr(n, "type") != "password" || attr(n, "autocomplete") != "new-password" {
			t.Fatalf("protect page: no password field #%s", id)
		}
	}
	body := form.visibleText()
	for _, want := range []string{"ne peut pas être retrouvée", "12 caractères", "age"} {
		if !strings.Contains(body, want) {
			t.Errorf("protect page lacks %q", want)
		}
	}

	plain := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"json"}})
	got := a.protectedDownload(tok, testPassphrase, testPassphrase)
	if got.Status != http.StatusOK {
		t.Fatalf("protected download: %d %s", got.Status, got.errorsText())
	}
	if cd := got.Header.Get("Content-Disposition"); cd != `attachment; filename="dossier-plainte-cnil-lille.json.age"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(got.Body, "age-encryption.org/v1\n-> scrypt ") {
		t.Fatalf("not an age scrypt file: %.60q", got.Body)
	}
	if strings.Contains(got.Body, "Camille") {
		t.Fatal("the encrypted file shows the case in clear")
	}
	if dec := ageDecrypt(t, []byte(got.Body), testPassphrase); string(dec) != plain.Body {
		t.Fatalf("decrypted file differs from the plain download:\n%s\n---\n%s", dec, plain.Body)
	}
}

// TestProtectedDownloadErrors: a short, missing or unconfirmed passphrase is a 422 with the error
// beside its field; the passphrase is never written back into the page.
func TestProtectedDownloadErrors(t *testing.T) {
	a := newApp(t)
	tok := tokenOf(a.lilleJourney().URL)
	for _, c := range []struct {
		name, pass, confirm, field, want string
	}{
		{"empty", "", "", "f-passphrase", "Saisissez une phrase de passe"},
		{"short", "court-11car", "court-11car", "f-passphrase", "au moins 12 caractères"},
		{"eleven accented letters", "éééééééééé€", "éééééééééé€", "f-passphrase", "au moins 12 caractères"},
		{"mismatch", testPassphrase, testPassphrase + "x", "f-passphrase_confirm", "pas identiques"},
		{"too long", strings.Repeat("a", MaxPassphraseBytes+1), strings.Repeat("a", MaxPassphraseBytes+1), "f-passphrase", "1024 octets"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := a.protectedDownload(tok, c.pass, c.confirm)
			if p.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.Status)
			}
			if msg := p.fieldErrorText(c.field); !strings.Contains(msg, c.want) {
				t.Errorf("beside #%s: %q, want %q", c.field, msg, c.want)
			}
			if n := p.byID(c.field); attr(n, "aria-invalid") != "true" || !strings.Contains(attr(n, "aria-describedby"), c.field+"-error") {
				t.Errorf("#%s is not marked invalid", c.field)
			}
			if p.find(p.doc, func(n *html.Node) bool { return attr(n, "href") == "#"+c.field }) == nil {
				t.Errorf("the error summary does not link to #%s", c.field)
			}
			if c.pass != "" && strings.Contains(p.Body, c.pass) {
				t.Error("the page repeats the passphrase")
			}
			if attr(p.byID("f-passphrase"), "value") != "" {
				t.Error("the passphrase field is filled")
			}
		})
	}
	// Twelve characters, whatever their bytes, are enough.
	if p := a.protectedDownload(tok, "éééééééééé€€", "éééééééééé€€"); p.Status != http.StatusOK {
		t.Errorf("12 accented characters: %d %s", p.Status, p.errorsText())
	}
}

// resumePassphrase posts the passphrase step of the page p (an encrypted upload's answer).
func (a *app) resumePassphrase(p *page, procedure, pass string) *page {
	a.t.Helper()
	hidden := p.find(p.doc, func(n *html.Node) bool { return attr(n, "name") == fieldEncrypted })
	if hidden == nil || attr(hidden, "type") != "hidden" {
		a.t.Fatalf("no hidden %s field on the passphrase step:\n%s", fieldEncrypted, p.errorsText())
	}
	return a.post("/reprendre", url.Values{fieldEncrypted: {attr(hidden, "value")}, "procedure": {procedure},
		fieldPassphrase: {pass}, "action": {"continuer"}})
}

// TestResumeProtected: an encrypted case file asks for the passphrase (status 200, the file kept in
// the form), a wrong one gives the error beside the field and lets the person try again without
// sending the file again, the right one resumes exactly as the plain file does.
func TestResumeProtected(t *testing.T) {
	a := newApp(t)
	tok := tokenOf(a.lilleJourney().URL)
	plain := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tok}, "format": {"json"}}).Body
	enc := a.protectedDownload(tok, testPassphrase, testPassphrase).Body

	step := a.resumeUpload("plainte-cnil", []byte(enc))
	if step.Status != http.StatusOK {
		t.Fatalf("upload: status %d: %s", step.Status, step.errorsText())
	}
	if n := step.byID("f-passphrase"); n == nil || attr(n, "type") != "password" || attr(n, "autocomplete") != "current-password" {
		t.Fatal("no passphrase field")
	}
	if sel := step.byID("f-procedure"); sel == nil {
		t.Fatal("the passphrase step lost the procedure field")
	}

	wrong := a.resumePassphrase(step, "plainte-cnil", "pas la bonne phrase")
	if wrong.Status != http.StatusUnprocessableEntity {
		t.Fatalf("wrong passphrase: status %d", wrong.Status)
	}
	if msg := wrong.fieldErrorText("f-passphrase"); !strings.Contains(msg, "n’ouvre pas le dossier") {
		t.Errorf("wrong passphrase: beside the field %q", msg)
	}
	if strings.Contains(wrong.Body, "pas la bonne phrase") {
		t.Error("the page repeats the wrong passphrase")
	}
	if !strings.Contains(wrong.Body, `<option value="plainte-cnil" selected>`) {
		t.Error("the procedure chosen was not kept")
	}
	empty := a.resumePassphrase(wrong, "plainte-cnil", "")
	if empty.Status != http.StatusUnprocessableEntity || !strings.Contains(empty.fieldErrorText("f-passphrase"), "Saisissez") {
		t.Errorf("empty passphrase: %d %q", empty.Status, empty.fieldErrorText("f-passphrase"))
	}

	// The retry uses the page that reported the error: the file is still in its form.
	ok := a.resumePassphrase(wrong, "plainte-cnil", testPassphrase)
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("right passphrase: status %d: %s", ok.Status, ok.errorsText())
	}
	direct := a.resumeUpload("plainte-cnil", []byte(plain))
	if direct.Status != http.StatusSeeOther {
		t.Fatalf("plain resume: %d", direct.Status)
	}
	again := a.post("/dossier/plainte-cnil/telecharger", url.Values{"etat": {tokenOf(ok.location())}, "format": {"json"}}).Body
	if again != plain {
		t.Errorf("the resumed case differs:\n%s\n---\n%s", again, plain)
	}
	if !strings.Contains(ok.location(), "/dossier/plainte-cnil/verification?etat=") {
		t.Errorf("resumed to %s", ok.location())
	}

	// Armored files (age -a) are read too.
	var arm bytes.Buffer
	aw := armor.NewWriter(&arm)
	aw.Write([]byte(enc))
	aw.Close()
	st := a.resumeUpload("plainte-cnil", arm.Bytes())
	if p := a.resumePassphrase(st, "plainte-cnil", testPassphrase); p.Status != http.StatusSeeOther {
		t.Errorf("armored: %d %s", p.Status, p.errorsText())
	}

	// Without a procedure, the passphrase step says so and keeps the file.
	noProc := a.resumeUpload("", []byte(enc))
	if noProc.Status != http.StatusUnprocessableEntity || noProc.fieldErrorText("f-procedure") == "" {
		t.Fatalf("no procedure: %d", noProc.Status)
	}
	if p := a.resumePassphrase(noProc, "plainte-cnil", testPassphrase); p.Status != http.StatusSeeOther {
		t.Errorf("procedure chosen on the passphrase step: %d %s", p.Status, p.errorsText())
	}
}

// withWorkFactor rewrites the scrypt work factor written in an age header (the header's MAC then
// fails, but the factor must be refused before any scrypt work, hence before the MAC is checked).
func withWorkFactor(t *testing.T, enc []byte, logN string) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?m)^(-> scrypt \S+) \d+$`)
	if !re.Match(enc) {
		t.Fatal("no scrypt stanza")
	}
	return re.ReplaceAll(enc, []byte("${1} "+logN))
}

// TestResumeProtectedRefused: files the server will not spend scrypt work on, or cannot read.
func TestResumeProtectedRefused(t *testing.T) {
	a := newApp(t)
	tok := tokenOf(a.lilleJourney().URL)
	enc := []byte(a.protectedDownload(tok, testPassphrase, testPassphrase).Body)

	x, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	var toKey bytes.Buffer
	w, _ := age.Encrypt(&toKey, x.Recipient())
	w.Write([]byte(`{"version":1}`))
	w.Close()

	for _, c := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"work factor 19", withWorkFactor(t, enc, "19"), "facteur scrypt"},
		{"work factor 60", withWorkFactor(t, enc, "60"), "facteur scrypt"},
		{"work factor 0", withWorkFactor(t, enc, "0"), "abîmé"},
		{"encrypted to a key", toKey.Bytes(), "clé age"},
		{"truncated", enc[:len(enc)-40], ""},
		{"header only", []byte("age-encryption.org/v1\n"), "abîmé"},
		{"too large", append(append([]byte{}, enc...), make([]byte, MaxEncryptedCaseFileSize)...), "trop volumineux"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := a.resumeUpload("plainte-cnil", c.content)
			if c.name == "truncated" {
				// The header is intact: the damage shows once decrypted.
				if p.Status == http.StatusOK {
					p = a.resumePassphrase(p, "plainte-cnil", testPassphrase)
				}
				if p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.fieldErrorText("f-dossier"), "abîmé") {
					t.Fatalf("status %d, beside the file: %q", p.Status, p.fieldErrorText("f-dossier"))
				}
				return
			}
			if p.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", p.Status)
			}
			if msg := p.fieldErrorText("f-dossier"); !strings.Contains(msg, c.want) {
				t.Errorf("beside the file: %q, want %q", msg, c.want)
			}
			if p.byID("f-passphrase") != nil {
				t.Error("a passphrase is asked for a file that will not be read")
			}
		})
	}

	// The hidden field of the passphrase step is checked like an upload.
	for name, v := range map[string]string{
		"not base64":     "@@@",
		"not age":        base64.StdEncoding.EncodeToString([]byte(`{"version":1}`)),
		"work factor 30": base64.StdEncoding.EncodeToString(withWorkFactor(t, enc, "30")),
	} {
		// A fresh server each: the resume route is rate-limited per client.
		p := newApp(t).post("/reprendre", url.Values{fieldEncrypted: {v}, "procedure": {"plainte-cnil"}, fieldPassphrase: {testPassphrase}})
		if p.Status != http.StatusUnprocessableEntity || p.fieldErrorText("f-dossier") == "" {
			t.Errorf("%s: status %d, beside the file %q", name, p.Status, p.fieldErrorText("f-dossier"))
		}
	}
}

func TestDecryptCaseFileBounds(t *testing.T) {
	enc, err := EncryptCaseFile(context.Background(), []byte(`{"version":1}`), testPassphrase, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := DecryptCaseFile(context.Background(), withWorkFactor(t, enc, "22"), testPassphrase); !errors.Is(err, ErrWorkFactorTooLarge) {
		t.Errorf("work factor 22: %v", err)
	}
	if _, err := DecryptCaseFile(context.Background(), enc, "autre phrase de passe"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("wrong passphrase: %v", err)
	}
	if got, err := DecryptCaseFile(context.Background(), enc, testPassphrase); err != nil || string(got) != `{"version":1}` {
		t.Errorf("right passphrase: %q %v", got, err)
	}
	big, err := EncryptCaseFile(context.Background(), bytes.Repeat([]byte("a"), letters.MaxCaseFileSize+10), testPassphrase, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := DecryptCaseFile(context.Background(), big, testPassphrase); err != nil || len(got) != letters.MaxCaseFileSize+1 {
		t.Errorf("a large plaintext is cut one byte past the limit: %d %v", len(got), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range cap(scryptSlots) {
		scryptSlots <- struct{}{}
	}
	_, err = DecryptCaseFile(ctx, enc, testPassphrase)
	for range cap(scryptSlots) {
		<-scryptSlots
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("busy slots and a cancelled request: %v", err)
	}
}
