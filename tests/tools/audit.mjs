// Run graphql-http's GraphQL-over-HTTP server audits against a running server.
//
//   node tests/tools/audit.mjs http://127.0.0.1:PORT/graphql [NAME:VALUE ...]
//
// Each NAME:VALUE is a header added to every request the audit sends (e.g. the CSRF preflight
// header a browser client of a CSRF-protected server sends: `graphql-preflight:1`).
// Prints one JSON array on stdout, one entry per audit:
//   {"id", "name", "requirement": "MUST"|"SHOULD"|"MAY", "status": "ok"|"notice"|"warn"|"error",
//    "reason"?, "responseStatus"?, "responseBody"?}
// A failing MUST is "error", a failing SHOULD "warn", a failing MAY "notice" (graphql-http's levels).
// Exit code 0 when the audits ran (whatever their results), 2 on bad usage, 1 on a fatal error.

import { auditServer } from 'graphql-http';

const BODY_PREVIEW = 500;

async function describe(result) {
  const entry = {
    id: result.id,
    name: result.name,
    requirement: result.name.split(' ')[0],
    status: result.status,
  };
  if (result.status === 'ok') {
    return entry;
  }
  entry.reason = result.reason;
  if (result.response) {
    entry.responseStatus = result.response.status;
    try {
      entry.responseBody = (await result.response.text()).slice(0, BODY_PREVIEW);
    } catch {
      entry.responseBody = null; // the audit already consumed the body
    }
  }
  return entry;
}

async function main() {
  const url = process.argv[2];
  if (!url) {
    process.stderr.write('usage: node tests/tools/audit.mjs URL [NAME:VALUE ...]\n');
    process.exit(2);
  }
  const extra = process.argv.slice(3).map((header) => {
    const at = header.indexOf(':');
    return [header.slice(0, at), header.slice(at + 1)];
  });
  const fetchFn = (input, init = {}) => {
    const headers = new Headers(init.headers);
    for (const [name, value] of extra) {
      headers.set(name, value);
    }
    return fetch(input, { ...init, headers });
  };
  const results = await auditServer({ url, fetchFn });
  const described = await Promise.all(results.map(describe));
  process.stdout.write(JSON.stringify(described, null, 2) + '\n');
}

main().catch((error) => {
  process.stderr.write(`audit failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
