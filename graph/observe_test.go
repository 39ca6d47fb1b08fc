package graph_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/graph"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/internal/metrics"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// lockedBuffer collects log lines written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// lines returns the "graphql" log lines so far, decoded.
func (l *lockedBuffer) lines(t *testing.T) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(l.b.Bytes()))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("%s: %v", sc.Bytes(), err)
		}
		if line["msg"] == "graphql" {
			out = append(out, line)
		}
	}
	return out
}

// slowPost posts body in two halves, pause apart, and returns the status
// and the answer.
func slowPost(t *testing.T, url, body string, pause time.Duration) (int, string) {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(body[:len(body)/2]))
		time.Sleep(pause)
		pw.Write([]byte(body[len(body)/2:]))
		pw.Close()
	}()
	r, err := http.Post(url, "application/json", pr)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return r.StatusCode, string(b)
}

// TestEveryRequestIsLogged: every request is logged and counted with its
// outcome and its whole duration (reading the body included), refused
// ones too, whether gqlgen refused them before an operation existed or
// the document limits did.
func TestEveryRequestIsLogged(t *testing.T) {
	store := neo4jtest.Store(t)
	var logs lockedBuffer
	m := metrics.New()
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{Log: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: m})))
	defer srv.Close()

	// Not JSON: gqlgen answers before any operation exists.
	r, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"query": `))
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	// Refused by a document limit, with an operation name.
	postTimed(t, srv.URL, strings.Repeat("query Q { __typename } ", 100), nil)
	body, _ := json.Marshal(map[string]any{"query": strings.Repeat("query Q { __typename } ", 100), "operationName": "Many"})
	http.Post(srv.URL, "application/json", bytes.NewReader(body))
	// A body that takes 300 ms to arrive.
	if code, answer := slowPost(t, srv.URL, `{"query": "query Slow { __typename }", "operationName": "Slow"}`, 300*time.Millisecond); code != 200 || !strings.Contains(answer, `"Query"`) {
		t.Fatalf("slow body: %d %s", code, answer)
	}

	lines := logs.lines(t)
	if len(lines) != 4 {
		t.Fatalf("%d log lines for 4 requests: %v", len(lines), lines)
	}
	want := []struct {
		operation, outcome string
		atLeast            float64
	}{{"", "BAD_INPUT", 0}, {"", "BAD_INPUT", 0}, {"Many", "BAD_INPUT", 0}, {"Slow", "ok", 300}}
	for i, w := range want {
		l := lines[i]
		d, _ := l["duration_ms"].(float64)
		if l["operation"] != w.operation || l["outcome"] != w.outcome || d < w.atLeast || d <= 0 || l["key_id"] != testKey.KeyID {
			t.Errorf("request %d logged %v, want operation %q, outcome %s, at least %v ms", i, l, w.operation, w.outcome, w.atLeast)
		}
	}

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, want := range []string{
		// No operation was selected from these three: refused before.
		`supplygraph_graphql_requests_total{operation="none",outcome="BAD_INPUT"} 3`,
		`supplygraph_graphql_request_duration_seconds_bucket{operation="Slow",outcome="ok",le="0.2"} 0`,
		`supplygraph_graphql_request_duration_seconds_count{operation="Slow",outcome="ok"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// TestDeadlineCoversTheWholeRequest: a request whose time runs out before
// its operation starts (here, reading its body) is answered TIMEOUT and
// not executed.
func TestDeadlineCoversTheWholeRequest(t *testing.T) {
	store := neo4jtest.Store(t)
	var logs lockedBuffer
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{Timeout: 100 * time.Millisecond, Log: slog.New(slog.NewJSONHandler(&logs, nil))})))
	defer srv.Close()
	code, answer := slowPost(t, srv.URL, `{"query": "{ __typename }"}`, 300*time.Millisecond)
	var resp gqlResponse
	json.Unmarshal([]byte(answer), &resp)
	if resp.Data["__typename"] != nil || len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "TIMEOUT" {
		t.Errorf("%d %s", code, answer)
	}
	if lines := logs.lines(t); len(lines) != 1 || lines[0]["outcome"] != "TIMEOUT" {
		t.Errorf("logged %v", lines)
	}
	// In time, the same request is answered.
	if resp := query(t, srv, "{ __typename }"); resp.Data["__typename"] != "Query" {
		t.Errorf("%+v", resp)
	}
}

// TestOperationNamesAreBounded: clients choose operation names, so the
// metrics label only operations found in the document, at most
// 100 of them, and logs and errors quote a name
// only in part.
func TestOperationNamesAreBounded(t *testing.T) {
	store := neo4jtest.Store(t)
	var logs lockedBuffer
	m := metrics.New()
	srv := httptest.NewServer(asKey(graph.NewHandler(explorer.New(store), graph.Options{Log: slog.New(slog.NewJSONHandler(&logs, nil)), Metrics: m})))
	defer srv.Close()
	post := func(q, name string) gqlResponse {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": q, "operationName": name})
		r, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var resp gqlResponse
		json.NewDecoder(r.Body).Decode(&resp)
		return resp
	}
	// Names the document does not hold.
	for i := range 300 {
		post("query Real { __typename }", fmt.Sprintf("op%05d", i))
	}
	// 150 distinct operations that exist and run.
	for i := range 150 {
		name := fmt.Sprintf("run%03d", i)
		if resp := post("query "+name+" { __typename }", name); resp.Data["__typename"] != "Query" {
			t.Fatalf("%s: %+v", name, resp)
		}
	}
	// A 200 kB name, echoed in part only.
	huge := strings.Repeat("N", 200000)
	resp := post("query Real { __typename }", huge)
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "BAD_INPUT" || len(resp.Errors[0].Message) > 400 {
		t.Errorf("a 200 kB operation name: %d errors, first %.400v", len(resp.Errors), resp.Errors)
	}

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	labels := map[string]bool{}
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if name, ok := strings.CutPrefix(line, `supplygraph_graphql_requests_total{operation="`); ok {
			name, _, _ = strings.Cut(name, `"`)
			labels[name] = true
		}
	}
	if len(labels) != metrics.MaxOperationLabels+2 || !labels["none"] || !labels["other"] || !labels["run000"] || !labels["run099"] || labels["run100"] || labels["op00000"] {
		t.Errorf("%d operation labels, want %d (none, other and the first %d names run): %v", len(labels), metrics.MaxOperationLabels+2, metrics.MaxOperationLabels, labels)
	}
	for _, want := range []string{
		`supplygraph_graphql_requests_total{operation="none",outcome="BAD_INPUT"} 301`,
		`supplygraph_graphql_requests_total{operation="other",outcome="ok"} 50`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	t.Logf("/metrics: %d bytes, %d operation labels", rec.Body.Len(), len(labels))
	if n := rec.Body.Len(); n > 200000 {
		t.Errorf("/metrics is %d bytes", n)
	}

	lines := logs.lines(t)
	last := lines[len(lines)-1]
	if op, _ := last["operation"].(string); op != strings.Repeat("N", 64)+"…" {
		t.Errorf("logged operation %.100q", op)
	}
	if first := lines[0]; first["operation"] != "op00000" {
		t.Errorf("logged %v", first)
	}
}
