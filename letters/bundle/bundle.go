// Package bundle puts a letter and its exhibits together into one PDF (the « dossier complet »): the
// letter with its own « n/N » page numbers and its bordereau, then every exhibit that has a file, in
// order — a PDF exhibit page by page, a JPEG or PNG image on an A4 page of its own, under a one-line
// header « Pièce n° N — title ».
//
// Everything is checked before anything is written: the type from the content (magic bytes, never the
// name), the limits (MaxFileSize, MaxFiles, MaxTotalSize, MaxPixels), PDFs through pdfcpu's relaxed
// validation (strict mode refuses gofpdf's own links), encrypted PDFs refused. Problems are *Error values
// that name the exhibit, in French or English.
//
// The package reads no files: callers (the CLI, the web upload) pass bytes.
package bundle

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Limits. They keep a bundle small enough to send by e-mail or upload to a tribunal's or an authority's
// portal, and bound the memory one request can take.
const (
	MaxFileSize  = 10 << 20 // per exhibit file
	MaxFiles     = 20       // exhibits with a file
	MaxTotalSize = 50 << 20 // all exhibit files together
	// MaxPixels bounds a PNG image (its pixels are decompressed in memory to split off transparency):
	// 50 megapixels is more than any phone or scanner at 300 dpi on A4 (≈ 8.7 MP) produces.
	MaxPixels = 50_000_000
	// MaxDecodedBytes bounds the memory an image takes decoded when it must be converted (a 16-bit,
	// interlaced or transparent PNG, a CMYK or RGB JPEG), counted in bytes per pixel of the decoded image
	// and of the conversion buffer: a 16-bit RGBA PNG takes 8 bytes a pixel, so the 50 megapixels of
	// MaxPixels would be 400 MB for a file of half a megabyte. 128 MiB takes a transparent 4K screenshot
	// (8.3 MP × 4), a 12-megapixel photo with transparency and a 16-bit A4 scan at 300 dpi (8.7 MP × 8);
	// images that need no conversion (ordinary JPEGs, 8-bit opaque PNGs) are never decoded and keep
	// MaxPixels.
	MaxDecodedBytes = 128 << 20
	// MaxDecodedTotal bounds the decoding of one bundle, whose images are converted one after the other:
	// it bounds the time (about a second per 100 MB decoded) that one request takes, where
	// MaxDecodedBytes bounds its memory.
	MaxDecodedTotal = 4 * MaxDecodedBytes
)

// imageBatchBytes bounds the image data drawn into one generated PDF (see Write).
const imageBatchBytes = 8 << 20

// Exhibit is one attached file. Number is the exhibit's number in the bordereau (pièce n° Number),
// Title its title there; Name (optional) is the file name as the user knows it, used in messages only.
type Exhibit struct {
	Number int
	Title  string
	Data   []byte
	Name   string
}

func init() {
	// pdfcpu would otherwise create and read a configuration directory under the user's home.
	api.DisableConfigDir()
}

// SHA256 is the digest of data as sha256sum prints it: 64 lower-case hexadecimal digits.
func SHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// VerifySHA256 compares an exhibit with the digest the case file states for it: nil when want is empty
// or matches (case-insensitively, surrounding spaces ignored), else an *Error with CodeSHA256 that gives
// both digests.
func VerifySHA256(ex Exhibit, want string) error {
	want = strings.ToLower(strings.TrimSpace(want))
	if want == "" {
		return nil
	}
	if got := SHA256(ex.Data); got != want {
		return &Error{Number: ex.Number, Name: ex.Name, Code: CodeSHA256, Detail: got, Want: want}
	}
	return nil
}

// CheckLimits checks the number of files and their total size (sizes in bytes, one per exhibit with a
// file). Callers that read files can call it with the sizes on disk before reading anything.
func CheckLimits(sizes []int64) error {
	var errs []error
	if len(sizes) > MaxFiles {
		errs = append(errs, &Error{Code: CodeTooMany, Size: int64(len(sizes))})
	}
	var total int64
	for _, s := range sizes {
		total += s
	}
	if total > MaxTotalSize {
		errs = append(errs, &Error{Code: CodeTotalTooLarge, Size: total})
	}
	return errors.Join(errs...)
}

// Check checks one exhibit on its own: size, type, and that it can be put in the bundle (a valid,
// unencrypted PDF; a complete JPEG or PNG). The error is an *Error naming the exhibit. Callers that
// write the bundle afterwards use Prepare, which keeps the work done.
func Check(ex Exhibit) error {
	_, err := prepare(ex, newConf(), nil)
	return err
}

// Budget is the image decoding allowed to one bundle (MaxDecodedTotal): exhibits prepared with the
// same Budget share it. Safe for concurrent use.
type Budget struct {
	mu   sync.Mutex
	left int64
}

// NewBudget returns the allowance of one bundle.
func NewBudget() *Budget { return &Budget{left: MaxDecodedTotal} }

