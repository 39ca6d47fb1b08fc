// Package httpapi holds the plain HTTP endpoints beside GraphQL:
// POST /api/load, which takes a dataset's CSV files as multipart form data.
package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"sort"
	"time"

	"github.com/supplygraph/supplygraph/internal/dataset"
	"github.com/supplygraph/supplygraph/internal/domain"
	"github.com/supplygraph/supplygraph/internal/explorer"
)

// DefaultMaxUpload bounds the request body of /api/load.
const DefaultMaxUpload = 1 << 30

// memoryPart: uploaded files larger than this are spooled to disk.
const memoryPart = 32 << 20

// LoadResponse is the JSON answer of POST /api/load.
type LoadResponse struct {
	LoadID    string         `json:"loadId,omitempty"`
	DryRun    bool           `json:"dryRun"`
	Files     []string       `json:"files"`
	Rows      map[string]int `json:"rows"`
	Created   map[string]int `json:"created,omitempty"`
	Updated   map[string]int `json:"updated,omitempty"`
	ElapsedMS int64          `json:"elapsedMs"`
	// Warnings (repeated keys: the later row replaced the earlier) did not
	// stop the load; absent when there are none.
	Warnings *dataset.Report `json:"warnings,omitempty"`
}

// ErrorResponse is the JSON answer of a failed request.
type ErrorResponse struct {
	Error struct {
		Code    string          `json:"code"`
		Message string          `json:"message"`
		Issues  []dataset.Issue `json:"issues,omitempty"`
		Total   int             `json:"total,omitempty"`
		// Warnings come with the issues of an invalid dataset: repeated
		// keys, and references not checked because the file they point
		// into could not be read.
		Warnings *dataset.Report `json:"warnings,omitempty"`
	} `json:"error"`
}

// multipartSource is a dataset uploaded as multipart files, keyed by file name.
type multipartSource map[string]*multipart.FileHeader

func (m multipartSource) Names() []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (m multipartSource) Open(name string) (io.ReadCloser, error) {
	fh, ok := m[name]
	if !ok {
		return nil, domain.Errorf(domain.BadInput, "no file %s", name)
	}
	return fh.Open()
}

// Who returns who makes a request, for the load record; nil: "api".
type Who func(r *http.Request) string

// LoadHandler serves POST /api/load: multipart/form-data whose file parts
// are the dataset's CSV files (named by their file names: companies.csv,
// supply_links.csv...). Query parameters (any other, or one given twice,
// is refused before the body is read): dryRun=true validates only;
// resume=true continues an unfinished load of the same files. The dataset is
// validated exactly like `supplygraph load`; problems answer 422 with every
// issue, and change nothing; warnings come in the answer's "warnings".
//
// A key that may not load is answered before the body is read. For one that
// may, uploadTimeout (if not 0) replaces the server's read timeout: the
// upload has that long to arrive.
func LoadHandler(svc *explorer.Service, maxBytes int64, uploadTimeout time.Duration, who Who, log *slog.Logger) http.Handler {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxUpload
	}
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, domain.Errorf(domain.BadInput, "use POST with multipart/form-data"))
			return
		}
		if err := explorer.MayLoad(r.Context()); err != nil {
			writeError(w, statusOf(err), err)
			return
		}
		// the parameters are checked before the body is read
		q := r.URL.Query()
		err := checkParams(q, "dryRun", "resume")
		var dryRun, resume bool
		if err == nil {
			dryRun, err = boolParam(q, "dryRun")
		}
		if err == nil {
			resume, err = boolParam(q, "resume")
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
		if uploadTimeout > 0 {
			if err := http.NewResponseController(w).SetReadDeadline(time.Now().Add(uploadTimeout)); err != nil {
				log.ErrorContext(r.Context(), "cannot give the upload its own read deadline", "err", err.Error())
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBytes)
		if err := r.ParseMultipartForm(memoryPart); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, domain.Errorf(domain.BadInput, "the upload is larger than %d bytes", maxBytes))
				return
			}
			writeError(w, http.StatusBadRequest, domain.Errorf(domain.BadInput, "the body must be multipart/form-data with the dataset's CSV files: %v", err))
			return
		}
		defer r.MultipartForm.RemoveAll()
		src := multipartSource{}
		for field, fhs := range r.MultipartForm.File {
			for _, fh := range fhs {
				name := filepath.Base(fh.Filename)
				if name == "." || name == "/" || name == "" {
					name = field
				}
				if _, dup := src[name]; dup {
					writeError(w, http.StatusBadRequest, domain.Errorf(domain.BadInput, "file %s is uploaded twice", name))
					return
				}
				src[name] = fh
			}
		}
		if len(src) == 0 {
			writeError(w, http.StatusBadRequest, domain.Errorf(domain.BadInput, "no files: upload the dataset's CSV files (companies.csv, ...)"))
			return
		}
		by := "api"
		if who != nil {
			by = who(r)
		}
		opts := explorer.LoadOptions{Origin: "api", By: by, Resume: resume}
		start := time.Now()
		sum, res, err := svc.Load(r.Context(), src, opts, dryRun)
		if err != nil {
			if domain.KindOf(err) != domain.BadInput {
				log.ErrorContext(r.Context(), "api load failed", "err", err.Error())
			}
			writeError(w, statusOf(err), err)
			return
		}
		out := LoadResponse{DryRun: dryRun, Files: sum.Files, Rows: sum.Rows, ElapsedMS: time.Since(start).Milliseconds(),
			Warnings: warnings(sum.Warnings)}
		if res != nil {
			out.LoadID, out.Created, out.Updated = res.LoadID, res.Created, res.Updated
		}
		writeJSON(w, http.StatusOK, out)
	})
}

func statusOf(err error) int {
	var ve *dataset.ValidationError
	if errors.As(err, &ve) {
		return http.StatusUnprocessableEntity
	}
	switch domain.KindOf(err) {
	case domain.BadInput:
		return http.StatusBadRequest
	case domain.NotFound:
		return http.StatusNotFound
	case domain.Unavailable:
		return http.StatusServiceUnavailable
	case domain.Timeout:
		return http.StatusGatewayTimeout
	case domain.Unauthenticated:
		return http.StatusUnauthorized
	case domain.Forbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

func writeError(w http.ResponseWriter, status int, err error) {
	var out ErrorResponse
	out.Error.Code = string(domain.KindOf(err))
	out.Error.Message = domain.PublicMessage(err)
	var ve *dataset.ValidationError
	if errors.As(err, &ve) {
		out.Error.Issues, out.Error.Total, out.Error.Warnings = ve.Report.Issues, ve.Report.Total, warnings(ve.Warnings)
		out.Error.Message = fmt.Sprintf("the dataset has %d problem(s); nothing was loaded", ve.Report.Total)
	}
	writeJSON(w, status, out)
}

// warnings is nil when there are none, to leave the field out.
func warnings(r dataset.Report) *dataset.Report {
	if r.Total == 0 {
		return nil
	}
	return &r
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
