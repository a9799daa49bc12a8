// The GraphiQL fetcher: JSON POSTs (a CORS preflight is forced, so CSRF rules accept them),
// asking for the query plan when the server offers it; the plan goes to the Plan panel's store.
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

export async function fetcher(params, options = {}) {
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
