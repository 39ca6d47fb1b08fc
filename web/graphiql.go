package web

import (
	"bytes"
	"html"
	"io/fs"
	"net/http"
)

// graphiqlMeta is the element of graphiql.html that carries the key
// GraphiQL's headers tab starts with.
var graphiqlMeta = []byte(`<meta name="supplygraph-graphiql-key" content="" />`)

// GraphiQL serves GraphiQL, bundled from npm into dist/graphiql.html, with
// the page's policy. A non-empty key (serve --graphiql-key: development, on
// a loopback address only) is written into the page, so that its headers
// tab sends it; without one it starts with the explorer's sign-in key of
// the tab, if any.
func GraphiQL(key string) http.Handler {
	page, err := fs.ReadFile(dist, "dist/graphiql.html")
	if err != nil || !bytes.Contains(page, graphiqlMeta) {
		panic("web: dist/graphiql.html lacks its key element") // caught by TestGraphiQLServed
	}
	if key != "" {
		page = bytes.Replace(page, graphiqlMeta,
			[]byte(`<meta name="supplygraph-graphiql-key" content="`+html.EscapeString(key)+`" />`), 1)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setHeaders(w.Header())
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
}
