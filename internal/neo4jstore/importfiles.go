package neo4jstore

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Initial import: a first load into an empty, stopped database through
// Neo4j's offline importer (`neo4j-admin database import full`), which
// writes the store files directly instead of running a transaction per
// batch. WriteImportFiles turns a validated dataset into the importer's
// CSV files (the graph the write statements of load.go would make: same
// labels, relationship types, property names and types, and the same
// last-row-wins upserts); FinishImport, once the database runs, adds the
// schema, the load record and a new data version.

// ImportManifest describes the files WriteImportFiles wrote
// (manifest.json), for the importer and for FinishImport.
type ImportManifest struct {
	// Files are the dataset's files, in load order; Rows their row counts
	// and Written the rows left once repeated keys are merged (the last
	// row of a key wins, as in a load).
	Files   []string       `json:"files"`
	Rows    map[string]int `json:"rows"`
	Written map[string]int `json:"written"`
	// Nodes and Relationships count what the import creates, by label and
	// by type.
	Nodes         map[string]int `json:"nodes"`
	Relationships map[string]int `json:"relationships"`
	// BlankMaterials counts supply links without a material: the load
	// stores (and merges on) an empty material, which the importer cannot
	// write, so FinishImport sets it.
	BlankMaterials int `json:"blankMaterials"`
	// Args are the importer's options (one per line in importer-args.txt).
	Args []string `json:"args"`
}

// ManifestFile and ArgsFile are written by WriteImportFiles.
const (
	ManifestFile = "manifest.json"
	ArgsFile     = "importer-args.txt"
)

// importFile is one CSV file for the importer.
type importFile struct {
	name, kind, spec string // file name, "nodes" or "relationships", label(s) or type
	w                *csv.Writer
	f                *os.File
	count            int
}

