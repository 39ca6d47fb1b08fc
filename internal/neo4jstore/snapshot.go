package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// Every write of data (loads, mutations, CMRT imports, RMAP updates,
// confirming or rejecting proposals) records, in its own transaction, a
// :Change node with the next number of the data's change sequence and the
// ids it touched: the subjects (companies and facilities) whose own data
// it wrote, and the codes. An in-memory snapshot of the data (one per
// serve process, however many share the database) catches up from the
// changes after the number it holds, reading again only what they name.
// The sequence lives on the :DataVersion node, whose lock orders the
// writes; its epoch changes when a change cannot be described by ids (an
// initial import, a refresh after writes made outside supplygraph), and
// a snapshot of another epoch is read again whole (a database written
// before schema 7 has the epoch "" until then). The last keepChanges
// changes are kept; a snapshot further behind is read again whole.
const (
	bumpVersion = `
MERGE (v:DataVersion {id: 'data'})
ON CREATE SET v.epoch = randomUUID(), v.seq = 0
SET v.epoch = CASE WHEN $full THEN randomUUID() ELSE coalesce(v.epoch, '') END,
    v.seq = coalesce(v.seq, 0) + 1
CREATE (:Change {seq: v.seq, epoch: v.epoch, subjects: $subjects, codes: $codes, at: datetime()})
WITH v
OPTIONAL MATCH (old:Change) WHERE old.seq <= v.seq - $keep
DELETE old`
	getVersion = `OPTIONAL MATCH (v:DataVersion {id: 'data'}) RETURN coalesce(v.epoch, '') AS epoch, coalesce(v.seq, 0) AS seq`
	getChanges = `
MATCH (c:Change) WHERE c.seq > $after AND c.seq <= $upto AND c.epoch = $epoch
RETURN c.seq, c.subjects, c.codes ORDER BY c.seq`
	keepChanges = 1000
	// maxChangeIDs: a change naming more ids is recorded as a new epoch
	// (the snapshot reads everything again, which is then as fast).
	maxChangeIDs = 200_000
)

// Version is the state of the data: its epoch and the number of its last
// change.
type Version struct {
	Epoch string
	Seq   int64
}

// DataVersion returns the current data version (zero before any write).
// Every question reads it first, so it is read in one round trip (an
// auto-commit query: a transaction function takes two); a failure other
// than a timeout is retried as a transaction function, which retries what
// Neo4j says is transient (the failed attempt is in the query metrics).
// UNAVAILABLE or TIMEOUT if Neo4j cannot answer.
func (s *Store) DataVersion(ctx context.Context) (Version, error) {
	recs, err := s.readOnce(ctx, getVersion)
	if err != nil && ctx.Err() == nil && domain.KindOf(err) != domain.Timeout {
		recs, err = s.read(ctx, getVersion, nil)
	}
	if err != nil || len(recs) == 0 {
		return Version{}, err
	}
	return Version{Epoch: str(recs[0].Values[0]), Seq: int64(integer(recs[0].Values[1]))}, nil
}

// Touched is what a write changed, as a snapshot needs to know it.
type Touched struct {
	Subjects map[string]bool // companies and facilities whose own data changed
	Codes    map[string]bool
	Full     bool // anything may have changed
}

// touchedRows adds what rows of a dataset file (parameter rows of its
// write statement, see converters) touch: the subject whose data the row
// is (a link is its supplier's, a request its requester's, a finding its
// subject's, a facility its own and its operator's), or the code.
func (t *Touched) touchedRows(file string, rows []any) {
	if t.Subjects == nil {
		t.Subjects, t.Codes = map[string]bool{}, map[string]bool{}
	}
	for _, r := range rows {
		row := r.([]any)
		switch file {
		case dataset.CodesFile, dataset.CodeAcceptsFile:
			t.Codes[row[0].(string)] = true
		case dataset.FindingsFile:
			t.Subjects[row[1].(string)] = true
		case dataset.ClausesFile:
			t.Codes[row[0].(string)] = true
		case dataset.ClauseCrosswalkFile:
			t.Codes[row[0].(string)], t.Codes[row[2].(string)] = true, true
		case dataset.FindingClausesFile, dataset.ActionsFile:
			// the statement returns the subjects (see subjectFiles)
		case dataset.FacilitiesFile:
			t.Subjects[row[0].(string)] = true
			t.Subjects[row[1].(string)] = true
		default:
			t.Subjects[row[0].(string)] = true
		}
	}
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// bump records a change inside a write transaction.
func bump(ctx context.Context, tx neo4j.ManagedTransaction, t *Touched) error {
	full := t.Full || len(t.Subjects)+len(t.Codes) > maxChangeIDs
	subjects, codes := []string{}, []string{}
	if !full {
		subjects, codes = keysOf(t.Subjects), keysOf(t.Codes)
	}
	res, err := tx.Run(ctx, bumpVersion, map[string]any{"full": full, "subjects": subjects, "codes": codes, "keep": keepChanges})
	if err == nil {
		_, err = res.Consume(ctx)
	}
	return err
}

// RecordRefresh records a change of a new epoch: every snapshot reads the
// data again whole (after writes made to Neo4j without supplygraph).
func (s *Store) RecordRefresh(ctx context.Context) error {
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.cfg.Database, AccessMode: neo4j.AccessModeWrite})
	defer sess.Close(context.WithoutCancel(ctx))
	_, err := sess.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return nil, bump(ctx, tx, &Touched{Full: true})
	})
	return s.classify(ctx, err)
}

