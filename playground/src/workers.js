// Monaco's web workers, bundled beside the page (never from a CDN): the URLs are relative to
// this bundle's own URL, so the page works under any mount point; CSP `worker-src 'self'`.
const base = new URL('.', import.meta.url);
const files = { json: 'json.worker.js', graphql: 'graphql.worker.js' };

globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    return new Worker(new URL(files[label] || 'editor.worker.js', base));
  },
};