// take spends n bytes of the budget, or reports false and spends nothing. A nil budget allows anything.
func (b *Budget) take(n int64) bool {
	if b == nil {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

// Prepared is an exhibit checked by Prepare and ready for WritePrepared: a PDF read and validated, an
// image converted if it had to be. It is written once: merging changes the PDF read.
type Prepared struct {
	it   item
	used bool
}

// Exhibit is the exhibit as prepared.
func (p *Prepared) Exhibit() Exhibit { return p.it.ex }

// SetNumber gives the exhibit another number (its line in the bordereau), for the header of its page
// and its bookmark; messages about the file came with the number it was prepared with.
func (p *Prepared) SetNumber(n int) { p.it.ex.Number = n }

// Prepare checks an exhibit as Check does and keeps the result, so that writing the bundle does not
// read and convert the file again. Images converted spend the budget b (nil: no budget shared with
// other exhibits; MaxDecodedBytes still applies).
func Prepare(ex Exhibit, b *Budget) (*Prepared, error) {
	it, err := prepare(ex, newConf(), b)
	if err != nil {
		return nil, err
	}
	return &Prepared{it: it}, nil
}

// item is an exhibit ready to be merged.
type item struct {
	ex   Exhibit
	kind Kind
	ctx  *model.Context // PDF
	img  picture        // JPEG, PNG
}

func prepare(ex Exhibit, conf *model.Configuration, budget *Budget) (it item, err error) {
	it.ex = ex
	fail := func(code Code, cause error) (item, error) {
		return it, &Error{Number: ex.Number, Name: ex.Name, Code: code, Err: cause}
	}
	if len(ex.Data) > MaxFileSize {
		e := &Error{Number: ex.Number, Name: ex.Name, Code: CodeTooLarge, Size: int64(len(ex.Data))}
		return it, e
	}
	it.kind, err = Detect(ex.Data)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Number, e.Name = ex.Number, ex.Name
		}
		return it, err
	}
	switch it.kind {
	case PDF:
		ctx, code, cause := readPDF(ex.Data, conf)
		if code != "" {
			return fail(code, cause)
		}
		it.ctx = ctx
	case JPEG, PNG:
		img, code, cause := prepareImage(it.kind, ex.Data, budget)
		if code != "" {
			e := &Error{Number: ex.Number, Name: ex.Name, Code: code, Detail: it.kind.String(), Err: cause}
			switch code {
			case CodeImageTooLarge:
				e.Size = int64(img.width) * int64(img.height)
			case CodeImageTooCostly, CodeImagesTooCostly:
				e.Size, e.Width, e.Height = img.cost, img.width, img.height
			}
			return it, e
		}
		it.img = img
	}
	return it, nil
}

func newConf() *model.Configuration {
	conf := model.NewDefaultConfiguration()
	// Strict validation refuses gofpdf's link annotations, and many PDFs found in the wild.
	conf.ValidationMode = model.ValidationRelaxed
	conf.Cmd = model.MERGECREATE
	conf.CreateBookmarks = false
	return conf
}

// readPDF reads and validates a PDF (relaxed mode). pdfcpu may panic on hostile input: a panic is a
// damaged file.
func readPDF(data []byte, conf *model.Configuration) (ctx *model.Context, code Code, cause error) {
	defer func() {
		if r := recover(); r != nil {
			ctx, code, cause = nil, CodeCorruptPDF, fmt.Errorf("pdfcpu panic: %v", r)
		}
	}()
	ctx, err := api.ReadContext(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrEncrypted) || errors.Is(err, pdfcpu.ErrWrongPassword) || errors.Is(err, pdfcpu.ErrOwnerPasswordRequired) {
			return nil, CodeEncryptedPDF, err
		}
		return nil, CodeCorruptPDF, err
	}
	if ctx.Encrypt != nil || ctx.E != nil {
		// pdfcpu refuses encrypted files when merging (ErrEncrypted above); this guards against a change
		// there. An encrypted PDF is refused even without a password to open it: its permissions may
		// forbid assembly, and the bundle would silently drop the protection.
		return nil, CodeEncryptedPDF, nil
	}
	if err := api.ValidateContext(ctx); err != nil {
		return nil, CodeCorruptPDF, err
	}
	if ctx.PageCount < 1 {
		return nil, CodeCorruptPDF, errors.New("no pages")
	}
	if ctx.XRefTable.Version() == model.V20 {
		return nil, CodePDF20, nil
	}
	if activeContent(ctx) {
		return nil, CodeActivePDF, nil
	}
	return ctx, "", nil
}