// WriteImportFiles writes the importer's files for src (already validated
// against an empty database, see dataset.Validate) into out, which must
// not exist or be empty. It returns the manifest it wrote.
//
// progress, if not nil, is told the rows read so far (of sum's total).
//
// Repeated keys are merged like a load merges them (the last row of a key
// wins); validation counted them (sum.Repeated, warned about in
// sum.Warnings), and only a file with repeats is read twice, first to find
// the last row of each key.
//
// Memory: the keys of one file with repeats at a time (a map from key to
// last row), and the facilities' ids until the findings are written.
func WriteImportFiles(ctx context.Context, src dataset.Source, sum *dataset.Summary, out string,
	progress func(file string, done, total int)) (*ImportManifest, error) {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	if entries, err := os.ReadDir(out); err != nil {
		return nil, err
	} else if len(entries) > 0 {
		return nil, domain.Errorf(domain.BadInput, "%s: the import directory must be empty", out)
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	m := &ImportManifest{Rows: map[string]int{}, Written: map[string]int{}, Nodes: map[string]int{}, Relationships: map[string]int{}}
	files := map[string]*importFile{}
	open := func(name, kind, spec string, header ...string) (*importFile, error) {
		f, err := os.Create(filepath.Join(abs, name))
		if err != nil {
			return nil, err
		}
		x := &importFile{name: name, kind: kind, spec: spec, w: csv.NewWriter(f), f: f}
		files[name] = x
		return x, x.w.Write(header)
	}
	defer func() {
		for _, x := range files {
			x.f.Close()
		}
	}()
	multiline := false // whether some field holds a line break
	row := func(x *importFile, fields ...string) error {
		x.count++
		for _, f := range fields {
			if !multiline && strings.ContainsAny(f, "\r\n") {
				multiline = true
			}
		}
		return x.w.Write(fields)
	}
	date := func(d *domain.Date) string {
		if d == nil {
			return ""
		}
		return d.String()
	}
	facilities := map[string]bool{} // to tell which subjects of findings are facilities
	done := 0                       // rows read, for progress

	for _, file := range sum.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// setup opens the file's output files and returns its row writer.
		setup := func() (func(r any) error, error) {
			var write func(r any) error
			switch file {
			case dataset.CompaniesFile:
				x, err := open("companies.csv", "nodes", "Company:Subject",
					"id:ID(Company)", "name", "nameLower", "kind", "country", "disclosure", "metal", "rmiId", "rmapStatus")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					c := r.(domain.Company)
					return row(x, c.ID, c.Name, strings.ToLower(c.Name), string(c.Kind), c.Country, string(c.Disclosure), c.Metal,
						c.RMIID, string(c.RMAPStatus))
				}
			case dataset.FacilitiesFile:
				x, err := open("facilities.csv", "nodes", "Facility:Subject", "id:ID(Facility)", "name", "country", "type")
				if err != nil {
					return nil, err
				}
				y, err := open("operated_by.csv", "relationships", "OPERATED_BY", ":START_ID(Facility)", ":END_ID(Company)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					f := r.(domain.Facility)
					facilities[f.ID] = true
					if err := row(x, f.ID, f.Name, f.Country, f.Type); err != nil {
						return err
					}
					return row(y, f.ID, f.CompanyID)
				}
			case dataset.CodesFile:
				x, err := open("codes.csv", "nodes", "Code",
					"id:ID(Code)", "title", "edition:long", "issued:date", "minEdition:long", "validDays:long")
				if err != nil {
					return nil, err
				}
				y, err := open("issued_by.csv", "relationships", "ISSUED_BY", ":START_ID(Code)", ":END_ID(Company)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					c := r.(domain.Code)
					valid := ""
					if c.ValidDays != nil {
						valid = strconv.Itoa(*c.ValidDays)
					}
					if err := row(x, c.ID, c.Title, strconv.Itoa(c.Edition), c.Issued.String(), strconv.Itoa(c.MinEdition), valid); err != nil {
						return err
					}
					if c.IssuerID == "" {
						return nil
					}
					return row(y, c.ID, c.IssuerID)
				}
			case dataset.CodeAcceptsFile:
				x, err := open("accepts.csv", "relationships", "ACCEPTS", ":START_ID(Code)", ":END_ID(Code)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					a := r.(domain.CodeAccept)
					return row(x, a.CodeID, a.AcceptedCodeID)
				}
			case dataset.SupplyLinksFile:
				x, err := open("supplies.csv", "relationships", "SUPPLIES",
					":START_ID(Company)", ":END_ID(Company)", "material", "since:date", "until:date", "share:double")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					l := r.(domain.SupplyLink)
					share := ""
					if l.Share != nil {
						share = strconv.FormatFloat(*l.Share, 'g', -1, 64)
					}
					if l.Material == "" {
						m.BlankMaterials++
					}
					return row(x, l.SupplierID, l.CustomerID, l.Material, date(l.Since), date(l.Until), share)
				}
			case dataset.RequestsFile:
				x, err := open("requested.csv", "relationships", "REQUESTED", ":START_ID(Company)", ":END_ID(Company)", "code", "date:date")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					q := r.(domain.Request)
					return row(x, q.RequesterID, q.SupplierID, q.CodeID, q.Date.String())
				}
			case dataset.AcknowledgmentsFile:
				x, err := open("acknowledged.csv", "relationships", "ACKNOWLEDGED",
					":START_ID(Company)", ":END_ID(Code)", "edition:long", "date:date", "signatory")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					a := r.(domain.Acknowledgment)
					return row(x, a.CompanyID, a.CodeID, strconv.Itoa(a.Edition), a.Date.String(), a.Signatory)
				}
			case dataset.FindingsFile:
				x, err := open("findings.csv", "nodes", "Finding",
					"id:ID(Finding)", "category", "severity:long", "likelihood:long", "status", "source", "detected:date", "closed:date", "description")
				if err != nil {
					return nil, err
				}
				yc, err := open("concerns_company.csv", "relationships", "CONCERNS", ":START_ID(Finding)", ":END_ID(Company)")
				if err != nil {
					return nil, err
				}
				yf, err := open("concerns_facility.csv", "relationships", "CONCERNS", ":START_ID(Finding)", ":END_ID(Facility)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					f := r.(domain.Finding)
					if err := row(x, f.ID, string(f.Category), strconv.Itoa(f.Severity), strconv.Itoa(f.Likelihood), string(f.Status),
						string(f.Source), f.Detected.String(), date(f.Closed), f.Description); err != nil {
						return err
					}
					if facilities[f.SubjectID] {
						return row(yf, f.ID, f.SubjectID)
					}
					return row(yc, f.ID, f.SubjectID)
				}
			case dataset.ClausesFile:
				x, err := open("clauses.csv", "nodes", "Clause",
					"key:ID(Clause)", "code", "id", "chapter", "title", "topics:string[]", "introducedIn:long", "droppedIn:long")
				if err != nil {
					return nil, err
				}
				y, err := open("has_clause.csv", "relationships", "HAS_CLAUSE", ":START_ID(Code)", ":END_ID(Clause)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					c := r.(domain.Clause)
					dropped := ""
					if c.DroppedIn != nil {
						dropped = strconv.Itoa(*c.DroppedIn)
					}
					key := dataset.ClauseRef(c.CodeID, c.ID)
					if err := row(x, key, c.CodeID, c.ID, c.Chapter, c.Title, strings.Join(c.Topics, ";"), strconv.Itoa(c.IntroducedIn), dropped); err != nil {
						return err
					}
					return row(y, c.CodeID, key)
				}
			case dataset.ClauseCrosswalkFile:
				x, err := open("equivalent_to.csv", "relationships", "EQUIVALENT_TO", ":START_ID(Clause)", ":END_ID(Clause)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					e := r.(domain.ClauseEquivalence)
					return row(x, dataset.ClauseRef(e.CodeID, e.ClauseID), dataset.ClauseRef(e.EquivalentCodeID, e.EquivalentClauseID))
				}
			case dataset.FindingClausesFile:
				x, err := open("cites.csv", "relationships", "CITES", ":START_ID(Finding)", ":END_ID(Clause)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					c := r.(domain.FindingClause)
					return row(x, c.FindingID, dataset.ClauseRef(c.CodeID, c.ClauseID))
				}
			case dataset.ActionsFile:
				x, err := open("actions.csv", "nodes", "Action", "id:ID(Action)", "kind", "description", "responsible", "opened:date",
					"due:date", "status", "done:date", "verified:date", "verifiedBy", "level", "supplier", "customer")
				if err != nil {
					return nil, err
				}
				y, err := open("addresses.csv", "relationships", "ADDRESSES", ":START_ID(Action)", ":END_ID(Finding)")
				if err != nil {
					return nil, err
				}
				write = func(r any) error {
					a := r.(domain.Action)
					if err := row(x, a.ID, string(a.Kind), a.Description, a.ResponsibleID, a.Opened.String(), date(a.Due), string(a.Status),
						date(a.Done), date(a.Verified), a.VerifiedBy, string(a.Level), a.SupplierID, a.CustomerID); err != nil {
						return err
					}
					return row(y, a.ID, a.FindingID)
				}
			default:
				return nil, domain.Errorf(domain.Internal, "import: no files for %s", file)
			}
			return write, nil
		}
		var last map[string]int // the last row of each key, if some key repeats
		if sum.Repeated[file] > 0 {
			last = map[string]int{}
			n := 0
			if err := dataset.Records(ctx, src, file, func(r any) error {
				last[dataset.Key(r)] = n
				n++
				return nil
			}); err != nil {
				return nil, err
			}
		}
		write, err := setup()
		if err != nil {
			return nil, err
		}
		n, written := 0, 0
		if err := dataset.Records(ctx, src, file, func(r any) error {
			defer func() { n++ }()
			if done++; progress != nil && done%10000 == 0 {
				progress(file, done, sum.TotalRows())
			}
			if last != nil && last[dataset.Key(r)] != n {
				return nil
			}
			written++
			return write(r)
		}); err != nil {
			return nil, err
		}
		m.Files = append(m.Files, file)
		m.Rows[file] = n
		m.Written[file] = written
	}

	if progress != nil {
		progress("", sum.TotalRows(), sum.TotalRows())
	}
	names := make([]string, 0, len(files))
	for _, name := range importFileOrder {
		if x, ok := files[name]; ok {
			names = append(names, name)
			x.w.Flush()
			if err := x.w.Error(); err != nil {
				return nil, err
			}
			if err := x.f.Close(); err != nil {
				return nil, err
			}
		}
	}
	for _, name := range names {
		x := files[name]
		if x.kind == "nodes" {
			m.Nodes[strings.Split(x.spec, ":")[0]] += x.count
		} else {
			m.Relationships[x.spec] += x.count
		}
		m.Args = append(m.Args, fmt.Sprintf("--%s=%s=%s", x.kind, x.spec, filepath.Join(abs, name)))
	}
	// Empty fields are absent properties, as nulls are in a load; fields
	// may hold line breaks only if some do (the importer reads files in
	// parallel chunks otherwise); any bad row fails the import.
	m.Args = append(m.Args, "--ignore-empty-strings=true", fmt.Sprintf("--multiline-fields=%v", multiline), "--bad-tolerance=0",
		"--skip-bad-relationships=false", "--skip-duplicate-nodes=false", "--report-file="+filepath.Join(abs, "import.report"))
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(abs, ManifestFile), append(b, '\n'), 0o644); err != nil {
		return nil, err
	}
	return m, os.WriteFile(filepath.Join(abs, ArgsFile), []byte(strings.Join(m.Args, "\n")+"\n"), 0o644)
}