// Changes returns the current version and, when it is of the epoch of
// since, the subjects and codes touched by the changes after since; ok is
// false when the epoch differs or some of those changes are no longer
// kept (the caller then reads everything again).
func (s *Store) Changes(ctx context.Context, since Version) (cur Version, subjects, codes []string, ok bool, err error) {
	if cur, err = s.DataVersion(ctx); err != nil {
		return cur, nil, nil, false, err
	}
	if cur.Epoch != since.Epoch || cur.Seq < since.Seq {
		return cur, nil, nil, false, nil
	}
	if cur.Seq == since.Seq {
		return cur, nil, nil, true, nil
	}
	recs, err := s.read(ctx, getChanges, map[string]any{"after": since.Seq, "upto": cur.Seq, "epoch": since.Epoch})
	if err != nil {
		return cur, nil, nil, false, err
	}
	if int64(len(recs)) != cur.Seq-since.Seq {
		return cur, nil, nil, false, nil
	}
	subj, cds := map[string]bool{}, map[string]bool{}
	for _, r := range recs {
		for _, x := range anyList(r.Values[1]) {
			subj[str(x)] = true
		}
		for _, x := range anyList(r.Values[2]) {
			cds[str(x)] = true
		}
	}
	return cur, keysOf(subj), keysOf(cds), true, nil
}

// What the snapshot reads again when a change touches it: each company
// with its own data (the links it supplies, its acknowledgments, the
// requests it made, its declarations), for given ids; findings in pages
// by id or those about given subjects (or the facilities of given
// companies), with each finding's company. A page is one record holding
// a list of rows: the driver reads every record of a connection that has
// a read timeout in a goroutine of its own, which, at one record per
// company, was a third of the CPU time of reading a million companies.
const (
	companyFields = `[c.id, c.name, c.kind, c.country, c.disclosure, c.metal, c.rmiId, c.rmapStatus, c.rmapHistory]`
	companyRow    = `[` + companyFields + `,
  [(c)-[r:SUPPLIES]->(t:Company) | [t.id, r.material, r.since, r.until, r.share, r.proposedBy]],
  [(c)-[a:ACKNOWLEDGED]->(k:Code) | [k.id, a.edition, a.date, a.signatory]],
  [(c)-[q:REQUESTED]->(t:Company) | [t.id, q.code, q.date]],
  ` + declarationData + `]`
	companiesWithData = `
UNWIND $ids AS id
MATCH (c:Company {id: id})
RETURN collect(` + companyRow + `) AS rows`
	findingRows = `
MATCH (f)-[:CONCERNS]->(s:Subject)
OPTIONAL MATCH (s)-[:OPERATED_BY]->(op:Company)
RETURN collect([f {.*, ` + findingExtras + `}, s.id, coalesce(op.id, s.id)]) AS rows`
	findingPage = `
MATCH (f:Finding) WHERE f.id > $after
WITH f ORDER BY f.id LIMIT $limit` + findingRows
	findingsAbout = `
UNWIND $ids AS id
MATCH (x:Subject {id: id})
OPTIONAL MATCH (x)<-[:OPERATED_BY]-(facility:Subject)
WITH x, collect(facility) AS facilities
UNWIND [x] + facilities AS s
MATCH (f:Finding)-[:CONCERNS]->(s)
WITH DISTINCT f` + findingRows
)

