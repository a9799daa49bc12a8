// Benchmark peer: Hive Gateway (@graphql-hive/gateway runtime) on node:http, one process.
//   node hive.mjs SUPERGRAPH.graphql PORT [--router-runtime] [--dedup | --no-dedup]
// --router-runtime: the Rust query planner (@graphql-hive/router-runtime).
// --dedup: in-flight de-duplication of identical client requests (inboundInflightRequestDeduplication)
//          and of identical subgraph requests (deduplicateInflightRequests, Hive's default) both on.
// --no-dedup: both off. Neither flag: Hive's defaults (subgraph requests de-duplicated, client ones not).
// --response-cache: Hive's response caching plugin on (shared, 60 s).
import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway";

const [supergraph, port, ...flags] = process.argv.slice(2);
const config = { supergraph, logging: "error", graphqlEndpoint: "/graphql" };
if (flags.includes("--router-runtime")) {
  const { unifiedGraphHandler } = await import("@graphql-hive/router-runtime");
  config.unifiedGraphHandler = unifiedGraphHandler;
}
if (flags.includes("--response-cache")) {
  // Hive's response caching (@graphql-mesh/plugin-response-cache): one shared cache, 60 s.
  const { default: InMemoryLRUCache } = await import("@graphql-mesh/cache-inmemory-lru");
  config.cache = new InMemoryLRUCache();
  config.responseCaching = { session: () => null, ttl: 60_000 };
}
if (flags.includes("--dedup")) {
  config.inboundInflightRequestDeduplication = true;
}
if (flags.includes("--no-dedup")) {
  config.inboundInflightRequestDeduplication = false;
  config.transportEntries = { "*.http": { options: { deduplicateInflightRequests: false } } };
}
const gateway = createGatewayRuntime(config);
createServer(gateway).listen(Number(port), "127.0.0.1", () => {
  console.log(`hive-gateway: serving at http://127.0.0.1:${port}/graphql ${flags.join(" ")}`);
});
