package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestPageServed: / is the built page, every file it references is served,
// with the CSP, and nothing else is listed.
func TestPageServed(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	get := func(path string) (*http.Response, string) {
		r, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r, string(b)
	}
	r, page := get("/")
	if r.StatusCode != 200 || !strings.Contains(page, "supplygraph explorer") || r.Header.Get("Content-Security-Policy") != CSP {
		t.Fatalf("/: %d %v\n%s", r.StatusCode, r.Header, page)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 3 {
		t.Fatalf("the page references %v", refs)
	}
	for _, m := range refs {
		if !strings.HasPrefix(m[1], "/") || strings.HasPrefix(m[1], "//") {
			t.Errorf("the page references %s, not a path of this server", m[1])
			continue
		}
		if r, _ := get(m[1]); r.StatusCode != 200 {
			t.Errorf("%s: %d", m[1], r.StatusCode)
		}
	}
	for _, p := range []string{"/assets/", "/nope.js", "/assets/nope.js"} {
		if r, _ := get(p); r.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
}

// TestCSPAllowsNoOtherOrigin: the policy names no scheme or host, allows
// nothing inline and nothing evaluated.
func TestCSPAllowsNoOtherOrigin(t *testing.T) {
	for _, bad := range []string{"http:", "https:", "*", "'unsafe-inline'", "'unsafe-eval'", "ws:", "//"} {
		if strings.Contains(CSP, bad) {
			t.Errorf("CSP contains %s: %s", bad, CSP)
		}
	}
	if !strings.HasPrefix(CSP, "default-src 'none'") {
		t.Errorf("CSP does not deny by default: %s", CSP)
	}
}

// TestGraphiQLServed: GraphiQL is the bundled page, with the policy; a key
// is written into it escaped, and its files are served by Handler.
func TestGraphiQLServed(t *testing.T) {
	files := httptest.NewServer(Handler())
	defer files.Close()
	for key, want := range map[string]string{
		"":             `content=""`,
		"sgk_abc":      `content="sgk_abc"`,
		`x"><script>y`: `content="x&#34;&gt;&lt;script&gt;y"`,
	} {
		rec := httptest.NewRecorder()
		GraphiQL(key).ServeHTTP(rec, httptest.NewRequest("GET", "/graphiql", nil))
		page := rec.Body.String()
		if rec.Code != 200 || rec.Header().Get("Content-Security-Policy") != CSP || !strings.Contains(page, `<meta name="supplygraph-graphiql-key" `+want) {
			t.Errorf("key %q: %d %v\n%s", key, rec.Code, rec.Header(), page)
		}
		if strings.Contains(page, "<script>") {
			t.Errorf("key %q: the page has an inline script", key)
		}
		refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
		if len(refs) < 3 {
			t.Fatalf("GraphiQL references %v", refs)
		}
		for _, m := range refs {
			r, err := http.Get(files.URL + m[1])
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			if !strings.HasPrefix(m[1], "/") || r.StatusCode != 200 {
				t.Errorf("%s: %d", m[1], r.StatusCode)
			}
		}
	}
}
