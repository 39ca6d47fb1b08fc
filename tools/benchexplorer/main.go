// Command benchexplorer measures the explorer page on a large chain: the
// chainView answer (time, size raw and gzipped), the page's first complete
// view in headless Chromium (from navigation to the graph drawn), and the
// frame rate while the camera pans, with the CPU time Chromium spends per
// frame, at the first of -windows and then at the others. make
// bench-explorer runs it; it prints figures, it asserts nothing.
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/supplygraph/supplygraph/internal/analysis"
	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/tools/benchutil"
)

func main() {
	n := flag.Int("companies", 100000, "dataset size (supplygraph gen)")
	seed := flag.Uint64("seed", 1, "generator seed")
	uri := flag.String("uri", "", "use this Neo4j (holding this dataset or nothing) instead of a fresh one")
	runs := flag.Int("runs", 3, "page loads measured")
	windows := flag.String("windows", "1400x900,1000x650,700x450", "browser window sizes: everything is measured at the first, panning at the others")
	flag.Parse()
	sizes, err := parseWindows(*windows)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchexplorer:", err)
		os.Exit(2)
	}
	if err := run(*n, *seed, *uri, *runs, sizes); err != nil {
		fmt.Fprintln(os.Stderr, "benchexplorer:", err)
		os.Exit(1)
	}
}

// largest picks the buyer with the largest chain at asOf (depth 10) and the code it issues.
func largest(ctx context.Context, dir string, asOf domain.Date) (focal, code string, chain int, err error) {
	src, _ := dataset.Dir(dir)
	var links []domain.SupplyLink
	kinds := map[string]domain.CompanyKind{}
	issuer := map[string]string{}
	for _, f := range []string{dataset.CompaniesFile, dataset.SupplyLinksFile, dataset.CodesFile} {
		err = dataset.Records(ctx, src, f, func(r any) error {
			switch x := r.(type) {
			case domain.Company:
				kinds[x.ID] = x.Kind
			case domain.SupplyLink:
				links = append(links, x)
			case domain.Code:
				if x.IssuerID != "" {
					issuer[x.IssuerID] = x.ID
				}
			}
			return nil
		})
		if err != nil {
			return
		}
	}
	g := analysis.ActiveGraph(links, asOf)
	var buyers []string
	for id, k := range kinds {
		if k == domain.KindBuyer && issuer[id] != "" {
			buyers = append(buyers, id)
		}
	}
	sort.Strings(buyers)
	for _, b := range buyers {
		if c := len(analysis.Chain(g, b, 10)); c > chain {
			focal, chain = b, c
		}
	}
	if focal == "" {
		return "", "", 0, fmt.Errorf("no buyer issues a code")
	}
	return focal, issuer[focal], chain, nil
}

// window is a browser window size.
type window struct{ w, h int }

func (w window) String() string { return fmt.Sprintf("%dx%d", w.w, w.h) }

func parseWindows(s string) ([]window, error) {
	var out []window
	for _, f := range strings.Split(s, ",") {
		var w window
		if _, err := fmt.Sscanf(strings.TrimSpace(f), "%dx%d", &w.w, &w.h); err != nil || w.w < 200 || w.h < 200 {
			return nil, fmt.Errorf("-windows: %q is not a window size like 1400x900", f)
		}
		out = append(out, w)
	}
	return out, nil
}

