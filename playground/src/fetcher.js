// The GraphiQL fetcher: POSTs (a CORS preflight is forced, so CSRF rules accept them), asking
// for the query plan when the server offers it; the plan goes to the Plan panel's store.
// Queries and mutations ask for `multipart/mixed` too: an operation with `@defer` comes back in
// parts (multipart.js), yielded as they arrive, so GraphiQL shows the first part at once and
// merges each later one in. Anything else comes back as one JSON response, as before.
// Subscriptions go over the gateway's WebSocket (graphql-transport-ws, the same path).
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { endpoint, exposePlan } from './config.js';
import { isMultipart, readParts } from './multipart.js';
import { planStore } from './plan-store.js';

export const PLAN_HEADER = 'apollo-expose-query-plan';
const JSON_ACCEPT = 'application/graphql-response+json, application/json';
export const MULTIPART_ACCEPT = `multipart/mixed;deferSpec=20220824, ${JSON_ACCEPT}`;

function request(params, headers, extra = {}, signal = undefined) {
  return fetch(endpoint, {
    method: 'POST',
    headers: {
      accept: JSON_ACCEPT,
      ...headers,
      ...extra,
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
    },
    body: JSON.stringify(params),
    signal,
  });
}

export async function post(params, headers, extra = {}) {
  return (await request(params, headers, extra)).json();
}

export function socketUrl(path = endpoint) {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

function isSubscription(params) {
  try {
    const operation = getOperationAST(parse(params.query), params.operationName || undefined);
    return operation !== null && operation.operation === 'subscription';
  } catch {
    return false; // not parseable here: the gateway says what is wrong
  }
}

// One socket per subscription, closed when it ends or GraphiQL stops it (`return()` disposes at
// once: a generator's would wait for the next event); the headers editor's headers go in
// `connection_init` (`{headers}`), where the gateway reads credentials.
function subscribe(params, headers) {
  const client = createClient({ url: socketUrl(), connectionParams: { headers }, retryAttempts: 0 });
  const results = client.iterate(params);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      const step = await results.next();
      if (step.done) await client.dispose();
      return step;
    },
    async return() {
      await client.dispose();
      return { done: true, value: undefined };
    },
  };
}

export function fetcher(params, options = {}) {
  if (isSubscription(params)) return subscribe(params, options.headers || {});
  return fetchResult(params, options.headers || {});
}

// One JSON result, or (`@defer`) an iterator of the parts: arrays of `{data, hasNext}` /
// `{incremental, hasNext}` bodies, which GraphiQL merges. Stopping aborts the request, and the
// iterator ends quietly (a generator's `return()` would wait for the next part).
async function fetchResult(params, headers) {
  const planned = exposePlan && params.operationName !== 'IntrospectionQuery';
  const extra = planned ? { [PLAN_HEADER]: 'true' } : {};
  const controller = new AbortController();
  const response = await request(params, { accept: MULTIPART_ACCEPT, ...headers }, extra, controller.signal);
  if (!isMultipart(response)) return withoutPlan(params, await response.json());
  const parts = readParts(response);
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      try {
        const step = await parts.next();
        if (step.done) return step;
        return { done: false, value: step.value.map((part) => withoutPlan(params, part)) };
      } catch (error) {
        if (controller.signal.aborted) return { done: true, value: undefined };
        throw error;
      }
    },
    async return() {
      controller.abort();
      return { done: true, value: undefined };
    },
  };
}

// The plan (in the first part of a deferred response) goes to the Plan panel, not the result.
function withoutPlan(params, result) {
  const plan = result && result.extensions && result.extensions.apolloQueryPlan;
  if (!plan) return result;
  planStore.ran(params.query, plan);
  const { apolloQueryPlan: _shown, ...rest } = result.extensions;
  if (Object.keys(rest).length) return { ...result, extensions: rest };
  const { extensions: _none, ...bare } = result;
  return bare;
}