// A whole build reads the companies, their declarations and the links,
// acknowledgments and requests between them in ranges of Neo4j's
// internal ids: the nodes of a range, then the relationships of a range,
// each found by id, with the other ends by internal id (the caller pairs
// them). Reading each company with its relationships by business id, as
// a catch-up does, took three times Neo4j's time at a million companies:
// following each company's relationship chain once per type, and reading
// the other end's id property at random, cost more than reading the
// records in store order. Ids are only compared within one build: a
// record written meanwhile is named by a change, which the build reads
// again by business id when it catches up (see Service.buildSnapshot).
const (
	storeExtent = `
CALL { MATCH (n) RETURN count(n) AS nodes, coalesce(max(id(n)), -1) AS maxNode }
CALL { MATCH ()-[r]->() RETURN count(r) AS rels, coalesce(max(id(r)), -1) AS maxRel }
CALL { MATCH (c:Company) RETURN count(c) AS companies }
CALL { MATCH ()-[l:SUPPLIES]->() RETURN count(l) AS links }
RETURN nodes, maxNode, rels, maxRel, companies, links`
	nodeRange = `
MATCH (n) WHERE id(n) IN range($lo, $hi) AND (n:Company OR n:Declaration)
WITH n AS c
RETURN collect(CASE WHEN c:Company THEN [id(c), ` + companyFields + `]
  ELSE [-1, [c {.*}, [(c)-[n:NAMES]->(s:Company) | [n.metal, s.id]]]] END) AS rows`
	relRange = `
MATCH (a)-[r]->(b) WHERE id(r) IN range($lo, $hi)
WITH a, r, b, type(r) AS t WHERE t IN ['SUPPLIES', 'ACKNOWLEDGED', 'REQUESTED']
RETURN collect(CASE t
  WHEN 'SUPPLIES' THEN [0, id(a), id(b), r.material, r.since, r.until, r.share, r.proposedBy]
  WHEN 'ACKNOWLEDGED' THEN [1, id(a), b.id, r.edition, r.date, r.signatory]
  ELSE [2, id(a), id(b), r.code, r.date] END) AS rows`
)

// Extent is how many nodes and relationships the store holds and the
// largest internal id of each (-1: none), and how many of them are
// companies and supply links (from Neo4j's count store: a build sizes its
// arrays with them instead of growing them).
type Extent struct{ Nodes, MaxNode, Rels, MaxRel, Companies, Links int64 }

// StoreExtent returns the extent of the store (a scan of ids, no properties).
func (s *Store) StoreExtent(ctx context.Context) (Extent, error) {
	recs, err := s.read(ctx, storeExtent, nil)
	if err != nil || len(recs) == 0 {
		return Extent{}, err
	}
	v := recs[0].Values
	return Extent{Nodes: int64(integer(v[0])), MaxNode: int64(integer(v[1])), Rels: int64(integer(v[2])), MaxRel: int64(integer(v[3])),
		Companies: int64(integer(v[4])), Links: int64(integer(v[5]))}, nil
}

// NodeAt is a company read by internal id.
type NodeAt struct {
	Node    int64
	Company domain.Company
}

// NodeRange returns the companies and the declarations whose internal
// ids are in [lo, hi].
func (s *Store) NodeRange(ctx context.Context, lo, hi int64) ([]NodeAt, []domain.Declaration, error) {
	recs, err := s.read(ctx, nodeRange, map[string]any{"lo": lo, "hi": hi})
	var nodes []NodeAt
	var decls []domain.Declaration
	for _, row := range pageRows(recs) {
		r := row.([]any)
		if id := int64(integer(r[0])); id >= 0 {
			nodes = append(nodes, NodeAt{Node: id, Company: companyFieldsOf(r[1].([]any))})
		} else {
			decls = append(decls, declarationOf(r[1].([]any)))
		}
	}
	return nodes, decls, err
}

// RelsAt are the links, acknowledgments and requests of a range of
// relationships, with the internal ids of their ends (an acknowledged
// code by its id); the ids of the companies in them are left empty.
type RelsAt struct {
	Links    []LinkAt
	Acks     []AckAt
	Requests []RequestAt
}

type (
	LinkAt struct {
		From, To int64
		Link     domain.SupplyLink
	}
	AckAt struct {
		From int64
		Ack  domain.Acknowledgment
	}
	RequestAt struct {
		From, To int64
		Request  domain.Request
	}
)

