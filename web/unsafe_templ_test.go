package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// unsafeTemplAllowed lists the places allowed to use one of templ's escape
// hatches, keyed by unsafeUse.key(): the file (the .templ source for
// generated code), the enclosing function or component, and what is used.
// Every value says why that use is safe. TestNoUnsafeTempl fails on a use
// that is not here, on an entry without a reason, and on an entry that no
// longer matches any use.
var unsafeTemplAllowed = map[string]string{
	"web/role_page.templ roleDescription templ.Raw": "the HTML comes from goldmark in safe mode " +
		"(internal/content): raw HTML in the markdown is dropped and javascript: links are not linked; " +
		"internal/content's FuzzUserMarkdown checks it",
	"web/content_page.templ pageBody templ.Raw": "p.HTML is the site's own content/*.md, rendered at start-up " +
		"by goldmark in safe mode (content.NewMarkdown): raw HTML is dropped, javascript: links are not linked",
	"web/admin_applications.templ AdminAppsPage spread attributes": "v.roleSelectAttrs() (admin_views.go) " +
		"returns nil or a constant aria-describedby, nothing from user data",
}

// unsafeTempl names the identifiers of github.com/a-h/templ (v0.3.960)
// that skip templ's escaping or sanitising, with what each one skips.
var unsafeTempl = map[string]string{
	"Raw":               "writes its HTML unescaped",
	"SafeURL":           "skips URL sanitising (javascript: URLs pass)",
	"SafeCSS":           "skips CSS sanitising",
	"SafeCSSProperty":   "skips CSS property sanitising",
	"SafeClass":         "skips class name sanitising",
	"ConstantCSSClass":  "skips class name sanitising",
	"ComponentCSSClass": "carries CSS that is written unsanitised",
	"JSUnsafeFuncCall":  "writes its JavaScript as given",
	"JSFuncCall":        "writes its function name as given (only the arguments are JSON-encoded)",
	"JSExpression":      "passes a JavaScript expression through unencoded",
	"ComponentScript":   "carries JavaScript that is written as given",
	"SafeScript":        "writes its function name as given",
	"SafeScriptInline":  "writes its function name as given",
	"ComponentFunc":     "writes straight to the response with no escaping at all",
	"RenderAttributes":  "spreads attributes whose values are only HTML-escaped: an href or on* value from user data runs",
}

// unsafeHTMLTemplate names html/template's types that mark a string as
// trusted, the same escape hatch in the standard library.
var unsafeHTMLTemplate = map[string]string{
	"HTML":     "marks HTML as trusted",
	"HTMLAttr": "marks an attribute as trusted",
	"JS":       "marks JavaScript as trusted",
	"JSStr":    "marks a JavaScript string as trusted",
	"URL":      "marks a URL as trusted",
	"CSS":      "marks CSS as trusted",
	"Srcset":   "marks a srcset as trusted",
}

// riskyAttributes are attribute names whose value is a URL, a script or a
// style: HTML escaping alone does not make user data safe in them. Spread
// attributes (templ.Attributes) may set them only to constant strings.
var riskyAttributes = []string{
	"href", "src", "srcset", "srcdoc", "action", "formaction", "xlink:href", "style", "poster",
	"background", "cite", "data", "codebase", "ping", "manifest", "content", "http-equiv",
}

func riskyAttribute(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	return strings.HasPrefix(name, "on") || slices.Contains(riskyAttributes, name)
}

// unsafeUse is one use of an escape hatch.
type unsafeUse struct {
	pos  token.Position // in the Go file, generated or not
	file string         // module-relative; the .templ source for generated code
	fn   string         // enclosing function or component
	what string         // e.g. "templ.Raw"
	why  string
}

func (u unsafeUse) key() string { return u.file + " " + u.fn + " " + u.what }