// ReadImportManifest reads the manifest WriteImportFiles wrote into dir.
func ReadImportManifest(dir string) (*ImportManifest, error) {
	path := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m ImportManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &m, nil
}

// importFileOrder is the order of the importer's files (nodes first).
var importFileOrder = []string{"companies.csv", "facilities.csv", "codes.csv", "findings.csv", "clauses.csv", "actions.csv",
	"operated_by.csv", "issued_by.csv", "accepts.csv", "supplies.csv", "requested.csv", "acknowledged.csv",
	"concerns_company.csv", "concerns_facility.csv", "has_clause.csv", "equivalent_to.csv", "cites.csv", "addresses.csv"}

const (
	// importedCounts counts the imported graph from Neo4j's count store
	// (no scan), to check it against the manifest before the import is
	// recorded: by label, by type, and in all (nothing else may be there
	// but the schema's version, which an earlier finish or serve may have
	// created, and API keys).
	importedCounts = `
CALL () { MATCH (n:Company) RETURN count(n) AS companies }
CALL () { MATCH (n:Facility) RETURN count(n) AS facilities }
CALL () { MATCH (n:Code) RETURN count(n) AS codes }
CALL () { MATCH (n:Finding) RETURN count(n) AS findings }
CALL () { MATCH (n:Clause) RETURN count(n) AS clauses }
CALL () { MATCH (n:Action) RETURN count(n) AS actions }
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r:OPERATED_BY]->() RETURN count(r) AS operatedBy }
CALL () { MATCH ()-[r:ISSUED_BY]->() RETURN count(r) AS issuedBy }
CALL () { MATCH ()-[r:ACCEPTS]->() RETURN count(r) AS accepts }
CALL () { MATCH ()-[r:SUPPLIES]->() RETURN count(r) AS supplies }
CALL () { MATCH ()-[r:REQUESTED]->() RETURN count(r) AS requested }
CALL () { MATCH ()-[r:ACKNOWLEDGED]->() RETURN count(r) AS acknowledged }
CALL () { MATCH ()-[r:CONCERNS]->() RETURN count(r) AS concerns }
CALL () { MATCH ()-[r:HAS_CLAUSE]->() RETURN count(r) AS hasClause }
CALL () { MATCH ()-[r:EQUIVALENT_TO]->() RETURN count(r) AS equivalentTo }
CALL () { MATCH ()-[r:CITES]->() RETURN count(r) AS cites }
CALL () { MATCH ()-[r:ADDRESSES]->() RETURN count(r) AS addresses }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (l:Load) RETURN count(l) AS loads }
CALL () { MATCH (v:SchemaVersion) RETURN count(v) AS schemaVersions }
CALL () { MATCH (k:ApiKey) RETURN count(k) AS apiKeys }
RETURN {Company: companies, Facility: facilities, Code: codes, Finding: findings, Clause: clauses, Action: actions} AS byLabel, nodes,
  {OPERATED_BY: operatedBy, ISSUED_BY: issuedBy, ACCEPTS: accepts, SUPPLIES: supplies, REQUESTED: requested,
   ACKNOWLEDGED: acknowledged, CONCERNS: concerns, HAS_CLAUSE: hasClause, EQUIVALENT_TO: equivalentTo, CITES: cites,
   ADDRESSES: addresses} AS byType, relationships, loads,
  nodes - schemaVersions - apiKeys AS dataNodes`
	// blankMaterials gives imported supply links without a material the
	// empty material a load merges on.
	blankMaterials = `
MATCH ()-[r:SUPPLIES]->() WHERE r.material IS NULL
CALL (r) { SET r.material = '' } IN TRANSACTIONS OF 10000 ROWS`
	recordImport = `
CREATE (:Load {id: $id, origin: 'import', by: $by, files: $files, rowCounts: $rows, fingerprint: '',
  started: datetime(), finished: datetime(), heartbeat: datetime(), status: 'COMPLETED', attempts: 1,
  file: '', batches: 0, created: $created, updated: []})`
)