func run(n int, seed uint64, uri string, runs int, windows []window) error {
	ctx := auth.With(context.Background(), auth.System)
	dir, _, err := benchutil.Dataset(n, seed)
	if err != nil {
		return err
	}
	asOf, _ := domain.ParseDate("2026-06-01")
	focal, code, chain, err := largest(ctx, dir, asOf)
	if err != nil {
		return err
	}
	db, err := benchutil.Load(ctx, "explorer", uri, dir, focal)
	if err != nil {
		return err
	}
	defer db.Close()
	svc, uri := db.Service, db.URI
	key, _, err := svc.CreateKey(ctx, "benchexplorer", auth.Viewer, "")
	if err != nil {
		return err
	}
	bin, err := benchutil.Binary()
	if err != nil {
		return err
	}
	free, err := benchutil.FreeAddr()
	if err != nil {
		return err
	}
	addr := free.String()
	srv := exec.Command(bin, "serve", "--addr", addr)
	srv.Env = append(os.Environ(), "NEO4J_URI="+uri)
	srv.Stdout, srv.Stderr = io.Discard, io.Discard
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if r, err := http.Get(base + "/readyz"); err == nil && r.StatusCode == 200 {
			r.Body.Close()
			break
		} else if r != nil {
			r.Body.Close()
		}
		if i > 600 {
			return fmt.Errorf("serve did not get ready")
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The API: chainView as the page asks it (the first answer builds the
	// server's analysis snapshot).
	q := fmt.Sprintf(`{ chainView(focal: %q, code: %q, asOf: "2026-06-01") { focal code asOf maxDepth threshold
		columns { ids names kinds tiers statuses reached open exposure } sources targets shares
		tiers { tier companies covered stale pending notRequested reached coverage openEnds ackGap visibilityGap uncovered }
		firstUncoveredTier truncated risks { id category base weight score node partner path } risksComplete
		byCategory { category count maxScore } byPartner { partner count maxScore } } }`, focal, code)
	fmt.Printf("== bench-explorer: %d companies; focal %s (chain %d companies at depth 10), code %s\n", n, focal, chain, code)
	for i := 0; i < runs+1; i++ {
		body, _ := json.Marshal(map[string]string{"query": q})
		req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		raw, _ := io.ReadAll(r.Body)
		r.Body.Close()
		d := time.Since(t0)
		if bytes.Contains(raw[:min(len(raw), 200)], []byte(`"errors"`)) {
			fmt.Printf("chainView answered an error after %.0f ms: %.300s\n", float64(d.Microseconds())/1000, raw)
			continue
		}
		var zipped bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zipped, gzip.DefaultCompression)
		zw.Write(raw)
		zw.Close()
		what := "warm"
		if i == 0 {
			what = "first (builds the snapshot)"
		}
		fmt.Printf("chainView %-28s %7.0f ms  %6.2f MB raw  %5.2f MB gzipped\n", what, float64(d.Microseconds())/1000, float64(len(raw))/1e6, float64(zipped.Len())/1e6)
	}

	// The page in headless Chromium (WebGL by SwiftShader: no GPU here).
	browser := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		return fmt.Errorf("no chromium on PATH (apt-get install -y chromium)")
	}
	// open starts a browser with a window of size w and signs the tab in.
	open := func(w window) (context.Context, func(), error) {
		opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox,
			chromedp.WindowSize(w.w, w.h), chromedp.Flag("enable-unsafe-swiftshader", true), chromedp.Flag("use-angle", "swiftshader"))
		alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		tab, cancelTab := chromedp.NewContext(alloc)
		stop := func() { cancelTab(); cancel() }
		if err := chromedp.Run(tab, chromedp.Navigate(base+"/"), chromedp.Evaluate(fmt.Sprintf(`sessionStorage.setItem("supplygraph.key", %q)`, key), nil)); err != nil {
			stop()
			return nil, nil, err
		}
		return tab, stop, nil
	}
	tab, stop, err := open(windows[0])
	if err != nil {
		return err
	}
	defer stop()
	page := fmt.Sprintf("%s/?focal=%s&code=%s&asOf=2026-06-01", base, focal, code)
	fmt.Printf("page: in a %s window\n", windows[0])
	for i := 0; i < runs; i++ {
		t0 := time.Now()
		var ok bool
		ctx, c := context.WithTimeout(tab, 5*time.Minute)
		err := chromedp.Run(ctx, chromedp.Navigate(page), chromedp.Evaluate(drawn, &ok, awaitPromise))
		c()
		if err != nil {
			return err
		}
		var marks map[string]float64
		if err := chromedp.Run(tab, chromedp.Evaluate(`Object.fromEntries(performance.getEntriesByType("mark").map(m => [m.name, m.startTime]))`, &marks)); err != nil {
			return err
		}
		fmt.Printf("page: first complete view %7.0f ms (navigation to the graph drawn): page ready and signed in at %.0f ms, chainView answered after %.0f ms, drawn %.0f ms later\n",
			float64(time.Since(t0).Microseconds())/1000, marks["chainview-asked"], marks["chainview-answered"]-marks["chainview-asked"], marks["chainview-drawn"]-marks["chainview-answered"])
	}
	var png []byte
	if err := chromedp.Run(tab, chromedp.FullScreenshot(&png, 100)); err == nil {
		shot := filepath.Join(benchutil.Root(), ".data", "bench", fmt.Sprintf("explorer-%d.png", n))
		if os.WriteFile(shot, png, 0o644) == nil {
			fmt.Println("page: screenshot of the first view in", shot)
		}
	}
	// The ceiling: an animation loop that draws nothing, in the same tab.
	var ceiling float64
	bare := `new Promise(ok => { const t0 = performance.now(); let f = 0; const step = () => { f++;
		if (performance.now() - t0 < 3000) requestAnimationFrame(step); else ok(f * 1000 / (performance.now() - t0)); }; requestAnimationFrame(step); })`
	if err := chromedp.Run(tab, chromedp.Evaluate(bare, &ceiling, awaitPromise)); err != nil {
		return err
	}
	fmt.Printf("page: an empty animation loop %5.1f frames/s (the ceiling on this machine now)\n", ceiling)
	// Where a frame's time goes: sigma's JavaScript alone, and with the
	// WebGL work finished (readPixels waits for it; SwiftShader does it on the CPU).
	var jsMs, glMs float64
	frame := `(sync => { const r = window.explorer.renderer; const gl = r.webGLContexts.nodes; const px = new Uint8Array(4); const t0 = performance.now();
		for (let i = 0; i < 20; i++) { r.render(); if (sync) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); } return (performance.now() - t0) / 20; })`
	if err := chromedp.Run(tab, chromedp.Evaluate(frame+"(false)", &jsMs), chromedp.Evaluate(frame+"(true)", &glMs)); err != nil {
		return err
	}
	fmt.Printf("page: one frame of the first view: %.1f ms of JavaScript, %.1f ms with its WebGL work done\n", jsMs, glMs)
	var drawnNow struct{ Items, Edges int }
	size := `({items: window.explorer.graph.order, edges: window.explorer.graph.size})`
	if err := chromedp.Run(tab, chromedp.Evaluate(size, &drawnNow)); err != nil {
		return err
	}
	p, err := panning(tab)
	if err != nil {
		return err
	}
	fmt.Printf("page: panning %s (%d items and %d edges drawn)\n", p, drawnNow.Items, drawnNow.Edges)
	// Expanding: the largest group draws its next companies; then pan again.
	expand := `new Promise(ok => { const e = window.explorer; let best = "", n = 0;
		e.graph.forEachNode((k, a) => { if (a.group && a.count > n) { best = k; n = a.count; } });
		if (!best) return ok(-1); const t0 = performance.now(); e.expand(best);
		requestAnimationFrame(() => requestAnimationFrame(() => ok(performance.now() - t0))); })`
	for i := 0; i < 4; i++ {
		var ms float64
		if err := chromedp.Run(tab, chromedp.Evaluate(expand, &ms, awaitPromise), chromedp.Evaluate(size, &drawnNow)); err != nil {
			return err
		}
		if ms < 0 {
			break
		}
		fmt.Printf("page: expanding the largest group %5.0f ms (%d items and %d edges drawn)\n", ms, drawnNow.Items, drawnNow.Edges)
	}
	if p, err = panning(tab); err != nil {
		return err
	}
	fmt.Printf("page: panning %s after expanding\n", p)
	stop()

	// The first view's panning in other window sizes (a smaller window, a
	// smaller graph).
	for _, w := range windows[1:] {
		tab, stop, err := open(w)
		if err != nil {
			return err
		}
		ctx, c := context.WithTimeout(tab, 5*time.Minute)
		var ok bool
		err = chromedp.Run(ctx, chromedp.Navigate(page), chromedp.Evaluate(drawn, &ok, awaitPromise))
		c()
		if err == nil {
			p, err = panning(tab)
		}
		stop()
		if err != nil {
			return err
		}
		fmt.Printf("page: in a %s window, panning %s\n", w, p)
	}
	return nil
}

