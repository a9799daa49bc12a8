// The page's settings, written by the gateway into a JSON data block (no inline script, so a
// strict CSP applies): endpoint, example operations, headers pre-fill, whether plans are exposed.
const element = document.getElementById('govgraph-playground-config');
const config = element ? JSON.parse(element.textContent) : {};

export const endpoint = config.endpoint || '/graphql';
export const title = config.title || 'GraphQL';
export const examples = config.examples || [];
export const headers = config.headers || {};
export const exposePlan = Boolean(config.exposePlan);
