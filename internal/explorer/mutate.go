package explorer

import (
	"context"
	"errors"
	"strings"

	"github.com/supplygraph/supplygraph/internal/auth"
	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/neo4jstore"
)

// Part is the records of one dataset file that a mutation writes, with the
// input index each record came from (for error messages).
type Part struct {
	File    string
	Records []any
	// Index maps record i to its input index; nil: record i is input i.
	Index []int
	// Field names the input field a whole record of this part came from
	// (e.g. "accepts"); empty: issues name the record's own column.
	Field string
}

// Change is what a mutation wrote.
type Change struct {
	LoadID           string
	Created, Updated int
	// Records holds each part's records as stored (defaults applied).
	Records map[string][]any
}

// Apply validates the parts exactly like CSV rows of a dataset and writes
// them in one transaction, recording the load (origin "mutation"). Problems
// are a *dataset.ValidationError (kind BAD_INPUT) whose issues name the
// input as input[index].field, and nothing is written.
//
// A record that the input names twice (the same key, see dataset.Key) is
// a problem too: a dataset's later row replaces the earlier with a
// warning, but a mutation has no place for warnings, and one that names a
// record twice is a mistake.
func (s *Service) Apply(ctx context.Context, by string, parts ...Part) (*Change, error) {
	if err := s.checkWrite(ctx, parts); err != nil {
		return nil, err
	}
	if err := repeatedKeys(parts); err != nil {
		return nil, err
	}
	mem := dataset.Mem{}
	byFile := map[string]Part{}
	for _, p := range parts {
		b, err := dataset.Encode(p.File, p.Records)
		if err != nil {
			return nil, domain.Wrap(domain.Internal, err, "cannot encode the input")
		}
		mem[p.File] = b
		byFile[p.File] = p
	}
	sum, err := dataset.ValidatePart(ctx, mem, s.store)
	if err != nil {
		return nil, inputIssues(err, byFile)
	}
	opts := neo4jstore.LoadOptions{Origin: "mutation", By: by, SingleTxRows: 1 << 30}
	if p := auth.From(ctx); p.Scoped() {
		opts.ProposedBy = p.KeyID
	}
	defer s.kickSnapshot() // catch up with the write now, not at the next question
	res, err := s.store.Load(ctx, mem, sum, opts)
	if err != nil {
		return nil, err
	}
	ch := &Change{LoadID: res.LoadID, Records: map[string][]any{}}
	for _, f := range sum.Files {
		ch.Created += res.Created[f]
		ch.Updated += res.Updated[f]
		err := dataset.Records(ctx, mem, f, func(rec any) error {
			ch.Records[f] = append(ch.Records[f], rec)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if links := ch.Records[dataset.SupplyLinksFile]; len(links) > 0 {
		// As stored: whether each link is proposed depends on what was there.
		keys := make([]domain.LinkKey, len(links))
		for i, l := range links {
			l := l.(domain.SupplyLink)
			keys[i] = domain.LinkKey{SupplierID: l.SupplierID, CustomerID: l.CustomerID, Material: l.Material}
		}
		stored, err := s.store.LinksByKey(ctx, keys)
		if err != nil {
			return nil, err
		}
		for i, l := range stored {
			links[i] = l
		}
	}
	return ch, nil
}

// inputIssues renames the issues of a validation error from file:line to
// the input's index and field.
func inputIssues(err error, parts map[string]Part) error {
	var ve *dataset.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	out := &dataset.ValidationError{Report: dataset.Report{Total: ve.Report.Total}}
	for _, i := range ve.Report.Issues {
		idx, field := parts[i.File].input(i.Line-2, i.Column) // line 1 is the header
		out.Report.Issues = append(out.Report.Issues, dataset.Issue{File: "input", Line: idx, Column: field, Message: i.Message})
	}
	return out
}

// input returns the input index and field of record i's column.
func (p Part) input(i int, column string) (int, string) {
	if p.Index != nil && i >= 0 && i < len(p.Index) {
		i = p.Index[i]
	}
	if p.Field != "" {
		return i, p.Field
	}
	return i, camel(column)
}

// repeatedKeys refuses records that the parts name twice.
func repeatedKeys(parts []Part) error {
	var rep dataset.Report
	for _, p := range parts {
		prev := map[string]int{}
		for i, rec := range p.Records {
			key := dataset.Key(rec)
			if j, ok := prev[key]; ok {
				idx, field := p.input(i, dataset.KeyColumn(p.File))
				earlier, _ := p.input(j, "")
				rep.Add("input", idx, field, "same %s as input[%d]: a mutation may name each record once", key, earlier)
			}
			prev[key] = i
		}
	}
	return rep.Err()
}

// camel turns a CSV column name into the input field name: company_id -> companyId.
func camel(col string) string {
	parts := strings.Split(col, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// CloseFindings sets the findings' status to CLOSED with the closed date, in
// one transaction. NOT_FOUND (and nothing closed) if any id is unknown;
// BAD_INPUT if closed is before a finding's detection.
func (s *Service) CloseFindings(ctx context.Context, by string, ids []string, closed domain.Date) (*Change, error) {
	if err := s.checkWrite(ctx, []Part{{File: dataset.FindingsFile, Records: []any{domain.Finding{}}}}); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return &Change{Records: map[string][]any{}}, nil
	}
	for i, id := range ids {
		if !dataset.ValidID(id) {
			return nil, domain.Errorf(domain.BadInput, "ids[%d]: invalid id %q: want 1 to 128 characters of A-Z a-z 0-9 . _ : -", i, dataset.Truncate(id))
		}
	}
	found, err := s.store.FindingsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var recs []any
	for i, id := range ids {
		f, ok := found[id]
		if !ok {
			return nil, domain.Errorf(domain.NotFound, "ids[%d]: no finding with id %q", i, id)
		}
		f.Status, f.Closed = domain.FindingClosed, &closed
		recs = append(recs, f)
	}
	return s.Apply(ctx, by, Part{File: dataset.FindingsFile, Records: recs})
}
