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
	return getExport(timeout, func(ctx context.Context, w http.ResponseWriter, r *http.Request) {
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
	if err = checkParams(q, "focal", "metal", "asOf", "maxDepth", "validDays"); err != nil {
		return "", "", nil, nil, nil, err
	}
	focal, metal = q.Get("focal"), q.Get("metal")
	if focal == "" || metal == "" {
		return "", "", nil, nil, nil, domain.Errorf(domain.BadInput, "focal and metal are required")
	}
	if maxDepth, err = intParam(q, "maxDepth"); err != nil {
		return "", "", nil, nil, nil, err
	}
	if validDays, err = intParam(q, "validDays"); err != nil {
		return "", "", nil, nil, nil, err
	}
	if asOf, err = dateParam(q, "asOf"); err != nil {
		return "", "", nil, nil, nil, err
	}
	return focal, metal, maxDepth, validDays, asOf, nil
}
