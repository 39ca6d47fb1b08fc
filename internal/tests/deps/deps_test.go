// Package deps enforces the layers of docs/development.md: which of the
// project's packages each package may import.
package deps

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/supplygraph/supplygraph/"

// allowed lists, for each package, the project packages it may import.
var allowed = map[string][]string{
	"internal/domain":     {},
	"internal/auth":       {"internal/domain"},
	"internal/analysis":   {"internal/domain"},
	"internal/dataset":    {"internal/domain"},
	"internal/cmrt":       {"internal/domain", "internal/dataset"},
	"internal/metrics":    {},
	"internal/neo4jstore": {"internal/domain", "internal/dataset", "internal/auth"},
	"internal/explorer": {"internal/domain", "internal/dataset", "internal/auth", "internal/analysis",
		"internal/cmrt", "internal/neo4jstore"},
	// The API layers talk to the service, never to the store.
	"internal/httpapi": {"internal/domain", "internal/dataset", "internal/auth", "internal/analysis",
		"internal/cmrt", "internal/explorer"},
	"graph": {"internal/domain", "internal/dataset", "internal/auth", "internal/analysis", "internal/cmrt",
		"internal/explorer", "internal/metrics", "graph/model", "graph/scalar"},
}

func TestImportDirections(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the go command is needed to list imports")
	}
	for pkg, ok := range allowed {
		out, err := exec.Command("go", "list", "-f", `{{join .Imports " "}}`, module+pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		may := map[string]bool{pkg: true}
		for _, p := range ok {
			may[p] = true
		}
		for _, dep := range strings.Fields(string(out)) {
			rel, mine := strings.CutPrefix(dep, module)
			if !mine || strings.HasPrefix(rel, "internal/tests") {
				continue
			}
			if !may[rel] {
				t.Errorf("%s imports %s, which its layer may not import (docs/development.md)", pkg, rel)
			}
		}
	}
}