// FinishImport completes an initial import once the database runs: it
// checks that the database holds exactly what the manifest says was
// imported (and nothing else), creates the schema (Migrate), records the
// import as a completed load and sets a new data version. It returns the
// load's id.
//
// Errors: BAD_INPUT when the database does not hold exactly the imported
// graph (for instance when the import did not run, or ran into a database
// that was not empty); UNAVAILABLE when Neo4j cannot be reached.
func (s *Store) FinishImport(ctx context.Context, m *ImportManifest, by string) (string, error) {
	recs, err := s.read(ctx, importedCounts, nil)
	if err != nil {
		return "", err
	}
	r := recs[0].AsMap()
	if loads := r["loads"].(int64); loads > 0 {
		return "", domain.Errorf(domain.BadInput, "the database already records %d loads: finish is for a database the importer has just written", loads)
	}
	// positive keeps the counts above 0 and sums them.
	positive := func(m map[string]int) (map[string]int, int) {
		out, sum := map[string]int{}, 0
		for k, n := range m {
			if n > 0 {
				out[k] = n
				sum += n
			}
		}
		return out, sum
	}
	fromDB := func(v any) map[string]int {
		out := map[string]int{}
		for k, n := range v.(map[string]any) {
			out[k] = int(n.(int64))
		}
		out, _ = positive(out)
		return out
	}
	nodes, rels := fromDB(r["byLabel"]), fromDB(r["byType"])
	want, wantNodes := positive(m.Nodes)
	wantRels, wantRelCount := positive(m.Relationships)
	if !maps.Equal(nodes, want) || !maps.Equal(rels, wantRels) || int(r["dataNodes"].(int64)) != wantNodes || int(r["relationships"].(int64)) != wantRelCount {
		return "", domain.Errorf(domain.BadInput, "the database does not hold the imported graph: it has nodes %v (%d in all, other labels included) and relationships %v (%d in all); the import wrote nodes %v (%d) and relationships %v (%d)",
			nodes, r["dataNodes"], rels, r["relationships"], want, wantNodes, wantRels, wantRelCount)
	}
	if err := s.Migrate(ctx); err != nil {
		return "", err
	}
	if m.BlankMaterials > 0 {
		if err := s.runAutoCommit(ctx, blankMaterials); err != nil {
			return "", err
		}
	}
	id := newLoadID()
	sess := s.session(ctx, neo4j.AccessModeWrite)
	defer sess.Close(context.WithoutCancel(ctx))
	_, err = sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		r, err := tx.Run(ctx, recordImport, map[string]any{"id": id, "by": by, "files": m.Files,
			"rows": countsParam(m.Rows), "created": countsParam(m.Written)})
		if err == nil {
			_, err = r.Consume(ctx)
		}
		if err == nil {
			err = bump(ctx, tx, &Touched{Full: true})
		}
		return nil, err
	})
	return id, s.classify(ctx, err)
}
