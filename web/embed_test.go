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
