package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"saisine/handlers"
	"saisine/letters"
)

// passphraseFlagUsage is the --passphrase-file flag's help. The passphrase is read from a file, never
// from the command line, where other users of the machine see it (ps, /proc) and the shell keeps it.
const passphraseFlagUsage = "dossier chiffré (.json.age) : fichier dont la première ligne est la phrase de passe (« - » : entrée standard)"

// caseReader returns the case file's bytes to decode: r as is for a plain file, decrypted for a
// passphrase-protected one (age), with the passphrase read from e.passphraseFile. An encrypted file
// without --passphrase-file, a wrong passphrase or an unreadable passphrase file is a usage error.
func (e *env) caseReader(r io.Reader, path string) (io.Reader, int) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(64)
	if !handlers.IsEncryptedCaseFile(head) {
		return br, exitOK
	}
	if e.passphraseFile == "" {
		return nil, e.caseFail(path, "it is encrypted (age): give its passphrase with --passphrase-file FILE",
			"il est chiffré (age) : donnez sa phrase de passe avec --passphrase-file FICHIER")
	}
	if e.passphraseFile == "-" && path == "-" {
		return nil, e.caseFail(path, "the case file and the passphrase cannot both come from standard input",
			"le dossier et la phrase de passe ne peuvent pas venir tous deux de l’entrée standard")
	}
	pass, err := e.readPassphrase()
	if err != nil {
		if e.lang == letters.EN {
			fmt.Fprintf(e.stderr, "saisine: cannot read the passphrase file %q: %v\n", e.passphraseFile, err)
		} else {
			fmt.Fprintf(e.stderr, "saisine : impossible de lire le fichier de phrase de passe « %s » : %v\n", e.passphraseFile, err)
		}
		return nil, exitUsage
	}
	data, err := io.ReadAll(io.LimitReader(br, handlers.MaxEncryptedCaseFileSize+1))
	if err != nil {
		return nil, e.caseFail(path, err.Error(), err.Error())
	}
	plain, err := handlers.DecryptCaseFile(context.Background(), data, pass)
	switch {
	case errors.Is(err, handlers.ErrWrongPassphrase):
		return nil, e.caseFail(path, "wrong passphrase", "phrase de passe incorrecte")
	case errors.Is(err, handlers.ErrWorkFactorTooLarge):
		return nil, e.caseFail(path, fmt.Sprintf("its scrypt work factor is above %d: decrypt it with age -d", handlers.MaxScryptWorkFactor),
			fmt.Sprintf("son facteur de travail scrypt dépasse %d : déchiffrez-le avec age -d", handlers.MaxScryptWorkFactor))
	case errors.Is(err, handlers.ErrNotPassphraseFile):
		return nil, e.caseFail(path, "it is encrypted to an age key, not with a passphrase: decrypt it with age -d",
			"il est chiffré pour une clé age, pas avec une phrase de passe : déchiffrez-le avec age -d")
	case errors.Is(err, handlers.ErrEncryptedTooLarge):
		return nil, e.caseFail(path, "the encrypted file is too large", "le fichier chiffré est trop volumineux")
	case err != nil:
		return nil, e.caseFail(path, "the encrypted file is damaged or incomplete", "le fichier chiffré est abîmé ou incomplet")
	}
	return bytes.NewReader(plain), exitOK
}

func (e *env) caseFail(path, en, fr string) int {
	if e.lang == letters.EN {
		fmt.Fprintf(e.stderr, "saisine: cannot read the case file %q: %s\n", path, en)
	} else {
		fmt.Fprintf(e.stderr, "saisine : impossible de lire le dossier « %s » : %s\n", path, fr)
	}
	return exitUsage
}

// readPassphrase reads the first line of the passphrase file, without its line ending; the rest of
// the file is ignored, so that « echo phrase > f » and editors that add a final newline both work.
func (e *env) readPassphrase() (string, error) {
	var r io.Reader
	if e.passphraseFile == "-" {
		r = e.stdin
	} else {
		f, err := os.Open(e.passphraseFile)
		if err != nil {
			return "", unwrapPathErr(err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, handlers.MaxPassphraseBytes+3))
	if err != nil {
		return "", err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	pass := strings.TrimSuffix(string(line), "\r")
	switch {
	case pass == "":
		return "", errors.New(e.pick("the first line is empty", "la première ligne est vide"))
	case len(pass) > handlers.MaxPassphraseBytes:
		return "", errors.New(e.pick("the passphrase is too long", "la phrase de passe est trop longue"))
	}
	return pass, nil
}

func (e *env) pick(en, fr string) string {
	if e.lang == letters.EN {
		return en
	}
	return fr
}
