package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

// afterWrite measures what a one-row mutation costs the analysis: it
// records a current acknowledgment of code by a tier-1 supplier of focal
// that had none, and times the next cascade answer, checking that it
// shows the supplier COVERED, and that the snapshot was not built again.
func afterWrite(ctx context.Context, svc *explorer.Service, focal, code string, asOf domain.Date) error {
	d := 10
	rep, err := svc.Cascade(ctx, focal, code, &d, &asOf)
	if err != nil {
		return err
	}
	var who string
	for _, e := range rep.AllEntries() {
		if e.Tier == 1 && e.Status != domain.StatusCovered {
			who = e.CompanyID
			break
		}
	}
	if who == "" {
		return fmt.Errorf("no tier-1 supplier of %s without a current acknowledgment", focal)
	}
	codes, err := svc.CodesOf(ctx, []string{code})
	if err != nil {
		return err
	}
	builds := svc.SnapshotStatus().Builds
	sys := auth.With(ctx, auth.System)
	ack := domain.Acknowledgment{CompanyID: who, CodeID: code, Edition: codes[code].Edition, Date: asOf.AddDays(-1), Signatory: "bench"}
	start := time.Now()
	if _, err := svc.Apply(sys, "bench-query", explorer.Part{File: dataset.AcknowledgmentsFile, Records: []any{ack}}); err != nil {
		return err
	}
	wrote := time.Since(start)
	caught := caughtUp(svc)
	start = time.Now()
	rep, err = svc.Cascade(ctx, focal, code, &d, &asOf)
	if err != nil {
		return err
	}
	next := time.Since(start)
	shown := false
	for _, e := range rep.AllEntries() {
		if e.CompanyID == who {
			shown = e.Status == domain.StatusCovered
		}
	}
	fmt.Printf("\n== one-row mutation (acknowledgment by %s): written in %s; the snapshot caught up %s later; the next cascade then answered in %s, reflecting it: %v; whole snapshot builds since: %d\n",
		who, ms(wrote), ms(caught), ms(next), shown, svc.SnapshotStatus().Builds-builds)
	if !shown {
		return fmt.Errorf("the cascade after the mutation does not show %s COVERED", who)
	}
	return afterLinkWrite(ctx, svc, focal, code, asOf, rep)
}

// caughtUp waits for the snapshot to catch up with the write just made
// (the service that wrote asks it to; the next question would wait for
// it) and returns how long that took.
func caughtUp(svc *explorer.Service) time.Duration {
	start := time.Now()
	before := svc.SnapshotStatus().Version.Seq
	for svc.SnapshotStatus().Version.Seq == before && time.Since(start) < time.Minute {
		time.Sleep(time.Millisecond)
	}
	return time.Since(start)
}

// afterLinkWrite times the same for a new supply link, which changes the
// active graphs: a company of the chain's last tier starts supplying the
// focal company directly, and the next cascade must show it at tier 1.
func afterLinkWrite(ctx context.Context, svc *explorer.Service, focal, code string, asOf domain.Date, rep *analysis.CascadeReport) error {
	var who string
	deepest := 0
	for _, e := range rep.AllEntries() {
		if e.Tier > deepest {
			who, deepest = e.CompanyID, e.Tier
		}
	}
	if deepest < 2 {
		return fmt.Errorf("no company of %s's chain beyond tier 1", focal)
	}
	builds := svc.SnapshotStatus().Builds
	sys := auth.With(ctx, auth.System)
	link := domain.SupplyLink{SupplierID: who, CustomerID: focal, Material: "bench"}
	start := time.Now()
	if _, err := svc.Apply(sys, "bench-query", explorer.Part{File: dataset.SupplyLinksFile, Records: []any{link}}); err != nil {
		return err
	}
	wrote := time.Since(start)
	caught := caughtUp(svc)
	d := 10
	start = time.Now()
	rep, err := svc.Cascade(ctx, focal, code, &d, &asOf)
	if err != nil {
		return err
	}
	next := time.Since(start)
	tier := 0
	for _, e := range rep.AllEntries() {
		if e.CompanyID == who {
			tier = e.Tier
		}
	}
	fmt.Printf("== one-row mutation (supply link %s -> %s, from tier %d): written in %s; the snapshot caught up %s later; the next cascade then answered in %s (its date's graph built again), at tier %d; whole snapshot builds since: %d\n",
		who, focal, deepest, ms(wrote), ms(caught), ms(next), tier, svc.SnapshotStatus().Builds-builds)
	if tier != 1 {
		return fmt.Errorf("the cascade after the new link shows %s at tier %d, not 1", who, tier)
	}
	return nil
}

