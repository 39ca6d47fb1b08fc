package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"
)

// listen listens on addr. While the address is in use (typically a
// previous serve that is still exiting), it retries for up to retry,
// saying so in the log, then fails naming the address.
func listen(ctx context.Context, addr string, retry time.Duration, log *slog.Logger) (net.Listener, error) {
	deadline := time.Now().Add(retry)
	for attempt := 0; ; attempt++ {
		ln, err := net.Listen("tcp", addr)
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("listen on %s: %w", addr, err)
		}
		if !time.Now().Before(deadline) {
			return nil, fmt.Errorf("listen on %s: another process holds this address (still in use after retrying for %s; "+
				"is another supplygraph serve running there?)", addr, retry)
		}
		if attempt == 0 {
			log.Warn("address in use; retrying", "addr", addr, "for", retry.String())
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("listen on %s: stopped while waiting for the address: %w", addr, ctx.Err())
		case <-time.After(min(200*time.Millisecond, time.Until(deadline))):
		}
	}
}

// clientCap limits the connections open at once from one client address:
// Accept closes a connection from an address that already has max open
// (max 0: no limit). One client can then not take every connection the
// process can hold (slow requests, idle keep-alives), while other clients
// are still served.
//
// golang.org/x/net/netutil's LimitListener caps all connections together
// (and makes clients beyond the cap wait in the kernel's backlog), which
// lets one client crowd out the others; no maintained library caps per
// client address, hence these few lines. Behind a proxy every connection
// comes from the proxy: raise or disable the cap there.
type clientCap struct {
	net.Listener
	max     int
	refused func() // counts a refused connection (metrics)

	mu   sync.Mutex
	open map[string]int // open connections per client address
}

func limitPerClient(ln net.Listener, max int, refused func()) net.Listener {
	if max <= 0 {
		return ln
	}
	return &clientCap{Listener: ln, max: max, refused: refused, open: map[string]int{}}
}

func (l *clientCap) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		client := c.RemoteAddr().String()
		if host, _, err := net.SplitHostPort(client); err == nil {
			client = host
		}
		l.mu.Lock()
		over := l.open[client] >= l.max
		if !over {
			l.open[client]++
		}
		l.mu.Unlock()
		if over {
			c.Close()
			l.refused()
			continue
		}
		return &cappedConn{Conn: c, release: func() { l.release(client) }}, nil
	}
}

func (l *clientCap) release(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[client]--; l.open[client] <= 0 {
		delete(l.open, client)
	}
}

// cappedConn gives its client's place back when it is closed.
type cappedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// answerBudget bounds the writing of each answer with its own clock,
// started by the answer's first byte: the server's WriteTimeout runs from
// the end of the request's headers, so it would count the work before the
// answer too (GraphQL works up to --request-timeout, an upload to
// /api/load and its load far longer). Until the answer starts, the
// request's own limits bound it; a client that then reads the answer too
// slowly is disconnected after d.
func answerBudget(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		rc.SetWriteDeadline(time.Time{})
		bw := &budgetWriter{ResponseWriter: w, rc: rc, d: d}
		defer bw.start() // for what the server writes after the handler
		next.ServeHTTP(bw, r)
	})
}

type budgetWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	d       time.Duration
	started bool
}

func (b *budgetWriter) start() {
	if !b.started {
		b.started = true
		b.rc.SetWriteDeadline(time.Now().Add(b.d))
	}
}

func (b *budgetWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx answers (100 Continue) come before the request is read
		b.start()
	}
	b.ResponseWriter.WriteHeader(code)
}

func (b *budgetWriter) Write(p []byte) (int, error) {
	b.start()
	return b.ResponseWriter.Write(p)
}

func (b *budgetWriter) Flush() {
	b.start()
	b.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection.
func (b *budgetWriter) Unwrap() http.ResponseWriter { return b.ResponseWriter }
