// Dev-only oracle: run one request through Apollo Gateway over running subgraphs
// and print the JSON response, to cross-check a scenario's expected answer.
//   node tests/tools/oracle/query.mjs SUPERGRAPH.graphql name=http://127.0.0.1:PORT/graphql ... < body.json
import { readFileSync } from "node:fs";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";

const [supergraphPath, ...pairs] = process.argv.slice(2);
const urls = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphPath, "utf8"),
  buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: urls[name] ?? url }),
});
const server = new ApolloServer({ gateway });
await server.start();
const body = JSON.parse(readFileSync(0, "utf8"));
const res = await server.executeOperation({
  query: body.query, variables: body.variables, operationName: body.operationName,
});
const single = res.body.kind === "single" ? res.body.singleResult : res.body;
process.stdout.write(JSON.stringify(single, null, 2) + "\n");
await server.stop();
