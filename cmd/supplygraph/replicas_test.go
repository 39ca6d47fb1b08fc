package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestReplicas runs two serve processes on one Neo4j, as replicas behind a
// load balancer would: one over bolt://, the other over a neo4j:// routing
// URI (the single instance serves a routing table of one). A write through
// one is answered by the other within 2 s, in an analysis question (the
// other replica's snapshot is of the old data version: it must notice) and
// in an entity read; every answer carries the replica's bookmarks, and
// sending the writer's to the other replica reads the write at once;
// malformed bookmarks are BAD_INPUT and change nothing.
func TestReplicas(t *testing.T) {
	neo4jtest.Store(t) // empty, migrated database
	bin := buildBinary(t)
	bolt := neo4jtest.URI(t)
	env := func(uri string) []string {
		return append(os.Environ(), "NEO4J_URI="+uri, "NEO4J_USER=neo4j", "NEO4J_PASSWORD=", "NEO4J_DATABASE=neo4j")
	}
	routing := "neo4j://" + strings.TrimPrefix(bolt, "bolt://")
	load := exec.Command(bin, "load", "../../testdata/tiny")
	load.Env = env(routing) // the CLI over a routing URI, too
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	editor := keyFor(t, bin, env(bolt), "editor")
	a := startServe(t, bin, env(bolt))
	b := startServe(t, bin, env(routing))

	const cascade = `{ cascade(focal: "HIT", code: "HIT-SPG", asOf: "2026-06-01") { entries { edges { node { company { id } status } } } } }`
	chao := func(base, bookmarks string) string {
		t.Helper()
		var out struct {
			Data struct {
				Cascade struct {
					Entries struct {
						Edges []struct {
							Node struct {
								Company struct{ ID string }
								Status  string
							}
						}
					}
				}
			}
			Errors []any
		}
		_, body := gql(t, base, editor, bookmarks, cascade)
		if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) > 0 {
			t.Fatalf("cascade: %s", body)
		}
		for _, e := range out.Data.Cascade.Entries.Edges {
			if e.Node.Company.ID == "CHAO" {
				return e.Node.Status
			}
		}
		t.Fatalf("no CHAO in %s", body)
		return ""
	}
	// Both replicas answer from their snapshot of the same data.
	for _, base := range []string{a, b} {
		deadline := time.Now().Add(30 * time.Second)
		for chao(base, "") != "PENDING" {
			if time.Now().After(deadline) {
				t.Fatalf("%s: CHAO is %s before the write", base, chao(base, ""))
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	acks := func(base, bookmarks string) string {
		t.Helper()
		_, body := gql(t, base, editor, bookmarks, `{ company(id: "CHAO") { acknowledgments(asOf: "2026-06-01") { code { id } edition current } } }`)
		return string(body)
	}
	if got := acks(b, ""); strings.Contains(got, "HIT-SPG") {
		t.Fatalf("CHAO acknowledged before the write: %s", got)
	}

	// The write, through A.
	h, body := gql(t, a, editor, "", `mutation { recordAcknowledgments(input: [{companyId: "CHAO", codeId: "HIT-SPG", edition: 7, date: "2026-01-10"}]) { acknowledgments { company { id } } } }`)
	if !strings.Contains(string(body), `"CHAO"`) || strings.Contains(string(body), "errors") {
		t.Fatalf("write: %s", body)
	}
	written := time.Now()
	bookmarks := h.Get("Supplygraph-Bookmarks")
	if bookmarks == "" {
		t.Fatal("the write's answer has no Supplygraph-Bookmarks header")
	}
	// B answers with the write within 2 s, without the bookmarks.
	for chao(b, "") != "COVERED" {
		if time.Since(written) > 2*time.Second {
			t.Fatalf("replica B still answers CHAO %s %v after the write through A", chao(b, ""), time.Since(written))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("replica B answered the write through A after %v", time.Since(written).Round(time.Millisecond))
	if got := acks(b, ""); !strings.Contains(got, "HIT-SPG") {
		t.Errorf("replica B's entity read lacks the write: %s", got)
	}
	// With A's bookmarks, B reads the write at once (with one server it is
	// there anyway: this checks that B accepts and applies them).
	if got := acks(b, bookmarks); !strings.Contains(got, "HIT-SPG") {
		t.Errorf("replica B with A's bookmarks: %s", got)
	}
	if chao(b, bookmarks) != "COVERED" {
		t.Error("replica B's cascade with A's bookmarks lacks the write")
	}
	// Bookmarks that are not Neo4j's are refused before anything runs.
	for _, bad := range []string{"not a bookmark", strings.Repeat("FB:x,", 17) + "FB:x", "FB:" + strings.Repeat("A", 600), "FB:bm91c2U="} {
		h, body := gql(t, b, editor, bad, `mutation { recordAcknowledgments(input: [{companyId: "DELT", codeId: "HIT-SPG", edition: 7, date: "2026-01-11"}]) { acknowledgments { company { id } } } }`)
		if !strings.Contains(string(body), `"BAD_INPUT"`) {
			t.Errorf("bookmarks %.40q: %s (%v)", bad, body, h)
		}
	}
	if got := acks(a, ""); !strings.Contains(got, "HIT-SPG") {
		t.Errorf("replica A lost the write: %s", got)
	}
	_, body = gql(t, a, editor, "", `{ company(id: "DELT") { acknowledgments { code { id } date } } }`)
	if strings.Contains(string(body), "2026-01-11") {
		t.Errorf("a request refused for its bookmarks wrote: %s", body)
	}
}

// gql posts query to base with key and bookmarks (empty: none) and returns
// the answer's headers and body.
func gql(t *testing.T, base, key, bookmarks, query string) (http.Header, []byte) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+key)
	if bookmarks != "" {
		req.Header.Set("Supplygraph-Bookmarks", bookmarks)
	}
	c := &http.Client{Timeout: 30 * time.Second}
	r, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	return r.Header, body
}
