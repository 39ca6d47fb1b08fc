package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
	"github.com/supplygraph/supplygraph/web"
)

// buildBinary builds supplygraph into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "supplygraph")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestEndToEnd runs the real binary: load the tiny dataset (twice, and a bad
// one), serve, answer GraphQL over HTTP, shut down gracefully on SIGTERM.
func TestEndToEnd(t *testing.T) {
	neo4jtest.Store(t) // empty, migrated database
	uri := neo4jtest.URI(t)
	bin := buildBinary(t)
	env := append(os.Environ(), "NEO4J_URI="+uri, "NEO4J_USER=neo4j", "NEO4J_PASSWORD=", "NEO4J_DATABASE=neo4j")

	for i := 0; i < 2; i++ {
		cmd := exec.Command(bin, "load", "../../testdata/tiny")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		want := []string{"13 created          0 updated", "0 created         13 updated"}[i]
		if err != nil || !strings.Contains(string(out), "loaded 80 rows") || !strings.Contains(string(out), want) {
			t.Fatalf("load #%d: %v\n%s", i+1, err, out)
		}
	}

	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "companies.csv"), []byte("id,name,kind\nX1,Ex,VENDOR\n"), 0o644)
	cmd := exec.Command(bin, "load", bad)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), `companies.csv:2: kind: invalid value "VENDOR"`) {
		t.Fatalf("bad load: err=%v\n%s", err, out)
	}

	mk := exec.Command(bin, "apikey", "create", "--role", "viewer", "--name", "e2e", "--quiet")
	mk.Env = env
	keyOut, err := mk.Output()
	if err != nil {
		t.Fatalf("apikey create: %v", err)
	}
	apiKey = strings.TrimSpace(string(keyOut))

	addr := freeAddr(t)
	srv := exec.Command(bin, "serve", "--addr", addr)
	srv.Env = append(env, "SUPPLYGRAPH_CORS_ORIGINS=http://localhost:3000")
	var logs bytes.Buffer
	srv.Stderr = &logs
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if !strings.Contains(line, "http://"+addr+"/graphql") {
		t.Fatalf("serve printed %q", line)
	}
	base := "http://" + addr
	waitReady(t, base)
	// The analysis snapshot is built at start, before any question, and
	// /readyz and the metrics say so.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st struct{ Analysis string }
		if r, err := http.Get(base + "/readyz"); err == nil {
			json.NewDecoder(r.Body).Decode(&st)
			r.Body.Close()
		}
		if st.Analysis == "snapshot" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz says analysis is answered from %q 30 s after start; want snapshot", st.Analysis)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r, err := http.Get(base + "/metrics"); err == nil {
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if !strings.Contains(string(b), "\nsupplygraph_analysis_snapshot_ready 1\n") {
			t.Error("/metrics does not say that analysis is answered from the snapshot")
		}
	}

	if code := status(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if code := status(t, base+"/"); code != 200 {
		t.Errorf("explorer page = %d", code)
	}
	if code := status(t, base+"/graphiql"); code != 200 {
		t.Errorf("GraphiQL = %d", code)
	}

	var resp struct {
		Data struct {
			Company struct {
				Name      string
				Suppliers struct{ TotalCount int }
			}
		}
		Errors []json.RawMessage
	}
	post(t, base, `{ company(id: "HIT") { name suppliers { totalCount } } }`, &resp)
	if resp.Data.Company.Name != "Hitachi Group" || resp.Data.Company.Suppliers.TotalCount != 3 || resp.Errors != nil {
		t.Errorf("company query: %+v", resp)
	}
	// A large answer comes gzipped to a client that accepts it; a small one does not.
	for _, tc := range []struct {
		query, encoding string
	}{
		{`{ companies(first: 200) { edges { node { id name kind country } } } }`, "gzip"},
		{`{ ok }`, ""},
	} {
		b, _ := json.Marshal(map[string]string{"query": tc.query})
		req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+apiKey)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Encoding", "gzip")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if got := r.Header.Get("Content-Encoding"); r.StatusCode != 200 || got != tc.encoding {
			t.Errorf("%s: %d, Content-Encoding %q, want %q", tc.query, r.StatusCode, got, tc.encoding)
		}
	}
	// Without a key: 401 UNAUTHENTICATED.
	r, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ ok }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 401 || !strings.Contains(string(body), `"UNAUTHENTICATED"`) {
		t.Errorf("no key: %d %s", r.StatusCode, body)
	}
	// GET works too.
	q := "%7B%20company(id%3A%20%22KIVU%22)%20%7B%20kind%20%7D%20%7D"
	req, _ := http.NewRequest("GET", base+"/graphql?query="+q, nil)
	req.Header.Set("Authorization", "Bearer "+apiKey)
	r, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(body), `"kind":"MINE"`) {
		t.Errorf("GET: %s", body)
	}

	// CORS: the allowed origin is answered, another is not.
	for origin, allowed := range map[string]bool{"http://localhost:3000": true, "https://evil.example": false} {
		req, _ := http.NewRequest("OPTIONS", base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if got := r.Header.Get("Access-Control-Allow-Origin") == origin; got != allowed {
			t.Errorf("CORS preflight from %s: allowed=%v, headers %v", origin, got, r.Header)
		}
	}
	// Security headers on the page and GraphiQL; metrics count the requests above.
	for path, csp := range map[string]string{"/": web.CSP, "/graphiql": web.CSP} {
		r, err = http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), csp) || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s headers: %v", path, r.Header)
		}
	}
	r, err = http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metricsText, _ := io.ReadAll(r.Body)
	r.Body.Close()
	for _, want := range []string{`supplygraph_graphql_requests_total{operation="anonymous",outcome="ok"}`, `supplygraph_neo4j_query_duration_seconds_count{mode="read",outcome="ok"}`, `supplygraph_http_requests_total{code="Unauthorized",route="/graphql"}`} {
		if !strings.Contains(string(metricsText), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	srv.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- srv.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
	// Structured logs: one JSON line per operation, with the key's id, never the key.
	found := false
	for _, line := range strings.Split(logs.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) != nil || rec["msg"] != "graphql" {
			continue
		}
		found = true
		for _, k := range []string{"request_id", "key_id", "operation", "duration_ms", "outcome"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("log line lacks %s: %s", k, line)
			}
		}
	}
	if !found {
		t.Errorf("no graphql log lines:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), apiKey) {
		t.Error("the API key appears in the logs")
	}
}

// apiKey is the key the end-to-end requests send.
var apiKey string

func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if status(t, base+"/readyz") == 200 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("server never became ready")
}

func status(t *testing.T, url string) int {
	t.Helper()
	r, err := http.Get(url)
	if err != nil {
		return 0
	}
	r.Body.Close()
	return r.StatusCode
}

func post(t *testing.T, base, query string, out any) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"query": query})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/graphql", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+apiKey)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
}

// TestDevAnonymousOnlyOnLoopback: serve refuses anonymous access and a
// GraphiQL key on any address that is not loopback.
func TestDevAnonymousOnlyOnLoopback(t *testing.T) {
	for _, args := range [][]string{{"--addr", "0.0.0.0:0", "--dev-anonymous"}, {"--addr", "192.0.2.1:8080", "--graphiql-key", "x"}} {
		var out bytes.Buffer
		code := run(context.Background(), append([]string{"serve"}, args...), &out, &out)
		if code != 2 || !strings.Contains(out.String(), "is not one") {
			t.Errorf("serve %v: exit %d, %s", args, code, out.String())
		}
	}
}