// TestNoUnsafeTempl reads every .go file of the module, generated templ
// code included (golangci-lint skips generated files, and a use written
// in a .templ file only shows in its *_templ.go), and fails on each use of
// an unsafe templ or html/template helper that unsafeTemplAllowed does not
// list with a reason.
func TestNoUnsafeTempl(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found from web/: %v", err)
	}
	uses, files, err := scanModule(root)
	if err != nil {
		t.Fatal(err)
	}
	if files < 20 {
		t.Fatalf("read only %d Go files under %s: the walk is broken", files, root)
	}
	matched := map[string]bool{}
	for _, u := range uses {
		if reason := unsafeTemplAllowed[u.key()]; strings.TrimSpace(reason) != "" {
			matched[u.key()] = true
			continue
		}
		t.Errorf("%s: %s in %s (%s) %s.\n\tUse templ's escaping instead, or add %q to unsafeTemplAllowed in web/unsafe_templ_test.go with the reason it is safe.",
			u.pos, u.what, u.fn, u.file, u.why, u.key())
	}
	for key, reason := range unsafeTemplAllowed {
		if strings.TrimSpace(reason) == "" {
			t.Errorf("unsafeTemplAllowed[%q] has no reason", key)
		}
		if !matched[key] {
			t.Errorf("unsafeTemplAllowed[%q] matches no use any more: remove it", key)
		}
	}
	t.Logf("%d Go files read, %d allowed uses", files, len(matched))
}