// underLoad starts `supplygraph serve` on the database, times its
// snapshot build from its start to /readyz saying "snapshot", then has
// clients concurrent clients ask the analysis questions qs over HTTP for
// dur, and prints the latencies, refusals (BUSY), and serve's peak
// resident memory (VmHWM) at startup and under load.
func underLoad(uri string, clients int, dur time.Duration, qs []question) error {
	bin, err := benchutil.Binary()
	if err != nil {
		return err
	}
	free, err := benchutil.FreeAddr()
	if err != nil {
		return err
	}
	addr := free.String()
	cmd := exec.Command(bin, "serve", "--addr", addr, "--dev-anonymous", "--neo4j-uri", uri)
	cmd.Env = os.Environ()
	logs, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	built := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(logs)
		for sc.Scan() {
			var l map[string]any
			if json.Unmarshal(sc.Bytes(), &l) == nil && l["msg"] == "analysis snapshot built" {
				select {
				case built <- fmt.Sprintf("%.1f s", l["seconds"]):
				default:
				}
			}
		}
	}()
	for {
		var st struct{ Analysis string }
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&st)
			resp.Body.Close()
		}
		if st.Analysis == "snapshot" {
			break
		}
		if time.Since(start) > 10*time.Minute {
			return fmt.Errorf("serve's snapshot not ready after 10 minutes")
		}
		time.Sleep(200 * time.Millisecond)
	}
	ready := time.Since(start)
	buildTime := "?"
	select {
	case buildTime = <-built:
	case <-time.After(time.Second):
	}
	peakIdle := peakRSS(cmd.Process.Pid)
	fmt.Printf("\n== serve: analysis from the snapshot %.1f s after start (its build: %s); peak RSS %s\n", ready.Seconds(), buildTime, mb(peakIdle))

	type result struct {
		d    time.Duration
		busy bool
	}
	var mu sync.Mutex
	times := map[string][]time.Duration{}
	busy, failed := 0, 0
	var wg sync.WaitGroup
	stop := time.Now().Add(dur)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			cl := &client{url: "http://" + addr + "/graphql"}
			for i := c; time.Now().Before(stop); i++ {
				q := qs[i%len(qs)]
				t0 := time.Now()
				err := cl.query(q.graphql)(context.Background())
				d := time.Since(t0)
				mu.Lock()
				switch {
				case err == nil:
					times[q.name] = append(times[q.name], d)
				case strings.Contains(err.Error(), `"BUSY"`):
					busy++
				default:
					failed++
					if failed == 1 {
						fmt.Println("   first failure:", err)
					}
				}
				mu.Unlock()
			}
		}(c)
	}
	wg.Wait()
	total := 0
	fmt.Printf("== %d concurrent analysis clients for %s (serve answers as many at once as it has cores; the others wait their turn):\n", clients, dur)
	for _, q := range qs {
		ts := times[q.name]
		total += len(ts)
		if len(ts) == 0 {
			continue
		}
		p := percentiles(ts)
		fmt.Printf("   %-16s %6d answers  p50 %10s  p99 %10s\n", q.name, len(ts), ms(p[0]), ms(p[1]))
	}
	fmt.Printf("   %.1f answers/s; BUSY %d; other errors %d; serve's peak RSS %s\n", float64(total)/dur.Seconds(), busy, failed, mb(peakRSS(cmd.Process.Pid)))
	return nil
}

// peakRSS is the process's peak resident set (VmHWM), in bytes.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return -1
}

func mb(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
