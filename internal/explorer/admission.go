package explorer

import (
	"context"
	"runtime"
	"time"

	"github.com/supplygraph/supplygraph/internal/domain"
)

// Analysis questions work on whole chains: each holds working arrays sized
// to the graph (tens of MB at a million companies) and a core. Running
// more of them at once than there are cores only multiplies the memory
// and makes each slower, so at most Limit run at once (by default as many
// as there are cores); the others wait their turn, in no particular
// order, for at most Wait, and are then answered BUSY.

// AdmissionOptions bound the analysis questions that run at once.
type AdmissionOptions struct {
	Limit int           // questions running at once; 0: GOMAXPROCS
	Wait  time.Duration // longest wait for a turn; 0: 10 s
}

type admission struct {
	slots chan struct{}
	wait  time.Duration
}

// LimitAnalysis sets the admission limit of the analysis questions (serve
// does; without it they are not limited).
func (s *Service) LimitAnalysis(o AdmissionOptions) {
	if o.Limit <= 0 {
		o.Limit = runtime.GOMAXPROCS(0)
	}
	if o.Wait <= 0 {
		o.Wait = 10 * time.Second
	}
	s.admit = &admission{slots: make(chan struct{}, o.Limit), wait: o.Wait}
}

// admitted waits for a turn to answer an analysis question; the caller
// calls the returned function when done.
func (s *Service) admitted(ctx context.Context) (func(), error) {
	_, done, err := s.turn(ctx)
	return done, err
}

type turnKey struct{}

// turn is admitted, with a context that holds the turn: a question made of
// others (chainView) takes one turn for all its parts, which then do not
// wait for another. Its parts run inside the limit, and no question holds
// a turn while waiting for a second one.
func (s *Service) turn(ctx context.Context) (context.Context, func(), error) {
	a := s.admit
	if a == nil || ctx.Value(turnKey{}) != nil {
		return ctx, func() {}, nil
	}
	held := context.WithValue(ctx, turnKey{}, true)
	select {
	case a.slots <- struct{}{}:
		return held, func() { <-a.slots }, nil
	default:
	}
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return held, func() { <-a.slots }, nil
	case <-t.C:
		return nil, nil, domain.Errorf(domain.Busy, "the server is answering as many analysis questions as it can; ask again shortly")
	case <-ctx.Done():
		return nil, nil, domain.Errorf(domain.Timeout, "the request ran past its time limit while waiting for its turn")
	}
}
