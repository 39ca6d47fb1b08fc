package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	gendata "github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestKillMidLoad proves the load guarantee: a batched load interrupted by
// a crash of the loader, or by Neo4j going down, is recorded as incomplete
// (once its lease lapses, and in the database by the next load), and
// running it again (with --resume, or simply again) converges to exactly
// the state of an uninterrupted load.
func TestKillMidLoad(t *testing.T) {
	db := neo4jtest.Start(t)
	bin := buildBinary(t)
	data := t.TempDir()
	if _, err := gendata.Generate(gendata.Config{Companies: 15000, Seed: 7}, data); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NEO4J_URI="+db.URI())
	// A heartbeat of 500 ms: a killed load's lease (6 heartbeats) lapses
	// after 3 s.
	loadArgs := []string{"load", "--single-tx-rows", "1", "--batch-size", "500", "--heartbeat", "500ms", data}
	ctx := context.Background()
	store, err := neo4jstore.Open(db.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	// storedStatus is the status a load's record holds in the database.
	storedStatus := func(id string) string {
		t.Helper()
		drv, err := neo4j.NewDriverWithContext(db.URI(), neo4j.BasicAuth("neo4j", "", ""))
		if err != nil {
			t.Fatal(err)
		}
		defer drv.Close(ctx)
		res, err := neo4j.ExecuteQuery(ctx, drv, `MATCH (l:Load {id: $id}) RETURN l.status`, map[string]any{"id": id},
			neo4j.EagerResultTransformer)
		if err != nil || len(res.Records) != 1 {
			t.Fatalf("load %s: %v", id, err)
		}
		s, _ := res.Records[0].Values[0].(string)
		return s
	}
	// lapsed waits until the latest load no longer reads RUNNING (its
	// lease has lapsed) and returns it.
	lapsed := func() neo4jstore.LoadRecord {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			loads, err := store.Loads(ctx, 1)
			if err != nil {
				t.Fatal(err)
			}
			if loads[0].Status != neo4jstore.LoadRunning || time.Now().After(deadline) {
				return loads[0]
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	runLoad := func(extra ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append(loadArgs[:1:1], append(extra, loadArgs[1:]...)...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("load: %v\n%s", err, out)
		}
		return string(out)
	}
	reset := func() {
		t.Helper()
		if err := store.DeleteAll(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// startAndInterrupt starts a load and calls interrupt once some batches
	// of supply_links.csv are committed.
	startAndInterrupt := func(interrupt func(cmd *exec.Cmd)) *exec.Cmd {
		t.Helper()
		cmd := exec.Command(bin, loadArgs...)
		cmd.Env = env
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Minute)
		for time.Now().Before(deadline) {
			loads, err := store.Loads(ctx, 1)
			if err == nil && len(loads) == 1 && loads[0].File == "supply_links.csv" && loads[0].Batches >= 3 {
				interrupt(cmd)
				return cmd
			}
			time.Sleep(20 * time.Millisecond)
		}
		cmd.Process.Kill()
		t.Fatal("the load never reached supply_links.csv")
		return nil
	}

	// The reference: an uninterrupted load.
	runLoad()
	want := neo4jtest.SnapshotOf(t, db.Config())
	if strings.Count(want, "\n") < 50000 {
		t.Fatalf("reference database too small: %d lines", strings.Count(want, "\n"))
	}

	t.Run("loader killed, then --resume", func(t *testing.T) {
		reset()
		cmd := startAndInterrupt(func(cmd *exec.Cmd) { cmd.Process.Kill() })
		cmd.Wait()
		if l := lapsed(); l.Status != neo4jstore.LoadIncomplete || l.File != "supply_links.csv" {
			t.Errorf("after the kill: %+v", l)
		}
		if neo4jtest.SnapshotOf(t, db.Config()) == want {
			t.Fatal("the load finished before it was killed; nothing was tested")
		}
		out := runLoad("--resume")
		if !strings.Contains(out, "(resumed)") {
			t.Errorf("not resumed:\n%s", out)
		}
		if diff := cmp.Diff(want, neo4jtest.SnapshotOf(t, db.Config())); diff != "" {
			t.Errorf("resumed load differs from an uninterrupted one:\n%.2000s", diff)
		}
		loads, _ := store.Loads(ctx, 5)
		if loads[0].Status != neo4jstore.LoadCompleted || loads[0].Attempts != 2 {
			t.Errorf("after resume: %+v", loads[0])
		}
	})

	t.Run("loader killed, load run again without --resume", func(t *testing.T) {
		reset()
		cmd := startAndInterrupt(func(cmd *exec.Cmd) { cmd.Process.Kill() })
		cmd.Wait()
		killed := lapsed()
		if killed.Status != neo4jstore.LoadIncomplete {
			t.Fatalf("the killed load's lease never lapsed: %+v", killed)
		}
		out := runLoad()
		if strings.Contains(out, "(resumed)") {
			t.Errorf("resumed without --resume:\n%s", out)
		}
		if diff := cmp.Diff(want, neo4jtest.SnapshotOf(t, db.Config())); diff != "" {
			t.Errorf("re-run load differs from an uninterrupted one:\n%.2000s", diff)
		}
		// The new load recorded the killed one as INCOMPLETE: its record
		// does not say RUNNING for ever.
		if s := storedStatus(killed.ID); s != neo4jstore.LoadIncomplete {
			t.Errorf("the killed load's record says %s", s)
		}
		loads, _ := store.Loads(ctx, 2)
		if len(loads) != 2 || loads[0].Status != neo4jstore.LoadCompleted || loads[1].ID != killed.ID || loads[1].Status != neo4jstore.LoadIncomplete {
			t.Errorf("loads after the re-run: %+v", loads)
		}
	})

	t.Run("Neo4j killed, restarted, load run again", func(t *testing.T) {
		reset()
		var killed time.Time
		cmd := startAndInterrupt(func(*exec.Cmd) {
			db.Run(t, "kill")
			killed = time.Now()
		})
		err := cmd.Wait()
		if err == nil {
			t.Fatal("the loader succeeded although Neo4j was killed")
		}
		if d := time.Since(killed); d > 20*time.Second {
			t.Errorf("the loader took %s to notice that Neo4j was gone", d)
		}
		db.Run(t, "start")
		l := lapsed()
		if l.Status != neo4jstore.LoadIncomplete && l.Status != neo4jstore.LoadFailed {
			t.Errorf("after the outage: %+v", l)
		}
		runLoad() // simply again, from the start
		if diff := cmp.Diff(want, neo4jtest.SnapshotOf(t, db.Config())); diff != "" {
			t.Errorf("re-run load differs from an uninterrupted one:\n%.2000s", diff)
		}
	})
}
