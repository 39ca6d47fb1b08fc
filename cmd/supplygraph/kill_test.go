package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	gendata "github.com/supplygraph/supplygraph/internal/gen"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
	"github.com/supplygraph/supplygraph/internal/neo4jtest"
)

// TestKillMidLoad proves the load guarantee: a batched load interrupted by
// a crash of the loader, or by Neo4j going down, is recorded as incomplete,
// and running it again (with --resume, or simply again) converges to exactly
// the state of an uninterrupted load.
func TestKillMidLoad(t *testing.T) {
	db := neo4jtest.Start(t)
	bin := buildBinary(t)
	data := t.TempDir()
	if _, err := gendata.Generate(gendata.Config{Companies: 15000, Seed: 7}, data); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NEO4J_URI="+db.URI())
	loadArgs := []string{"load", "--single-tx-rows", "1", "--batch-size", "500", data}
	ctx := context.Background()
	store, err := neo4jstore.Open(db.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(ctx)
	neo4jstore.HeartbeatTimeout = 0 // a load that is not running reads INCOMPLETE at once

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
		loads, err := store.Loads(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if loads[0].Status != neo4jstore.LoadIncomplete || loads[0].File != "supply_links.csv" {
			t.Errorf("after the kill: %+v", loads[0])
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
		loads, _ = store.Loads(ctx, 5)
		if loads[0].Status != neo4jstore.LoadCompleted || loads[0].Attempts != 2 {
			t.Errorf("after resume: %+v", loads[0])
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
		loads, err := store.Loads(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if loads[0].Status != neo4jstore.LoadIncomplete && loads[0].Status != neo4jstore.LoadFailed {
			t.Errorf("after the outage: %+v", loads[0])
		}
		runLoad() // simply again, from the start
		if diff := cmp.Diff(want, neo4jtest.SnapshotOf(t, db.Config())); diff != "" {
			t.Errorf("re-run load differs from an uninterrupted one:\n%.2000s", diff)
		}
	})
}