// TestUnsafeTemplScanner feeds the scanner one use of each escape hatch,
// so a scanner that stops seeing them fails here rather than passing
// TestNoUnsafeTempl by finding nothing.
func TestUnsafeTemplScanner(t *testing.T) {
	const src = `package p

import (
	"html/template"

	t "github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"
)

func a(s string) t.Component   { return t.Raw(s) }
func b(s string) t.SafeURL     { return t.SafeURL(s) }
func c(s string) t.SafeCSS     { return t.SafeCSS(s) }
func d(s string) any           { return t.JSUnsafeFuncCall(s) }
func e(s string) any           { return t.ComponentScript{Call: s} }
func f(s string) template.HTML { return template.HTML(s) }
func g(s string) t.Attributes  { return t.Attributes{"href": s} }
func h(k, s string) t.Attributes { return t.Attributes{k: s} }
func i(s string) t.Attributes {
	m := t.Attributes{"title": s}
	m["onclick"] = s
	return m
}
func j(s string) t.Attributes { return t.Attributes{"title": s, "href": "/fixed"} }
func k(w any) error { return templruntime.WriteString(nil, 1, "x") }
func l(s string) any { return t.OrderedAttributes{t.KV("src", s)} }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p/p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range scanFile(fset, "p/p.go", f) {
		got = append(got, u.fn+" "+u.what)
	}
	want := []string{
		"a templ.Raw",
		"b templ.SafeURL", "b templ.SafeURL",
		"c templ.SafeCSS", "c templ.SafeCSS",
		"d templ.JSUnsafeFuncCall",
		"e templ.ComponentScript",
		"f html/template.HTML", "f html/template.HTML",
		`g templ.Attributes{"href": ...}`,
		"h templ.Attributes with a computed key",
		`i write of templ.Attributes["onclick"]`,
		"k templ/runtime.WriteString",
		`l templ.KV("src", ...) in templ.OrderedAttributes`,
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("scanner found\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}

	// Generated code declares its own templ.SafeURL variables for every
	// href={ ... }; they hold templ.URL-sanitised values and are not uses.
	const generated = `// Code generated by templ - DO NOT EDIT.

package p

import "github.com/a-h/templ"

func C(s string) templ.Component {
	var templ_7745c5c3_Var1 templ.SafeURL
	templ_7745c5c3_Var1, _ = templ.JoinURLErrs(s)
	_ = templ_7745c5c3_Var1
	return templ.Raw(s)
}
`
	f, err = parser.ParseFile(fset, "p/c_templ.go", generated, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	uses := scanFile(fset, "p/c_templ.go", f)
	if len(uses) != 1 || uses[0].key() != "p/c.templ C templ.Raw" {
		t.Errorf("generated file: got %v, want one use keyed %q", uses, "p/c.templ C templ.Raw")
	}
}

// scanModule parses every .go file under root the way the go command sees
// the module (skipping testdata and directories starting with . or _) and
// returns the escape hatches used and the number of files read.
func scanModule(root string) ([]unsafeUse, int, error) {
	fset := token.NewFileSet()
	var uses []unsafeUse
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") ||
				name == "testdata" || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files++
		uses = append(uses, scanFile(fset, filepath.ToSlash(rel), f)...)
		return nil
	})
	return uses, files, err
}

// scanFile returns the escape hatches one parsed file uses. rel is the
// file's module-relative path.
func scanFile(fset *token.FileSet, rel string, f *ast.File) []unsafeUse {
	generated := ast.IsGenerated(f)
	source := rel
	if generated && strings.HasSuffix(rel, "_templ.go") {
		source = strings.TrimSuffix(rel, "_templ.go") + ".templ"
	}
	// The local names of the imported packages that hold escape hatches.
	pkgs := map[string]string{} // local name -> "templ", "templ/runtime" or "html/template"
	var uses []unsafeUse
	add := func(n ast.Node, fn, what, why string) {
		uses = append(uses, unsafeUse{pos: fset.Position(n.Pos()), file: source, fn: fn, what: what, why: why})
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		var kind, name string
		switch path {
		case "github.com/a-h/templ":
			kind, name = "templ", "templ"
		case "github.com/a-h/templ/runtime":
			kind, name = "templ/runtime", "runtime"
		case "html/template":
			kind, name = "html/template", "template"
		default:
			continue
		}
		if imp.Name != nil {
			name = imp.Name.Name
		}
		switch name {
		case "_":
			continue
		case ".":
			add(imp, "(imports)", "dot import of "+path, "hides which escape hatches the file uses")
			continue
		}
		pkgs[name] = kind
	}
	if len(pkgs) == 0 {
		return nil
	}
	// ref reports whether e is pkg.Name for an imported package of kind.
	ref := func(e ast.Expr, kind string) (string, bool) {
		sel, ok := e.(*ast.SelectorExpr)
		if !ok {
			return "", false
		}
		x, ok := sel.X.(*ast.Ident)
		if !ok || pkgs[x.Name] != kind {
			return "", false
		}
		return sel.Sel.Name, true
	}
	isTempl := func(e ast.Expr, name string) bool {
		n, ok := ref(e, "templ")
		return ok && n == name
	}

	for _, decl := range f.Decls {
		fn := "(package level)"
		if fd, ok := decl.(*ast.FuncDecl); ok {
			fn = funcName(fd)
		}
		// Generated code's own variables: `var templ_7745c5c3_VarN templ.SafeURL`
		// receives templ.JoinURLErrs' sanitised URL for each href={ ... }.
		scaffold := map[ast.Expr]bool{}
		// Variables of type templ.Attributes in this declaration, whose
		// index writes are checked like literal keys.
		attrVars := map[string]bool{}
		ast.Inspect(decl, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if generated && n.Type != nil && allPrefixed(n.Names, "templ_7745c5c3_") {
					scaffold[n.Type] = true
				}
				if isTempl(n.Type, "Attributes") {
					for _, id := range n.Names {
						attrVars[id.Name] = true
					}
				}
			case *ast.Field:
				if isTempl(n.Type, "Attributes") {
					for _, id := range n.Names {
						attrVars[id.Name] = true
					}
				}
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for i, rhs := range n.Rhs {
						if cl, ok := rhs.(*ast.CompositeLit); ok && isTempl(cl.Type, "Attributes") {
							if id, ok := n.Lhs[i].(*ast.Ident); ok {
								attrVars[id.Name] = true
							}
						}
					}
				}
				for _, lhs := range n.Lhs {
					ix, ok := lhs.(*ast.IndexExpr)
					if !ok {
						continue
					}
					if id, ok := ix.X.(*ast.Ident); ok && attrVars[id.Name] {
						if key, ok := stringLit(ix.Index); !ok || riskyAttribute(key) {
							add(lhs, fn, "write of templ.Attributes["+exprText(ix.Index)+"]",
								"sets an attribute whose value is a URL, script or style, or whose name is computed")
						}
					}
				}
			case *ast.CompositeLit:
				switch {
				case isTempl(n.Type, "Attributes"):
					checkAttributes(n, fn, add)
				case isTempl(n.Type, "OrderedAttributes"):
					checkOrderedAttributes(n, fn, isTempl, add)
				}
			case *ast.CallExpr:
				// make(templ.Attributes) and templ.Attributes(m) build a map
				// whose keys this scanner cannot see.
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "make" && len(n.Args) > 0 && isTempl(n.Args[0], "Attributes") {
					add(n, fn, "make(templ.Attributes)", "builds spread attributes whose keys are not visible here")
				}
				if isTempl(n.Fun, "Attributes") {
					add(n, fn, "templ.Attributes conversion", "builds spread attributes whose keys are not visible here")
				}
			case *ast.SelectorExpr:
				if scaffold[n] {
					return false
				}
				if name, ok := ref(n, "templ"); ok {
					if why := unsafeTempl[name]; why != "" {
						what := "templ." + name
						if name == "RenderAttributes" {
							what = "spread attributes"
						}
						add(n, fn, what, why)
					}
				}
				if name, ok := ref(n, "html/template"); ok {
					if why := unsafeHTMLTemplate[name]; why != "" {
						add(n, fn, "html/template."+name, why)
					}
				}
				if name, ok := ref(n, "templ/runtime"); ok && !generated {
					add(n, fn, "templ/runtime."+name, "is templ's generated code's runtime: it writes without escaping")
				}
			}
			return true
		})
	}
	return uses
}

// checkAttributes reports the keys of a templ.Attributes literal that are
// computed, or risky with a value that is not a constant string.
func checkAttributes(cl *ast.CompositeLit, fn string, add func(ast.Node, string, string, string)) {
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := stringLit(kv.Key)
		if !ok {
			add(kv, fn, "templ.Attributes with a computed key", "lets data choose the attribute, href and on* included")
			continue
		}
		if _, constant := stringLit(kv.Value); riskyAttribute(key) && !constant {
			add(kv, fn, "templ.Attributes{"+strconv.Quote(key)+": ...}", "sets a URL, script or style attribute from a value that is only HTML-escaped")
		}
	}
}

// checkOrderedAttributes applies checkAttributes' rule to the templ.KV
// pairs of a templ.OrderedAttributes literal.
func checkOrderedAttributes(cl *ast.CompositeLit, fn string, isTempl func(ast.Expr, string) bool, add func(ast.Node, string, string, string)) {
	for _, el := range cl.Elts {
		call, ok := el.(*ast.CallExpr)
		if !ok || !isTempl(call.Fun, "KV") || len(call.Args) != 2 {
			add(el, fn, "templ.OrderedAttributes entry not written as templ.KV", "hides the attribute name")
			continue
		}
		key, ok := stringLit(call.Args[0])
		if !ok {
			add(el, fn, "templ.OrderedAttributes with a computed key", "lets data choose the attribute, href and on* included")
			continue
		}
		if _, constant := stringLit(call.Args[1]); riskyAttribute(key) && !constant {
			add(el, fn, "templ.KV("+strconv.Quote(key)+", ...) in templ.OrderedAttributes", "sets a URL, script or style attribute from a value that is only HTML-escaped")
		}
	}
}

// funcName is a function's name, with its receiver type for a method:
// for generated templ code it is the component's name.
func funcName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

func allPrefixed(ids []*ast.Ident, prefix string) bool {
	for _, id := range ids {
		if !strings.HasPrefix(id.Name, prefix) {
			return false
		}
	}
	return len(ids) > 0
}

// stringLit returns the value of a string literal.
func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// exprText is a short rendering of an index expression for messages.
func exprText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		return e.Value
	case *ast.Ident:
		return e.Name
	}
	return "..."
}