// Complete: the view drawn (in groups, for a large chain) with its coverage
// bars and risk list, and two frames rendered.
const drawn = `new Promise(ok => { const t = setInterval(() => { const e = window.explorer;
	if (e && e.view && e.renderer && e.display && e.view.focal === new URLSearchParams(location.search).get("focal")
		&& document.querySelectorAll("#coverage .tier-row").length > 0) { clearInterval(t);
		requestAnimationFrame(() => requestAnimationFrame(() => ok(true))); } }, 10); })`

// pan moves the camera a little every frame for 3 s, counting frames and
// sigma's drawings; it notes the graph's size and its canvases shown while
// the camera moves.
const pan = `new Promise(ok => { const r = window.explorer.renderer, cam = r.getCamera(); const t0 = performance.now(); let frames = 0, draws = 0;
	const drew = () => draws++; r.on("afterRender", drew);
	const step = () => { frames++; const s = cam.getState(); cam.setState({ x: s.x + 0.002, y: s.y });
		if (performance.now() - t0 < 3000) return requestAnimationFrame(step);
		r.removeListener("afterRender", drew);
		const layers = Object.values(r.getCanvases());
		ok({fps: frames * 1000 / (performance.now() - t0), frames, draws, width: r.getDimensions().width, height: r.getDimensions().height,
			layers: layers.length, shown: layers.filter(c => getComputedStyle(c).display !== "none").length}); };
	requestAnimationFrame(step); })`

