package content_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"example.com/careers/internal/content"
)

// Recruiters write role descriptions in markdown: whatever they write,
// the HTML has no script, no event handler, no frame and no link or image
// that runs code.
func FuzzUserMarkdown(f *testing.F) {
	for _, seed := range []string{"**bold** [ok](https://example.com)", "<script>alert(1)</script>", "[x](javascript:alert(1))",
		"[x](&#106;avascript:alert(1))", "![i](javascript:alert(1))", "<img src=x onerror=alert(1)>", "<iframe src=//evil>",
		"[x](JaVaScRiPt:alert(1))", "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "<a href='javascript:x'>y</a>",
		"```html\n<script>x</script>\n```", "[x]: javascript:alert(1)\n\n[y][x]"} {
		f.Add(seed)
	}
	md := content.NewUserMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		out, err := md.Render([]byte(src))
		if err != nil {
			return
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "form", "base", "meta", "link":
				t.Fatalf("%q rendered a <%s>: %s", src, tok.Data, out)
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || ((a.Key == "href" || a.Key == "src") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text"))) {
					t.Fatalf("%q rendered %s=%q: %s", src, a.Key, a.Val, out)
				}
			}
		}
	})
}
