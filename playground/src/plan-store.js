// The last run's plan and timings, for the Plan panel (which may mount after the run).
const listeners = new Set();
let last = null;

export const planStore = {
  ran(query, plan) {
    last = { query, plan };
    for (const listener of listeners) listener(last);
  },
  get: () => last,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
