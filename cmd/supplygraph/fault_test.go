package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestNeo4jOutage: when Neo4j goes away, /readyz turns 503 and requests
// fail within 2 s with UNAVAILABLE; when it comes back, the service recovers
// by itself within 5 s.
func TestNeo4jOutage(t *testing.T) {
	db := neo4jtest.Start(t)
	bin := buildBinary(t)
	env := append(os.Environ(), "NEO4J_URI="+db.URI())
	load := exec.Command(bin, "load", "../../testdata/tiny")
	load.Env = env
	if out, err := load.CombinedOutput(); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	srv := exec.Command(bin, "serve", "--addr", addr, "--dev-anonymous")
	srv.Env = env
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	base := "http://" + addr
	waitReady(t, base)

	ask := func() (code string, took time.Duration) {
		start := time.Now()
		body, _ := json.Marshal(map[string]string{"query": `{ company(id: "HIT") { name suppliers { totalCount } } }`})
		req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var out struct {
			Data   map[string]any
			Errors []struct{ Extensions map[string]any }
		}
		json.NewDecoder(r.Body).Decode(&out)
		if len(out.Errors) > 0 {
			c, _ := out.Errors[0].Extensions["code"].(string)
			return c, time.Since(start)
		}
		return "ok", time.Since(start)
	}
	if code, _ := ask(); code != "ok" {
		t.Fatalf("before the outage: %s", code)
	}

	db.Run(t, "kill")
	if code := status(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz during the outage = %d, want 503", code)
	}
	if code := status(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz during the outage = %d, want 200", code)
	}
	for i := 0; i < 3; i++ {
		code, took := ask()
		if code != "UNAVAILABLE" {
			t.Errorf("during the outage: code %s, want UNAVAILABLE", code)
		}
		t.Logf("request during the outage: %s in %s", code, took.Round(time.Millisecond))
		if took > 2*time.Second {
			t.Errorf("during the outage: the request took %s, want at most 2s", took)
		}
	}

	db.Run(t, "start") // returns once Neo4j answers RETURN 1
	back := time.Now()
	for {
		code, _ := ask()
		if code == "ok" && status(t, base+"/readyz") == http.StatusOK {
			break
		}
		if time.Since(back) > 5*time.Second {
			t.Fatalf("not recovered 5s after Neo4j came back (last: %s)", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("recovered %s after Neo4j came back", time.Since(back).Round(time.Millisecond))
}
