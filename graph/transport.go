package graph

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// postTransport is gqlgen's POST transport (transport.POST), except that
// a response is written without being compacted again.
//
// gqlgen writes a response with json.Marshal, which re-reads the data
// (already compact JSON, written by the marshallers) byte by byte to
// compact it: half a millisecond for the 66 kB of the widest impact
// answer. postTransport writes the same bytes (appendResponse; tested
// against json.Marshal) without that pass, in one write. Answers have a
// Content-Length (gqlgen's are chunked beyond 2 kB); status and content
// type are gqlgen's. A request whose body cannot be read or is not JSON
// is handed to gqlgen's transport as it came, so it is answered exactly
// as gqlgen answers it; a bad operation is answered as gqlgen answers it,
// without being parsed and validated a second time.
type postTransport struct{ post transport.POST }

var _ graphql.Transport = postTransport{}

func (t postTransport) Supports(r *http.Request) bool { return t.post.Supports(r) }

func (t postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(errReader{err})
		t.post.Do(w, r, exec)
		return
	}
	retry := func() {
		r.Body = io.NopCloser(bytes.NewReader(body))
		t.post.Do(w, r, exec)
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		retry()
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	contentType := responseContentType(r)
	w.Header().Set("Content-Type", contentType)
	buf := responseBuffers.Get().(*[]byte)
	defer putResponseBuffer(buf)
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		// As transport.POST answers a bad operation (without parsing and
		// validating it a second time).
		status := http.StatusOK
		if errcode.GetErrorKind(opErr) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if contentType == graphqlResponseJSON {
				status = http.StatusBadRequest
			}
		}
		*buf = appendResponse((*buf)[:0], exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		w.Header().Set("Content-Length", strconv.Itoa(len(*buf)))
		w.WriteHeader(status)
		w.Write(*buf)
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	*buf = appendResponse((*buf)[:0], responses(ctx))
	// One write, with the length known: no chunked encoding, and the
	// client is woken once.
	w.Header().Set("Content-Length", strconv.Itoa(len(*buf)))
	w.Write(*buf)
}

// responseBuffers recycles response buffers (an answer can be hundreds of
// kB; one not recycled is garbage for the collector).
var responseBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxPooledResponse: larger buffers are left to the collector, so that
// one huge answer does not stay in memory.
const maxPooledResponse = 4 << 20

func putResponseBuffer(buf *[]byte) {
	if cap(*buf) <= maxPooledResponse {
		responseBuffers.Put(buf)
	}
}

// errReader fails every read with err (to give gqlgen the read error).
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

const graphqlResponseJSON = "application/graphql-response+json"

// responseContentType is the content type transport.POST answers with
// (by default, without response headers of its own): the first of
// application/json and application/graphql-response+json the request
// accepts, application/json for no Accept header or a wildcard.
func responseContentType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return "application/json"
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return "application/json"
		case graphqlResponseJSON:
			return graphqlResponseJSON
		}
	}
	return graphqlResponseJSON
}

// appendResponse appends what json.Marshal(resp) returns, without
// re-reading the data to compact it (gqlgen's marshallers write compact
// JSON); only its HTML characters are escaped, as json.Marshal escapes
// them.
func appendResponse(buf []byte, resp *graphql.Response) []byte {
	part := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			// As gqlgen's transport does with what it cannot marshal.
			panic(err)
		}
		return b
	}
	buf = append(buf, '{')
	if len(resp.Errors) > 0 {
		buf = append(buf, `"errors":`...)
		buf = append(buf, part(resp.Errors)...)
		buf = append(buf, ',')
	}
	buf = append(buf, `"data":`...)
	if resp.Data == nil {
		buf = append(buf, "null"...)
	} else {
		buf = appendHTMLEscaped(buf, resp.Data)
	}
	if resp.Label != "" {
		buf = append(append(buf, `,"label":`...), part(resp.Label)...)
	}
	if len(resp.Path) > 0 {
		buf = append(append(buf, `,"path":`...), part(resp.Path)...)
	}
	if resp.HasNext != nil {
		buf = append(append(buf, `,"hasNext":`...), part(*resp.HasNext)...)
	}
	if len(resp.Extensions) > 0 {
		buf = append(append(buf, `,"extensions":`...), part(resp.Extensions)...)
	}
	return append(buf, '}')
}

// appendHTMLEscaped appends src with the characters encoding/json escapes
// in HTML-safe output (<, >, &, U+2028, U+2029; in JSON they appear only
// in strings) escaped as it escapes them (\u003c, \u2028: lower case).
func appendHTMLEscaped(dst, src []byte) []byte {
	// Most answers have none: four vectorised scans say so.
	if bytes.IndexByte(src, '<') < 0 && bytes.IndexByte(src, '>') < 0 && bytes.IndexByte(src, '&') < 0 && bytes.IndexByte(src, 0xE2) < 0 {
		return append(dst, src...)
	}
	start := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '<' || c == '>' || c == '&' {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '0', '0', lowerHex[c>>4], lowerHex[c&0xF])
			start = i + 1
		}
		// U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
		if c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8 {
			dst = append(dst, src[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', lowerHex[src[i+2]&0xF])
			i += 2
			start = i + 1
		}
	}
	return append(dst, src[start:]...)
}

// lowerHex: encoding/json writes its escapes in lower case.
const lowerHex = "0123456789abcdef"