// RelRange returns the links, acknowledgments and requests whose internal
// ids are in [lo, hi].
func (s *Store) RelRange(ctx context.Context, lo, hi int64) (RelsAt, error) {
	recs, err := s.read(ctx, relRange, map[string]any{"lo": lo, "hi": hi})
	var out RelsAt
	for _, row := range pageRows(recs) {
		v := row.([]any)
		from := int64(integer(v[1]))
		switch integer(v[0]) {
		case 0:
			out.Links = append(out.Links, LinkAt{From: from, To: int64(integer(v[2])), Link: domain.SupplyLink{Material: str(v[3]),
				Since: optDateOf(v[4]), Until: optDateOf(v[5]), Share: optFloatOf(v[6]), ProposedBy: str(v[7])}})
		case 1:
			out.Acks = append(out.Acks, AckAt{From: from, Ack: domain.Acknowledgment{CodeID: str(v[2]), Edition: integer(v[3]), Date: dateOf(v[4]), Signatory: str(v[5])}})
		default:
			out.Requests = append(out.Requests, RequestAt{From: from, To: int64(integer(v[2])), Request: domain.Request{CodeID: str(v[3]), Date: dateOf(v[4])}})
		}
	}
	return out, err
}

// CompanyData is a company with its own data, as the snapshot reads it.
type CompanyData struct {
	Company  domain.Company
	Links    []domain.SupplyLink
	Acks     []domain.Acknowledgment
	Requests []domain.Request
	// Declarations are the company's CMRT and EMRT declarations, by
	// template and effective date.
	Declarations []domain.Declaration
}

// CompaniesWithData returns the companies of ids that exist, with their data.
func (s *Store) CompaniesWithData(ctx context.Context, ids []string) ([]CompanyData, error) {
	recs, err := s.read(ctx, companiesWithData, map[string]any{"ids": ids})
	return companyData(recs), err
}

// pageRows returns the rows of a page's one record.
func pageRows(recs []*neo4j.Record) []any {
	if len(recs) == 0 {
		return nil
	}
	return anyList(recs[0].Values[0])
}

func companyData(recs []*neo4j.Record) []CompanyData {
	rows := pageRows(recs)
	out := make([]CompanyData, len(rows))
	for i, row := range rows {
		r := row.([]any)
		c := companyFieldsOf(r[0].([]any))
		d := CompanyData{Company: c}
		for _, x := range anyList(r[1]) {
			v := x.([]any)
			d.Links = append(d.Links, domain.SupplyLink{SupplierID: c.ID, CustomerID: str(v[0]), Material: str(v[1]),
				Since: optDateOf(v[2]), Until: optDateOf(v[3]), Share: optFloatOf(v[4]), ProposedBy: str(v[5])})
		}
		for _, x := range anyList(r[2]) {
			v := x.([]any)
			d.Acks = append(d.Acks, domain.Acknowledgment{CompanyID: c.ID, CodeID: str(v[0]), Edition: integer(v[1]), Date: dateOf(v[2]), Signatory: str(v[3])})
		}
		for _, x := range anyList(r[3]) {
			v := x.([]any)
			d.Requests = append(d.Requests, domain.Request{RequesterID: c.ID, SupplierID: str(v[0]), CodeID: str(v[1]), Date: dateOf(v[2])})
		}
		for _, x := range anyList(r[4]) {
			d.Declarations = append(d.Declarations, declarationOf(x.([]any)))
		}
		domain.SortDeclarations(d.Declarations)
		out[i] = d
	}
	return out
}

// companyFieldsOf reads a company's fields (companyFields).
func companyFieldsOf(f []any) domain.Company {
	return domain.Company{ID: str(f[0]), Name: str(f[1]), Kind: domain.CompanyKind(str(f[2])), Country: str(f[3]),
		Disclosure: domain.Disclosure(str(f[4])), Metal: str(f[5]), RMIID: str(f[6]), RMAPStatus: domain.RMAPStatus(str(f[7])),
		RMAPHistory: rmapHistoryOf(f[8])}
}

// FindingPage returns up to limit findings with ids after after, by id.
func (s *Store) FindingPage(ctx context.Context, after string, limit int) ([]FindingAt, error) {
	recs, err := s.read(ctx, findingPage, map[string]any{"after": after, "limit": limit})
	return findingsAt(recs), err
}

// FindingsAbout returns the findings about the subjects of ids or about
// the facilities of the companies of ids.
func (s *Store) FindingsAbout(ctx context.Context, ids []string) ([]FindingAt, error) {
	recs, err := s.read(ctx, findingsAbout, map[string]any{"ids": ids})
	return findingsAt(recs), err
}

func findingsAt(recs []*neo4j.Record) []FindingAt {
	rows := pageRows(recs)
	out := make([]FindingAt, len(rows))
	for i, row := range rows {
		r := row.([]any)
		m, _ := r[0].(map[string]any)
		out[i] = FindingAt{Finding: findingOf(m, str(r[1])), CompanyID: str(r[2])}
	}
	return out
}
