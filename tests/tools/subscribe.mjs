// Subscribe with the reference clients and print each result as a JSON line, then `"complete"`
// (or {"failed": ...}); the subscription tests drive it.
//
//   node tests/tools/subscribe.mjs ws|sse URL QUERY COUNT [BEARER_TOKEN]
//
// Prints {"subscribed": true} once the request is sent; exits after COUNT results.
import { createClient as createWsClient } from "graphql-ws";
import { createClient as createSseClient } from "graphql-sse";
import WebSocket from "ws";

const [protocol, url, query, count, token] = process.argv.slice(2);
const auth = token ? { Authorization: `Bearer ${token}` } : {};
const client =
  protocol === "ws"
    ? createWsClient({ url, webSocketImpl: WebSocket, connectionParams: auth, retryAttempts: 0 })
    : createSseClient({ url, headers: auth, retryAttempts: 0 });

const out = (value) => process.stdout.write(JSON.stringify(value) + "\n");
let seen = 0;
try {
  const results = client.iterate({ query });
  out({ subscribed: true });
  for await (const result of results) {
    out(result);
    if (++seen >= Number(count)) break;
  }
  out("complete");
} catch (error) {
  // graphql-ws rejects with the socket's CloseEvent; graphql-sse with an Error
  out({ failed: error?.code !== undefined ? { code: error.code, reason: error.reason } : String(error) });
} finally {
  await client.dispose();
}