// Write writes to w one PDF: letterPDF (the letter and its bordereau, as render.PDF makes it), then the
// exhibits in the order given. Every exhibit is checked first, and the limits; if anything is wrong,
// nothing is written and the error joins one *Error per problem (see Problems). Errors about letterPDF
// itself, or while writing, are plain errors.
//
// Each exhibit's Data must stay unchanged until Write returns. Safe for concurrent use.
func Write(w io.Writer, letterPDF []byte, exhibits []Exhibit) error {
	sizes := make([]int64, len(exhibits))
	for i, ex := range exhibits {
		sizes[i] = int64(len(ex.Data))
	}
	errs := []error{CheckLimits(sizes)}
	items := make([]*Prepared, 0, len(exhibits))
	budget := NewBudget()
	for _, ex := range exhibits {
		p, err := Prepare(ex, budget)
		errs = append(errs, err)
		items = append(items, p)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return WritePrepared(context.Background(), w, letterPDF, items)
}

// WritePrepared is Write for exhibits already prepared (by Prepare), in the order given: nothing is
// read or converted again. It stops between exhibits when ctx ends, writing nothing, and returns
// ctx's error. Each Prepared can be written once.
func WritePrepared(ctx context.Context, w io.Writer, letterPDF []byte, exhibits []*Prepared) (err error) {
	defer func() {
		if r := recover(); r != nil { // pdfcpu on a file it validated but cannot write
			err = fmt.Errorf("bundle: pdfcpu panic: %v", r)
		}
	}()
	sizes := make([]int64, len(exhibits))
	items := make([]item, len(exhibits))
	for i, p := range exhibits {
		if p.used {
			return fmt.Errorf("bundle: exhibit %d was already written", p.it.ex.Number)
		}
		p.used = true
		sizes[i] = int64(len(p.it.ex.Data))
		items[i] = p.it
	}
	if err := CheckLimits(sizes); err != nil {
		return err
	}
	conf := newConf()

	dest, code, cause := readPDF(letterPDF, conf)
	if code != "" {
		if cause == nil {
			cause = errors.New(string(code))
		}
		return fmt.Errorf("bundle: the letter PDF: %w", cause)
	}
	dest.EnsureVersionForWriting()
	bookmarks := []pdfcpu.Bookmark{{Title: "Lettre et bordereau des pièces", PageFrom: 1}}

	// Each PDF exhibit is merged as it is; images are drawn on pages of their own first.
	for i := 0; i < len(items); {
		if err := ctx.Err(); err != nil {
			return err
		}
		first := dest.PageCount + 1
		if items[i].kind == PDF {
			if err := merge(dest, items[i].ctx, items[i].ex.Number); err != nil {
				// Read and validated, yet pdfcpu cannot merge it: still this file's problem.
				return &Error{Number: items[i].ex.Number, Name: items[i].ex.Name, Code: CodeCorruptPDF, Err: err}
			}
			bookmarks = append(bookmarks, pdfcpu.Bookmark{Title: exhibitHeading(items[i].ex), PageFrom: first})
			items[i].ctx = nil
			i++
			continue
		}
		// Consecutive images share a generated PDF, up to imageBatchBytes of image data: one gofpdf
		// document costs its fonts (≈ 10 ms), and holds its images three times over while it writes.
		j, batch := i, 0
		for j < len(items) && items[j].kind != PDF && (j == i || batch+len(items[j].img.data) <= imageBatchBytes) {
			batch += len(items[j].img.data)
			j++
		}
		run := items[i:j]
		pdf, err := imagePages(run)
		if err != nil {
			return err
		}
		src, code, cause := readPDF(pdf, conf)
		if code != "" {
			return fmt.Errorf("bundle: reading back the image pages: %s: %v", code, cause)
		}
		if err := merge(dest, src, run[0].ex.Number); err != nil {
			return err
		}
		for k, it := range run {
			bookmarks = append(bookmarks, pdfcpu.Bookmark{Title: exhibitHeading(it.ex), PageFrom: first + k})
		}
		i = j
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(exhibits) > 0 {
		if err := pdfcpu.AddBookmarks(dest, bookmarks, true); err != nil {
			return fmt.Errorf("bundle: bookmarks: %w", err)
		}
	}
	if conf.OptimizeBeforeWriting {
		if err := api.OptimizeContext(dest); err != nil {
			return fmt.Errorf("bundle: optimise: %w", err)
		}
	}
	if err := api.WriteContext(dest, w); err != nil {
		return fmt.Errorf("bundle: write: %w", err)
	}
	return nil
}

// merge appends src's pages to dest. A panic in pdfcpu becomes an error naming the exhibit.
func merge(dest, src *model.Context, number int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("bundle: merging exhibit %d: pdfcpu panic: %v", number, r)
		}
	}()
	if err := pdfcpu.MergeXRefTables(fmt.Sprint(number), src, dest, false, false); err != nil {
		return fmt.Errorf("bundle: merging exhibit %d: %w", number, err)
	}
	return nil
}

// exhibitHeading is « Pièce n° N — title », as the image pages and the bookmarks show it.
func exhibitHeading(ex Exhibit) string {
	h := fmt.Sprintf("Pièce n°\u00a0%d", ex.Number)
	if t := cleanTitle(ex.Title); t != "" {
		h += " — " + t
	}
	return h
}