// pan's figures.
type panned struct {
	FPS           float64
	Frames        int
	Draws         int // sigma's drawings meanwhile
	Width, Height int
	Layers, Shown int
	cpu, gpu      float64 // Chromium's CPU time per frame, ms (-1: unknown)
	load          string  // the load average over the last minute, after
}

func (p panned) String() string {
	s := fmt.Sprintf("%5.1f frames/s over 3 s (%d drawn by sigma), graph %dx%d, %d of its %d canvases shown while moving", p.FPS, p.Draws, p.Width, p.Height, p.Shown, p.Layers)
	if p.cpu >= 0 {
		s += fmt.Sprintf("; Chromium's CPU per frame %.0f ms (GPU process %.0f ms)", p.cpu, p.gpu)
	}
	if p.load != "" {
		s += "; load average " + p.load
	}
	return s
}

// panning pans the camera in tab, with the CPU time Chromium's processes
// (this program's descendants) spent meanwhile.
func panning(tab context.Context) (panned, error) {
	var p panned
	before := chromiumCPU()
	if err := chromedp.Run(tab, chromedp.Evaluate(pan, &p, awaitPromise)); err != nil {
		return p, err
	}
	after := chromiumCPU()
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		p.load = strings.Fields(string(b))[0]
	}
	p.cpu, p.gpu = -1, -1
	if before != nil && after != nil && p.Frames > 0 {
		p.cpu, p.gpu = 0, (after["gpu-process"]-before["gpu-process"])/float64(p.Frames)
		for k, v := range after {
			p.cpu += (v - before[k]) / float64(p.Frames)
		}
	}
	return p, nil
}

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
