-- wrk script of the benchmark harness: POSTs the body in $BENCH_BODY_FILE with the headers in
-- $BENCH_HEADERS ("name: value" lines), and prints one machine-readable summary line at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = file:read("*a")
file:close()
for line in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^\n]+") do
  local name, value = string.match(line, "^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end

-- $BENCH_COUNT_ERRORS=1: also count 200 responses whose body has a GraphQL "errors" key.
gql_errors = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
if os.getenv("BENCH_COUNT_ERRORS") == "1" then
  function response(status, headers, body)
    if string.find(body, '"errors"', 1, true) then gql_errors = gql_errors + 1 end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local graphql = 0
  for _, thread in ipairs(threads) do graphql = graphql + (thread:get("gql_errors") or 0) end
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"graphql":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout, graphql,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
