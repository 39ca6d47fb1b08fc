package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// startServe runs serve on a free address with args and returns its base
// URL once it answers /healthz; the process is killed when t ends.
func startServe(t *testing.T, bin string, env []string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	srv := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	srv.Env = env
	var logs bytes.Buffer
	srv.Stderr = &logs
	stdout, _ := srv.StdoutPipe()
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Kill(); srv.Wait() })
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if !strings.Contains(line, addr) {
		srv.Process.Kill()
		srv.Wait()
		t.Fatalf("serve printed %q\n%s", line, logs.String())
	}
	base := "http://" + addr
	waitReady(t, base)
	return base
}

// dialFrom opens a connection to base from the loopback address from
// (127.0.0.0/8 is all loopback on Linux: each address is another client).
func dialFrom(t *testing.T, from, base string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	c, err := d.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// closedWithin reads c until the server closes it and reports whether it
// did within d (what the server sent before is discarded).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return false
	}
	return true
}

// keyFor creates an API key with role.
func keyFor(t *testing.T, bin string, env []string, role string) string {
	t.Helper()
	mk := exec.Command(bin, "apikey", "create", "--role", role, "--name", "limits "+role, "--quiet")
	mk.Env = env
	out, err := mk.Output()
	if err != nil {
		t.Fatalf("apikey create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// TestServeLimits runs serve with small limits and checks each against
// real connections: slow request bodies, idle keep-alive connections, and
// more connections from one client than it may hold, while legitimate slow
// uploads and other clients are still served; and the bind retry.
func TestServeLimits(t *testing.T) {
	neo4jtest.Store(t) // empty, migrated database
	bin := buildBinary(t)
	env := append(os.Environ(), "NEO4J_URI="+neo4jtest.URI(t), "NEO4J_USER=neo4j", "NEO4J_PASSWORD=", "NEO4J_DATABASE=neo4j")
	editor, viewer := keyFor(t, bin, env, "editor"), keyFor(t, bin, env, "viewer")
	const (
		readTimeout   = time.Second
		uploadTimeout = 4 * time.Second
		idleTimeout   = time.Second
		perClient     = 20
		slack         = 2 * time.Second // the machine may be busy
	)
	base := startServe(t, bin, env, "--read-timeout", readTimeout.String(), "--upload-timeout", uploadTimeout.String(),
		"--idle-timeout", idleTimeout.String(), "--max-conns-per-client", fmt.Sprint(perClient))

	t.Run("slow request bodies are cut off", func(t *testing.T) {
		// Each sends its headers, then its body a byte every 200 ms
		// (slowloris): the server must close the connection after the
		// read timeout, and an editor's upload after the upload timeout.
		type slow struct {
			name, path, key string
			limit           time.Duration
		}
		kinds := []slow{
			{"GraphQL without a key", "/graphql", "", readTimeout},
			{"GraphQL with a key", "/graphql", viewer, readTimeout},
			{"upload with a viewer key", "/api/load", viewer, readTimeout},
			{"upload with an editor key", "/api/load", editor, uploadTimeout},
		}
		const each = 5
		var wg sync.WaitGroup
		for i, k := range kinds {
			for j := 0; j < each; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c := dialFrom(t, fmt.Sprintf("127.0.0.%d", 10+i), base)
					defer c.Close()
					start := time.Now()
					ct := "application/json"
					if k.path == "/api/load" {
						ct = "multipart/form-data; boundary=xyz"
					}
					head := "POST " + k.path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + ct + "\r\nContent-Length: 100000\r\n"
					if k.key != "" {
						head += "Authorization: Bearer " + k.key + "\r\n"
					}
					if _, err := io.WriteString(c, head+"\r\n"); err != nil {
						t.Error(err)
						return
					}
					stop := make(chan struct{})
					defer close(stop)
					go func() {
						for {
							select {
							case <-stop:
								return
							case <-time.After(200 * time.Millisecond):
								if _, err := c.Write([]byte("x")); err != nil {
									return
								}
							}
						}
					}()
					if !closedWithin(c, k.limit+slack) {
						t.Errorf("%s: still open after %s (limit %s)", k.name, time.Since(start).Round(time.Millisecond), k.limit)
						return
					}
					if d := time.Since(start); d < k.limit-200*time.Millisecond {
						t.Errorf("%s: closed after %s, before its limit of %s", k.name, d.Round(time.Millisecond), k.limit)
					}
				}()
			}
		}
		wg.Wait()
	})

	t.Run("a slow upload within the upload timeout is loaded", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		entries, _ := os.ReadDir("../../testdata/tiny")
		for _, e := range entries {
			if filepath.Ext(e.Name()) == ".csv" {
				b, _ := os.ReadFile(filepath.Join("../../testdata/tiny", e.Name()))
				w, _ := mw.CreateFormFile("file", e.Name())
				w.Write(b)
			}
		}
		mw.Close()
		// The body arrives in 10 pieces over 2.5 s: longer than the read
		// timeout, within the upload timeout.
		pr, pw := io.Pipe()
		go func() {
			data := body.Bytes()
			for i := 0; i < 10; i++ {
				time.Sleep(250 * time.Millisecond)
				pw.Write(data[i*len(data)/10 : (i+1)*len(data)/10])
			}
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", base+"/api/load", pr)
		req.ContentLength = int64(body.Len())
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+editor)
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if r.StatusCode != 200 || !strings.Contains(string(b), `"loadId"`) {
			t.Errorf("slow upload: %d %s", r.StatusCode, b)
		}
	})

	t.Run("idle keep-alive connections are closed", func(t *testing.T) {
		c := dialFrom(t, "127.0.0.30", base)
		defer c.Close()
		br := bufio.NewReader(c)
		get := func() {
			t.Helper()
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			r, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			if r.StatusCode != 200 || r.Close {
				t.Fatalf("keep-alive request: %d, close=%v", r.StatusCode, r.Close)
			}
		}
		get()
		time.Sleep(idleTimeout / 2)
		get() // still open: keep-alive works
		start := time.Now()
		if !closedWithin(c, idleTimeout+slack) {
			t.Errorf("an idle connection is still open after %s (idle timeout %s)", time.Since(start).Round(time.Millisecond), idleTimeout)
		}
	})

	t.Run("one client cannot hold more connections than its cap", func(t *testing.T) {
		var held []net.Conn
		for i := 0; i < perClient; i++ {
			held = append(held, dialFrom(t, "127.0.0.40", base))
		}
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		// Held connections wait for their request (the header timeout is
		// 10 s); one more from the same client is closed at once.
		extra := dialFrom(t, "127.0.0.40", base)
		start := time.Now()
		if !closedWithin(extra, slack) {
			t.Errorf("connection %d from one client still open after %s", perClient+1, time.Since(start).Round(time.Millisecond))
		}
		extra.Close()
		// Another client is served meanwhile, and so is a held connection.
		other := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP("127.0.0.41")}}).DialContext}}
		if r, err := other.Get(base + "/healthz"); err != nil || r.StatusCode != 200 {
			t.Errorf("another client: %v %v", r, err)
		} else {
			r.Body.Close()
		}
		io.WriteString(held[0], "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		held[0].SetReadDeadline(time.Now().Add(5 * time.Second))
		if r, err := http.ReadResponse(bufio.NewReader(held[0]), nil); err != nil || r.StatusCode != 200 {
			t.Errorf("a held connection: %v %v", r, err)
		}
		// A closed connection gives its place back.
		held[1].Close()
		deadline := time.Now().Add(slack)
		for {
			c := dialFrom(t, "127.0.0.40", base)
			io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			r, err := http.ReadResponse(bufio.NewReader(c), nil)
			c.Close()
			if err == nil && r.StatusCode == 200 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("no place after one connection closed: %v", err)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		r, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		m, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if !strings.Contains(string(m), "supplygraph_http_connections_refused_total ") ||
			strings.Contains(string(m), "supplygraph_http_connections_refused_total 0\n") {
			t.Errorf("refused connections not counted")
		}
	})

	t.Run("the address is in use", func(t *testing.T) {
		holder, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := holder.Addr().String()
		// Still held after the retry: a clear error naming the address.
		cmd := exec.Command(bin, "serve", "--addr", addr, "--bind-retry", "1s")
		cmd.Env = env
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "listen on "+addr+": another process holds this address") ||
			!strings.Contains(string(out), "address in use; retrying") {
			t.Errorf("serve on a held address: %v\n%s", err, out)
		}
		if d := time.Since(start); d < time.Second {
			t.Errorf("gave up after %s, before retrying for 1s", d)
		}
		// Freed within the retry: serve starts.
		go func() {
			time.Sleep(time.Second)
			holder.Close()
		}()
		cmd = exec.Command(bin, "serve", "--addr", addr, "--bind-retry", "20s")
		cmd.Env = env
		stdout, _ := cmd.StdoutPipe()
		var logs bytes.Buffer
		cmd.Stderr = &logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() { cmd.Process.Kill(); cmd.Wait() }()
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		if !strings.Contains(line, "http://"+addr+"/graphql") {
			t.Fatalf("serve printed %q\n%s", line, logs.String())
		}
		if code := status(t, "http://"+addr+"/healthz"); code != 200 {
			t.Errorf("/healthz = %d", code)
		}
	})
}

