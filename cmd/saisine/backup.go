package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"saisine/store/backend"
	"saisine/store/sqlite"
)

// sqliteDataDir parses the --data-dir flag of backup and restore and resolves the data folder as serve
// does (flag, else SAISINE_DATA_DIR, else the user cache folder). With a PostgreSQL URL configured
// there is no SQLite database to copy: the message says what to use instead.
func (e *env) sqliteDataDir(flags *flag.FlagSet, args []string, file *string, fileFlag, command string) (string, int) {
	dataDir := flags.String("data-dir", "", "dossier de données (variable SAISINE_DATA_DIR ; défaut : celui de serve)")
	pos, err := parse(flags, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", exitOK
		}
		return "", exitUsage
	}
	if len(pos) != 0 || *file == "" {
		return "", e.usageErr("%s attend --%s FICHIER", command, fileFlag)
	}
	if strings.TrimSpace(os.Getenv(envDatabaseURL)) != "" {
		fmt.Fprintf(e.stderr, "saisine : %s concerne la base SQLite, or %s désigne PostgreSQL : utilisez pg_dump et pg_restore (docs/deploy.md), ou retirez la variable\n", command, envDatabaseURL)
		return "", exitUsage
	}
	dir := strings.TrimSpace(*dataDir)
	if dir == "" {
		dir = strings.TrimSpace(os.Getenv(envDataDir))
	}
	if dir == "" {
		dir = defaultDataDir()
	}
	if dir == "" {
		fmt.Fprintf(e.stderr, "saisine : pas de dossier de données : donnez --data-dir ou %s\n", envDataDir)
		return "", exitUsage
	}
	return dir, -1
}

// cmdBackup: « saisine backup --to FICHIER [--data-dir DOSSIER] », a consistent copy of the campaigns'
// SQLite database, taken while the server runs.
func cmdBackup(e *env, args []string) int {
	flags := newFlags(e, "backup")
	to := flags.String("to", "", "fichier de la sauvegarde (remplacé s’il existe)")
	dir, code := e.sqliteDataDir(flags, args, to, "to", "backup")
	if code >= 0 {
		return code
	}
	src := filepath.Join(dir, backend.FileName)
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "saisine : pas de base à sauvegarder : %s n’existe pas (le dossier de données est-il le bon ? --data-dir ou %s)\n", src, envDataDir)
		return exitUsage
	}
	sum, err := sqlite.Backup(context.Background(), src, *to)
	if err != nil {
		return e.internal(err)
	}
	fmt.Fprintf(e.stdout, "sauvegarde %s : %d campagne(s), %d mandat(s), schéma v%d\n", *to, sum.Campaigns, sum.Mandates, sum.SchemaVersion)
	return exitOK
}

// cmdRestore: « saisine restore --from FICHIER [--data-dir DOSSIER] », server stopped. The backup is
// checked before anything is touched; the database it replaces is kept aside with its journal, never
// deleted, so a wrong restore can be undone.
func cmdRestore(e *env, args []string) int {
	flags := newFlags(e, "restore")
	from := flags.String("from", "", "sauvegarde à restaurer (faite par saisine backup)")
	dir, code := e.sqliteDataDir(flags, args, from, "from", "restore")
	if code >= 0 {
		return code
	}
	ctx := context.Background()
	sum, err := sqlite.Verify(ctx, *from)
	if err != nil {
		fmt.Fprintf(e.stderr, "saisine : la sauvegarde %s est inutilisable : %v\n", *from, err)
		return exitInvalid
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return e.internal(fmt.Errorf("impossible de créer le dossier de données %s : %w", dir, err))
	}
	dst := filepath.Join(dir, backend.FileName)
	tmp, err := copyToTemp(*from, dir)
	if err != nil {
		return e.internal(err)
	}
	defer os.Remove(tmp)
	aside := ""
	if _, err := os.Stat(dst); err == nil {
		// A journal left next to the restored file would be replayed into it: the old database
		// goes aside together with its -wal and -shm.
		aside = dst + ".avant-restauration-" + time.Now().Format("20060102-150405")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dst+suffix, aside+suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return e.internal(fmt.Errorf("impossible de mettre de côté %s : %w", dst+suffix, err))
			}
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return e.internal(err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	fmt.Fprintf(e.stdout, "restauré dans %s : %d campagne(s), %d mandat(s), schéma v%d\n", dst, sum.Campaigns, sum.Mandates, sum.SchemaVersion)
	if aside != "" {
		fmt.Fprintf(e.stdout, "l’ancienne base est gardée dans %s (supprimez-la quand la restauration est vérifiée)\n", aside)
	}
	return exitOK
}

// copyToTemp copies src into a new 0600 file of dir, synced, and returns its name.
func copyToTemp(src, dir string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	out, err := os.CreateTemp(dir, "."+backend.FileName+".restauration-*")
	if err != nil {
		return "", fmt.Errorf("impossible d’écrire dans le dossier de données %s : %w", dir, err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", err
	}
	return out.Name(), nil
}
