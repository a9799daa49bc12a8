// Dev-only: compose subgraph SDL files into a supergraph with The Guild's
// MIT-licensed composition, until govgraph composes on its own.
//   node tests/tools/compose.mjs name=path/to/sdl.graphql[@http://url] ... > supergraph.graphql
import { readFileSync } from "node:fs";
import { parse } from "graphql";
import { composeServices } from "@theguild/federation-composition";

const services = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf("=");
  if (eq < 1) throw new Error(`expected name=path[@url], got ${arg}`);
  const name = arg.slice(0, eq);
  let rest = arg.slice(eq + 1);
  let url = `http://127.0.0.1:4000/${name}`;
  const at = rest.indexOf("@http");
  if (at >= 0) {
    url = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  return { name, url, typeDefs: parse(readFileSync(rest, "utf8")) };
});

const result = composeServices(services);
if (result.errors && result.errors.length) {
  for (const e of result.errors) console.error(`${e.extensions?.code ?? "ERROR"}: ${e.message}`);
  process.exit(1);
}
process.stdout.write(result.supergraphSdl.trimEnd() + "\n");
