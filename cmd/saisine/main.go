// Command saisine turns a case file into French letters (PDF, text, HTML) and checks case files.
//
// Exit codes: 0 success, 1 invalid input (the case file has errors), 2 usage or internal error.
// Diagnostics go to stderr; documents and listings go to stdout or to the -o file.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