// TestAnswerBudget: the write timeout starts with the answer, so a request
// that works longer than it is still answered, while a client that stops
// reading an answer is disconnected after it.
func TestAnswerBudget(t *testing.T) {
	const budget = time.Second
	answer := bytes.Repeat([]byte("0123456789abcdef"), 1<<21) // 32 MiB: more than the sockets buffer
	writeErr := make(chan error, 1)
	srv := httptest.NewUnstartedServer(answerBudget(budget, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * budget) // works longer than the write timeout
		_, err := w.Write(answer)
		if r.URL.Path == "/slow-reader" {
			writeErr <- err
		}
	})))
	srv.Config.WriteTimeout = budget // as serve sets it
	srv.Start()
	defer srv.Close()

	r, err := http.Get(srv.URL + "/reader")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, r.Body)
	r.Body.Close()
	if err != nil || n != int64(len(answer)) {
		t.Errorf("a request longer than the write timeout: %d of %d bytes, %v", n, len(answer), err)
	}

	c, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /slow-reader HTTP/1.1\r\nHost: x\r\n\r\n")
	ctx, cancel := context.WithTimeout(context.Background(), 2*budget+budget+5*time.Second)
	defer cancel()
	select {
	case err := <-writeErr:
		if err == nil {
			t.Error("the whole answer was written to a client that does not read")
		}
	case <-ctx.Done():
		t.Error("the server still writes to a client that does not read")
	}
}
