// The Plan panel: the current operation's query plan (asked of the gateway as a dry run while
// you type), fetches per subgraph in their order and parallelism, and each fetch's time from the
// last run of this operation (the run's `extensions.apolloQueryPlan.timings`; with `@defer`, the
// first part's: the deferred fetches run after it). `@defer` shows the first part's fetches, then
// each deferred fragment's; a subscription its subgraph subscription, then what runs per event.
import { useEffect, useState } from 'react';
import { useGraphiQL, useOperationsEditorState } from '@graphiql/react';
import { exposePlan } from './config.js';
import { PLAN_HEADER, post } from './fetcher.js';
import { planStore } from './plan-store.js';

function useLastRun() {
  const [last, setLast] = useState(planStore.get());
  useEffect(() => planStore.subscribe(setLast), []);
  return last;
}

function headersOf(editor) {
  try {
    return JSON.parse((editor && editor.getValue()) || '{}');
  } catch {
    return {};
  }
}

function useDryRun(query, operationName, headerEditor) {
  const [state, setState] = useState({ plan: null, error: null });
  useEffect(() => {
    if (!exposePlan || !query.trim()) return undefined;
    let live = true;
    const timer = setTimeout(async () => {
      try {
        const params = operationName ? { query, operationName } : { query };
        // application/json: an operation still being typed is a 200 with errors, not a 400
        const extra = { [PLAN_HEADER]: 'dry-run', accept: 'application/json' };
        const result = await post(params, headersOf(headerEditor), extra);
        const plan = result.extensions && result.extensions.apolloQueryPlan;
        const error = plan ? null : (result.errors || [{ message: 'No plan.' }])[0].message;
        if (live) setState({ plan: plan || null, error });
      } catch (error) {
        if (live) setState({ plan: null, error: String(error) });
      }
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, operationName, headerEditor]);
  return state;
}

const ms = (value) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;

function Fetch({ node, path, timings, span }) {
  const timing = timings.get(node.id);
  return (
    <div className="gg-fetch" data-service={node.serviceName}>
      <div className="gg-fetch-head">
        <span className="gg-service">{node.serviceName}</span>
        {path ? <span className="gg-path">at {path}</span> : null}
        <span className="gg-time">{timing ? ms(timing.durationMs) : ''}</span>
      </div>
      {timing && span > 0 ? (
        <div className="gg-bar-track">
          <div
            className="gg-bar"
            style={{
              marginLeft: `${(100 * timing.startMs) / span}%`,
              width: `${Math.max(1, (100 * timing.durationMs) / span)}%`,
            }}
          />
        </div>
      ) : null}
      <pre className="gg-selection">{node.requiresText ? `${node.requiresText} =>\n` : ''}{node.selection}</pre>
    </div>
  );
}

function PlanNode({ node, timings, span }) {
  if (!node) return null;
  const props = { timings, span };
  switch (node.kind) {
    case 'Fetch':
      return <Fetch node={node} {...props} />;
    case 'Flatten':
      return <Fetch node={node.node} path={node.paths.map((p) => p.join('.')).join(', ')} {...props} />;
    case 'Sequence':
    case 'Parallel':
      return (
        <div className={`gg-group gg-${node.kind.toLowerCase()}`}>
          <div className="gg-group-head">{node.kind === 'Sequence' ? 'in order' : 'in parallel'}</div>
          {node.nodes.map((child, index) => (
            <PlanNode key={index} node={child} {...props} />
          ))}
        </div>
      );
    case 'Defer':
      return (
        <div className="gg-group gg-defer">
          <div className="gg-group-head">first part</div>
          <PlanNode node={node.primary.node} {...props} />
          {node.deferred.map((deferred) => (
            <div key={deferred.id} className="gg-group gg-deferred">
              <div className="gg-group-head">
                later{deferred.label ? ` "${deferred.label}"` : ''} at {deferred.queryPath.join('.') || 'the root'}
              </div>
              <PlanNode node={deferred.node} {...props} />
            </div>
          ))}
        </div>
      );
    case 'Subscription':
      return (
        <div className="gg-group gg-subscription">
          <div className="gg-group-head">subscribe</div>
          <Fetch node={node.primary} {...props} />
          {node.rest ? <div className="gg-group-head">for each event</div> : null}
          <PlanNode node={node.rest} {...props} />
        </div>
      );
    case 'Condition':
      return (
        <div className="gg-group gg-condition">
          <div className="gg-group-head">if ${node.condition}</div>
          <PlanNode node={node.ifClause} {...props} />
          {node.elseClause ? <div className="gg-group-head">else</div> : null}
          <PlanNode node={node.elseClause} {...props} />
        </div>
      );
    default:
      return null;
  }
}

function Summary({ fetches, timings }) {
  const services = new Map();
  for (const fetch of fetches) services.set(fetch.serviceName, (services.get(fetch.serviceName) || 0) + 1);
  const runs = timings.map((t) => t.startMs + t.durationMs);
  return (
    <p className="gg-summary">
      {fetches.length} fetch{fetches.length === 1 ? '' : 'es'}:{' '}
      {[...services].map(([name, count]) => `${name} ×${count}`).join(', ')}
      {runs.length ? `; last run ${ms(Math.max(...runs))} waiting for subgraphs` : ''}
    </p>
  );
}

function collectFetches(node, found = []) {
  if (!node) return found;
  if (node.kind === 'Fetch') found.push(node);
  else if (node.kind === 'Flatten') found.push(node.node);
  else if (node.kind === 'Condition') {
    collectFetches(node.ifClause, found);
    collectFetches(node.elseClause, found);
  } else if (node.kind === 'Subscription') {
    found.push(node.primary);
    collectFetches(node.rest, found);
  } else if (node.kind === 'Defer') {
    collectFetches(node.primary.node, found);
    for (const deferred of node.deferred) collectFetches(deferred.node, found);
  } else for (const child of node.nodes || []) collectFetches(child, found);
  return found;
}

function PlanContent() {
  const [query] = useOperationsEditorState();
  const operationName = useGraphiQL((state) => state.operationName);
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const { plan, error } = useDryRun(query, operationName, headerEditor);
  const last = useLastRun();
  const [text, setText] = useState(false);
  if (!exposePlan) return <p>This gateway does not expose query plans.</p>;
  const lastRun = last && last.query === query ? last.plan : null;
  const shown = lastRun || plan;
  if (!shown) return <div className="gg-plan">{error ? <p className="gg-error">{error}</p> : <p>…</p>}</div>;
  const timings = (lastRun && lastRun.timings && lastRun.timings.fetches) || [];
  const byId = new Map(timings.map((t) => [t.id, t]));
  const span = Math.max(0, ...timings.map((t) => t.startMs + t.durationMs));
  const root = shown.object && shown.object.node;
  return (
    <div className="gg-plan">
      <div className="gg-plan-title">
        <span>Query plan</span>
        <button type="button" className="gg-toggle" onClick={() => setText(!text)}>
          {text ? 'diagram' : 'text'}
        </button>
      </div>
      <Summary fetches={collectFetches(root)} timings={timings} />
      {lastRun ? null : <p className="gg-hint">Run the operation to see each fetch's time.</p>}
      {text ? <pre className="gg-text">{shown.text}</pre> : <PlanNode node={root} timings={byId} span={span} />}
    </div>
  );
}

function PlanIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.5">
      <rect x="3" y="3" width="7" height="5" rx="1" />
      <rect x="14" y="10" width="7" height="5" rx="1" />
      <rect x="14" y="17" width="7" height="5" rx="1" />
      <path d="M6.5 8v4.5H14M6.5 12v7H14" />
    </svg>
  );
}

export const planPlugin = { title: 'Query plan', icon: PlanIcon, content: PlanContent };
