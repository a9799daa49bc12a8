// The gateway's playground: GraphiQL 5 with the docs, the explorer, example operations and the
// query plan, all from the gateway's own origin (see gateway/plugins/playground/).
import './workers.js';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { explorerPlugin } from '@graphiql/plugin-explorer';
// graphiql/style.css would add a second copy of Monaco's CSS and font (for its CDN build); the
// bundle already has Monaco's own, so take GraphiQL's parts one by one.
import '@graphiql/react/style.css';
import '@graphiql/plugin-doc-explorer/style.css';
import '@graphiql/plugin-history/style.css';
import 'graphiql/graphiql.css';
import '@graphiql/plugin-explorer/style.css';
import './playground.css';
import { examples, exposePlan, headers } from './config.js';
import { examplesPlugin } from './examples.jsx';
import { fetcher } from './fetcher.js';
import { planPlugin } from './plan.jsx';

const linked = new URLSearchParams(window.location.search).get('query');
const first = examples[0];
const plugins = [explorerPlugin(), examplesPlugin, ...(exposePlan ? [planPlugin] : [])];
const headersText = Object.keys(headers).length ? JSON.stringify(headers, null, 2) : undefined;

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultQuery={first ? first.query : undefined}
      initialQuery={linked || undefined}
      defaultHeaders={headersText}
      initialHeaders={headersText}
      defaultEditorToolsVisibility={headersText ? 'headers' : undefined}
      shouldPersistHeaders={false}
    />
  );
}

createRoot(document.getElementById('graphiql')).render(<App />);
