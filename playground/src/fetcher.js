// The GraphiQL fetcher: JSON POSTs (a CORS preflight is forced, so CSRF rules accept them),
// asking for the query plan when the server offers it; the plan goes to the Plan panel's store.
// Subscriptions go over the gateway's WebSocket (graphql-transport-ws, the same path).
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import { endpoint, exposePlan } from './config.js';
import { planStore } from './plan-store.js';

export const PLAN_HEADER = 'apollo-expose-query-plan';

export async function post(params, headers, extra = {}) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...headers,
      ...extra,
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
    },
    body: JSON.stringify(params),
  });
  return response.json();
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
  return fetchResult(params, options);
}

async function fetchResult(params, options) {
  const planned = exposePlan && params.operationName !== 'IntrospectionQuery';
  const result = await post(params, options.headers || {}, planned ? { [PLAN_HEADER]: 'true' } : {});
  const plan = result && result.extensions && result.extensions.apolloQueryPlan;
  if (plan) {
    planStore.ran(params.query, plan);
    const { apolloQueryPlan: _shown, ...rest } = result.extensions;
    if (Object.keys(rest).length) return { ...result, extensions: rest };
    const { extensions: _none, ...bare } = result;
    return bare;
  }
  return result;
}
