package httpapi

import (
	"bufio"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// CascadeColumns are the columns of GET /api/export/cascade, in order.
var CascadeColumns = []string{"company", "name", "kind", "country", "tier", "status", "reached", "requested_by",
	"ack_code", "ack_edition", "ack_date", "ack_signatory", "ack_current"}

// ExportCascadeHandler serves GET /api/export/cascade?focal=&code=[&asOf=][&maxDepth=]:
// every entry of the cascade GraphQL's cascade.entries would list, as one
// CSV table (CascadeColumns; requested_by holds the requesters' ids
// separated by spaces), for clients that want a whole chain at once (a
// chain of 83 000 companies is one question, where GraphQL pages of 1 000
// would ask it 84 times). The question is asked of the service exactly as
// GraphQL asks it (the key's role and supplier scope, the same arguments,
// defaults and errors); its companies are read before the first byte is
// written, so an error is always a whole answer in the /api error shape.
// timeout bounds the question (0: none beyond the request's own).
func ExportCascadeHandler(svc *explorer.Service, timeout time.Duration) http.Handler {
	return getExport(timeout, func(ctx context.Context, w http.ResponseWriter, r *http.Request) {
		focal, code, maxDepth, asOf, err := cascadeArgs(r.URL.Query())
		if err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		rep, err := svc.Cascade(ctx, focal, code, maxDepth, asOf)
		if err != nil {
			writeError(w, statusOf(err), err)
			return
		}
		entries := rep.AllEntries()
		seen := make(map[string]bool, len(entries))
		ids := make([]string, 0, len(entries))
		for _, e := range entries {
			for _, id := range append([]string{e.CompanyID}, e.RequestedBy...) {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
		companies, err := svc.CompaniesOf(ctx, ids)
		if err != nil {
			writeError(w, statusOf(err), err)
			return
		}
		for _, id := range ids {
			if _, ok := companies[id]; !ok {
				// As GraphQL: an analysis answer names stored, visible companies only.
				err := domain.Errorf(domain.NotFound, "company %q not found", id)
				writeError(w, statusOf(err), err)
				return
			}
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("X-Total-Count", strconv.Itoa(len(entries)))
		bw := bufio.NewWriterSize(w, 64<<10)
		cw := csv.NewWriter(bw)
		cw.Write(CascadeColumns)
		row := make([]string, len(CascadeColumns))
		for _, e := range entries {
			c := companies[e.CompanyID]
			row[0], row[1], row[2], row[3] = c.ID, c.Name, string(c.Kind), c.Country
			row[4], row[5], row[6] = strconv.Itoa(e.Tier), string(e.Status), strconv.FormatBool(e.Reached)
			row[7] = strings.Join(e.RequestedBy, " ")
			row[8], row[9], row[10], row[11], row[12] = "", "", "", "", ""
			if a := e.Acknowledgment; a != nil {
				row[8], row[9], row[10], row[11] = a.CodeID, strconv.Itoa(a.Edition), a.Date.String(), a.Signatory
				row[12] = strconv.FormatBool(a.Current)
			}
			if err := cw.Write(row); err != nil {
				return // the client went away
			}
		}
		cw.Flush()
		bw.Flush()
	})
}

// cascadeArgs reads the query parameters of GET /api/export/cascade; an
// unknown or repeated parameter is refused rather than ignored.
func cascadeArgs(q url.Values) (focal, code string, maxDepth *int, asOf *domain.Date, err error) {
	if err = checkParams(q, "focal", "code", "asOf", "maxDepth"); err != nil {
		return "", "", nil, nil, err
	}
	focal, code = q.Get("focal"), q.Get("code")
	if focal == "" || code == "" {
		return "", "", nil, nil, domain.Errorf(domain.BadInput, "focal and code are required")
	}
	if maxDepth, err = intParam(q, "maxDepth"); err != nil {
		return "", "", nil, nil, err
	}
	if asOf, err = dateParam(q, "asOf"); err != nil {
		return "", "", nil, nil, err
	}
	return focal, code, maxDepth, asOf, nil
}
