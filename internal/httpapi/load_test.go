package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/httpapi"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// upload posts the files as multipart form data.
func upload(t *testing.T, url string, files map[string][]byte) (*http.Response, []byte) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, content := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(content)
	}
	mw.Close()
	resp, err := http.Post(url, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func dirFiles(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".csv" {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			out[e.Name()] = b
		}
	}
	return out
}

func TestAPILoadEqualsCLILoad(t *testing.T) {
	for _, dir := range []string{"../../testdata/tiny", "../../seed/demo"} {
		store := neo4jtest.Store(t)
		neo4jtest.Load(t, store, dir)
		want := neo4jtest.Snapshot(t)

		store = neo4jtest.Store(t)
		srv := httptest.NewServer(asEditor(httpapi.LoadHandler(explorer.New(store), 0, 0, nil, nil)))
		resp, body := upload(t, srv.URL+"?dryRun=true", dirFiles(t, dir))
		if resp.StatusCode != 200 || neo4jtest.Snapshot(t) != "" {
			t.Fatalf("dry run: %d %s", resp.StatusCode, body)
		}
		resp, body = upload(t, srv.URL, dirFiles(t, dir))
		srv.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", dir, resp.StatusCode, body)
		}
		var out httpapi.LoadResponse
		json.Unmarshal(body, &out)
		if out.LoadID == "" || out.Rows["companies.csv"] == 0 || out.Created["companies.csv"] != out.Rows["companies.csv"] {
			t.Errorf("%s: response %s", dir, body)
		}
		if diff := cmp.Diff(want, neo4jtest.Snapshot(t)); diff != "" {
			t.Errorf("%s: /api/load differs from the CLI load (-cli +api):\n%s", dir, diff)
		}
	}
}

func TestAPILoadErrors(t *testing.T) {
	store := neo4jtest.Store(t)
	neo4jtest.Load(t, store, "../../testdata/tiny")
	before := neo4jtest.Snapshot(t)
	srv := httptest.NewServer(asEditor(httpapi.LoadHandler(explorer.New(store), 4096, 0, nil, nil)))
	defer srv.Close()

	resp, body := upload(t, srv.URL, map[string][]byte{
		"companies.csv":    []byte("id,name,kind\nX1,Ex,VENDOR\n"),
		"supply_links.csv": []byte("supplier_id,customer_id,share\nX1,NOPE,2\n"),
	})
	var e httpapi.ErrorResponse
	json.Unmarshal(body, &e)
	if resp.StatusCode != 422 || e.Error.Code != "BAD_INPUT" || e.Error.Total != 3 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var got []string
	for _, i := range e.Error.Issues {
		got = append(got, i.String())
	}
	want := []string{
		`companies.csv:2: kind: invalid value "VENDOR": want one of BUYER, SUPPLIER, SMELTER, MINE`,
		`supply_links.csv:2: share: invalid share "2": want a number greater than 0 and at most 1`,
		`supply_links.csv:2: customer_id: unknown company "NOPE" (neither in the dataset nor in the database)`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}

	if resp, body := upload(t, srv.URL, map[string][]byte{"companies.csv": bytes.Repeat([]byte("x"), 5000)}); resp.StatusCode != 413 {
		t.Errorf("too large: %d %s", resp.StatusCode, body)
	}
	if resp, _ := upload(t, srv.URL, map[string][]byte{}); resp.StatusCode != 400 {
		t.Errorf("no files: %d", resp.StatusCode)
	}
	if r, _ := http.Get(srv.URL); r.StatusCode != 405 {
		t.Errorf("GET: %d", r.StatusCode)
	}
	// A valid dataset with a misspelt, repeated or non-boolean parameter
	// is refused, not loaded.
	valid := map[string][]byte{"companies.csv": []byte("id,name,kind\nX1,Ex,SUPPLIER\n")}
	for _, q := range []string{"?dryrun=true", "?dry_run=1", "?dryRun=yes", "?dryRun=", "?dryRun=false&dryRun=true", "?resume=maybe", "?foo=1"} {
		resp, body := upload(t, srv.URL+q, valid)
		json.Unmarshal(body, &e)
		if resp.StatusCode != 400 || e.Error.Code != "BAD_INPUT" {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}
	if resp, body := upload(t, srv.URL+"?dryRun=1&resume=false", valid); resp.StatusCode != 200 || !strings.Contains(string(body), `"dryRun":true`) {
		t.Errorf("dryRun=1: %d %s", resp.StatusCode, body)
	}
	if diff := cmp.Diff(before, neo4jtest.Snapshot(t)); diff != "" {
		t.Errorf("database changed:\n%s", diff)
	}
}

// asEditor gives every request an editor key's principal, as
// authentication would.
func asEditor(h http.Handler) http.Handler {
	p := &auth.Principal{KeyID: "test", Role: auth.Editor}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(auth.With(r.Context(), p)))
	})
}

// TestAPILoadWarnings: the answer carries the warnings, "warnings" beside
// the load's figures (repeated keys: the load proceeds, the last row of a
// key winning) or beside the issues of an invalid dataset (a broken
// companies.csv is reported once, and the rows that name companies are
// counted as not checked instead of each being an unknown company).
func TestAPILoadWarnings(t *testing.T) {
	store := neo4jtest.Store(t)
	srv := httptest.NewServer(asEditor(httpapi.LoadHandler(explorer.New(store), 0, 0, nil, nil)))
	defer srv.Close()
	strs := func(r *dataset.Report) []string {
		if r == nil {
			return nil
		}
		var out []string
		for _, i := range r.Issues {
			out = append(out, i.String())
		}
		if r.Total != len(out) {
			t.Errorf("total %d, %d issues", r.Total, len(out))
		}
		return out
	}

	files := dirFiles(t, "../../testdata/tiny")
	files["companies.csv"] = append(files["companies.csv"], "AOBA,Aoba Electronics (renamed),SUPPLIER,JP,COMPLETE,,,\n"...)
	for _, url := range []string{srv.URL + "?dryRun=true", srv.URL} {
		resp, body := upload(t, url, files)
		var out httpapi.LoadResponse
		if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", url, resp.StatusCode, body)
		}
		if diff := cmp.Diff([]string{`companies.csv:15: id: same company "AOBA" as line 4: this later row replaces it`}, strs(out.Warnings)); diff != "" {
			t.Errorf("%s: warnings (-want +got):\n%s", url, diff)
		}
	}
	if !strings.Contains(neo4jtest.Snapshot(t), "Aoba Electronics (renamed)") {
		t.Error("the later row did not win")
	}

	resp, body := upload(t, srv.URL, map[string][]byte{
		"companies.csv":    []byte(""),
		"supply_links.csv": []byte("supplier_id,customer_id\nAOBA,HIT\nGHOST,HIT\n"),
	})
	var e httpapi.ErrorResponse
	if err := json.Unmarshal(body, &e); err != nil || resp.StatusCode != 422 || e.Error.Total != 1 {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	if diff := cmp.Diff([]string{"companies.csv:1: -: empty file: a header row is required"}, strs(&dataset.Report{Issues: e.Error.Issues, Total: e.Error.Total})); diff != "" {
		t.Errorf("issues (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"supply_links.csv:0: -: 2 rows reference companies and were not checked because companies.csv could not be read"}, strs(e.Error.Warnings)); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
