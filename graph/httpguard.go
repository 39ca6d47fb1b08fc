package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/supplygraph/supplygraph/internal/domain"
)

// httpGuard answers every request that gqlgen's transports (OPTIONS, GET,
// and POST with application/json) would refuse or fail to decode, before
// they see it, in the documented error shape
// ({"errors":[{"message", "extensions":{"code":"BAD_INPUT"}}]}) and with
// the fitting status: 405 for another method, 415 for another content
// type, 413 for a body over maxBody, 400 for a body or GET parameters that
// are not what gqlgen decodes. gqlgen answers these itself without a code,
// and its POST transport echoes the whole body in its decode error; the
// guard's messages never repeat what the client sent.
//
// It decodes a POST body exactly as transport.POST then does (a
// json.Decoder with UseNumber, into graphql.RawParams), so a body it lets
// through is one gqlgen decodes; the body is read once and handed on.
func httpGuard(maxBody int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Upgrade") != "" {
			refuse(w, r, http.StatusBadRequest, "this server does not upgrade connections (no websockets): send GET or POST requests")
			return
		}
		switch r.Method {
		case http.MethodOptions:
		case http.MethodGet:
			if msg := checkGET(r); msg != "" {
				refuse(w, r, http.StatusBadRequest, msg)
				return
			}
		case http.MethodPost:
			mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mediaType != "application/json" {
				refuse(w, r, http.StatusUnsupportedMediaType, "POST requests must send Content-Type application/json")
				return
			}
			body, err := io.ReadAll(r.Body)
			if err != nil {
				if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
					refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than the limit of %d bytes", maxBody))
					return
				}
				refuse(w, r, http.StatusBadRequest, "the request body could not be read (it came too slowly, or was cut off)")
				return
			}
			if msg := checkBody(body); msg != "" {
				refuse(w, r, http.StatusBadRequest, msg)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(w, r, http.StatusMethodNotAllowed, "send GraphQL requests with GET or POST")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkBody returns why body is not a GraphQL request gqlgen can decode,
// or "". The reason names positions, JSON kinds and field names only.
func checkBody(body []byte) string {
	const what = "the request body is not a JSON object of a GraphQL request ({\"query\": ..., \"variables\": {...}})"
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&params)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		if why := objectShape(body); why != "" {
			return what + ": " + why
		}
		return ""
	case errors.Is(err, io.EOF):
		return what + ": it is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return what + ": it ends early"
	case errors.As(err, &syntax):
		return fmt.Sprintf("%s: invalid JSON at byte %d", what, syntax.Offset)
	case errors.As(err, &typ):
		switch typ.Field {
		case "":
			return fmt.Sprintf("%s: it is a JSON %s", what, typ.Value)
		case "query", "operationName", "variables", "extensions":
			return fmt.Sprintf("%s: %s is a JSON %s", what, typ.Field, typ.Value)
		}
	}
	return what
}

// objectShape returns what gqlgen would read differently from what body,
// which decodes as a request, says, or "": a null (no request), a member
// given twice (gqlgen takes the last), anything after the object (gqlgen
// ignores it).
func objectShape(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t == nil {
		return "it is a JSON null"
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			return ""
		}
		if seen[key] {
			return fmt.Sprintf("%q is given twice", key)
		}
		seen[key] = true
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return ""
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return ""
	}
	if _, err := dec.Token(); err != io.EOF {
		return "it has more after the object"
	}
	return ""
}

// checkGET returns why the query string of a GET request is not one
// gqlgen's GET transport decodes, or "".
func checkGET(r *http.Request) string {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "the query string is not valid URL encoding"
	}
	for _, name := range []string{"query", "operationName", "variables", "extensions"} {
		if n := len(q[name]); n > 1 { // gqlgen would take the first
			return fmt.Sprintf("the %s parameter is given %d times", name, n)
		}
	}
	for _, name := range []string{"variables", "extensions"} {
		if v := q.Get(name); v != "" {
			var m map[string]any
			dec := json.NewDecoder(strings.NewReader(v))
			dec.UseNumber()
			if dec.Decode(&m) != nil {
				return "the " + name + " parameter is not a JSON object"
			}
			if _, err := dec.Token(); err != io.EOF {
				return "the " + name + " parameter has more after its JSON object"
			}
		}
	}
	return ""
}

// refuse answers a request the guard does not let through.
func refuse(w http.ResponseWriter, r *http.Request, status int, msg string) {
	b, _ := json.Marshal(map[string]any{"errors": []map[string]any{{
		"message": msg, "extensions": map[string]any{"code": string(domain.BadInput)}}}})
	w.Header().Set("Content-Type", errorContentType(r))
	w.WriteHeader(status)
	w.Write(b)
}

// errorContentType is the type gqlgen's transports would answer with: the
// first of application/json and application/graphql-response+json that
// the request accepts, application/json for no Accept header or a
// wildcard (and when it accepts neither).
func errorContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case "application/graphql-response+json":
			return mediaType
		}
	}
	return "application/json"
}
