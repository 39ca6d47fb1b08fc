package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/supplygraph/supplygraph/internal/cmrt"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// mineralsParams are the query parameters GET /api/export/minerals takes.
var mineralsParams = map[string]bool{"focal": true, "metal": true, "asOf": true, "maxDepth": true, "validDays": true}

// XLSXType is the media type of an .xlsx workbook.
const XLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ExportMineralsHandler serves GET /api/export/minerals?focal=&metal=[&asOf=][&maxDepth=][&validDays=]:
// the mineralsReport of metal as a workbook in the template's layout (a
// CMRT or an EMRT with the Declaration answers the graph gives and the
// consolidated Smelter List), which `supplygraph cmrt` reads back. The
// question is asked as GraphQL asks mineralsReport (the key's role and
// supplier scope, the same arguments and errors); the workbook is written
// whole before the first byte is sent, so an error is always a whole
// answer in the /api error shape. timeout bounds the question.
func ExportMineralsHandler(svc *explorer.Service, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			writeError(w, http.StatusMethodNotAllowed, domain.Errorf(domain.BadInput, "use GET"))
			return
		}
		ctx := r.Context()
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		focal, metal, maxDepth, validDays, asOf, err := mineralsArgs(r.URL.Query())
		if err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		f, err := svc.MineralsFiling(ctx, focal, metal, maxDepth, validDays, asOf)
		if err != nil {
			writeError(w, statusOf(err), err)
			return
		}
		var b bytes.Buffer
		if err := cmrt.WriteFiling(&b, *f); err != nil {
			writeError(w, http.StatusInternalServerError, domain.Errorf(domain.Internal, "%v", err))
			return
		}
		w.Header().Set("Content-Type", XLSXType)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, FilingName(focal, string(f.Template), metal, f.Effective)))
		w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
		_, _ = w.Write(b.Bytes())
	})
}

// FilingName is the file name of an exported roll-up.
func FilingName(focal, template, metal string, asOf domain.Date) string {
	return fmt.Sprintf("%s-%s-%s-%s.xlsx", focal, template, metal, asOf)
}

// mineralsArgs reads the query parameters of GET /api/export/minerals; an
// unknown or repeated parameter is refused rather than ignored.
func mineralsArgs(q url.Values) (focal, metal string, maxDepth, validDays *int, asOf *domain.Date, err error) {
	for k, v := range q {
		if !mineralsParams[k] {
			return "", "", nil, nil, nil, domain.Errorf(domain.BadInput, "unknown parameter %q: use focal, metal, asOf, maxDepth, validDays", k)
		}
		if len(v) != 1 {
			return "", "", nil, nil, nil, domain.Errorf(domain.BadInput, "parameter %q given %d times", k, len(v))
		}
	}
	focal, metal = q.Get("focal"), q.Get("metal")
	if focal == "" || metal == "" {
		return "", "", nil, nil, nil, domain.Errorf(domain.BadInput, "focal and metal are required")
	}
	num := func(name string) (*int, error) {
		s := q.Get(name)
		if s == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, domain.Errorf(domain.BadInput, "%s: not an integer: %q", name, s)
		}
		return &n, nil
	}
	if maxDepth, err = num("maxDepth"); err != nil {
		return "", "", nil, nil, nil, err
	}
	if validDays, err = num("validDays"); err != nil {
		return "", "", nil, nil, nil, err
	}
	if s := q.Get("asOf"); s != "" {
		d, err := domain.ParseDate(s)
		if err != nil {
			return "", "", nil, nil, nil, domain.Errorf(domain.BadInput, "asOf: %v", err)
		}
		asOf = &d
	}
	return focal, metal, maxDepth, validDays, asOf, nil
}
