package explorer

import (
	"context"
	"testing"
	"time"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// TestAdmissionAnswersBusy: past the limit of analysis questions at once,
// a question waits for its turn, and is answered BUSY when the wait is
// too long (before it reads anything: this service has no store), or
// TIMEOUT when its request's time runs out first.
func TestAdmissionAnswersBusy(t *testing.T) {
	ctx := auth.With(context.Background(), auth.System)
	s := New(nil)
	s.LimitAnalysis(AdmissionOptions{Limit: 1, Wait: 50 * time.Millisecond})
	release, err := s.admitted(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.Impact(ctx, "A", nil, nil, nil)
	if domain.KindOf(err) != domain.Busy || time.Since(start) < 50*time.Millisecond {
		t.Fatalf("impact past the limit: %v after %s; want BUSY after the 50 ms wait", err, time.Since(start))
	}
	short, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if _, err := s.RiskExposure(short, "A", nil, nil, nil, nil, nil); domain.KindOf(err) != domain.Timeout {
		t.Fatalf("riskExposure whose request ends while waiting: %v; want TIMEOUT", err)
	}
	waited := make(chan error, 1)
	go func() {
		done, err := s.admitted(ctx)
		if err == nil {
			done()
		}
		waited <- err
	}()
	time.Sleep(10 * time.Millisecond)
	release() // the waiting question gets its turn
	if err := <-waited; err != nil {
		t.Fatalf("a question waiting when a turn frees: %v", err)
	}
}

// TestTurnCoversItsParts: the parts of a question that holds a turn
// (chainView's supplyChain, cascade and riskExposure) run within it, even
// when every turn is taken, instead of waiting for a second one.
func TestTurnCoversItsParts(t *testing.T) {
	ctx := auth.With(context.Background(), auth.System)
	s := New(nil)
	s.LimitAnalysis(AdmissionOptions{Limit: 1, Wait: 50 * time.Millisecond})
	held, release, err := s.turn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	part, err := s.admitted(held)
	if err != nil {
		t.Fatalf("a part of a question holding the only turn: %v", err)
	}
	part()
	if _, err := s.admitted(ctx); domain.KindOf(err) != domain.Busy {
		t.Fatalf("another question while the turn is held: %v; want BUSY", err)
	}
}
