// GraphiQL, bundled from npm (no CDN), with supplygraph's example queries.
// The key in its headers tab is the one `serve --graphiql-key` writes into
// the page (development, loopback only), else the explorer page's sign-in
// key of this tab; either can be changed in the headers tab.
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/graphiql.css";
import "./graphiql-page.css";
import { storedKey } from "./api";
import { EXAMPLES } from "./examples";

const served = document.querySelector<HTMLMetaElement>('meta[name="supplygraph-graphiql-key"]')?.content ?? "";
const key = served || storedKey();
const headers = JSON.stringify(key ? { Authorization: "Bearer " + key } : { Authorization: "Bearer <paste your API key>" }, null, 2);

const fetcher = createGraphiQLFetcher({ url: "/graphql" });

createRoot(document.getElementById("graphiql")!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={EXAMPLES.map((query) => ({ query, headers }))}
    defaultHeaders={headers}
    shouldPersistHeaders={false}
  />,
);
