// The Examples panel: ready-made operations from the gateway's config; a click opens one in a new tab.
import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { examples } from './config.js';

function ExamplesContent() {
  const { addTab } = useGraphiQLActions();
  const queryEditor = useGraphiQL((state) => state.queryEditor);
  const variableEditor = useGraphiQL((state) => state.variableEditor);
  const open = (example) => {
    addTab();
    // the new tab's editors are the same Monaco editors, now showing the new tab
    setTimeout(() => {
      if (queryEditor) queryEditor.setValue(example.query);
      if (variableEditor) variableEditor.setValue(example.variables || '');
    }, 0);
  };
  if (!examples.length) return <p>No example operations are configured.</p>;
  return (
    <div className="gg-examples">
      <div className="gg-plan-title">Examples</div>
      <ul>
        {examples.map((example) => (
          <li key={example.name}>
            <button type="button" className="gg-example" onClick={() => open(example)}>
              <strong>{example.name}</strong>
              {example.description ? <span>{example.description}</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="1.5">
      <path d="M4 5h16M4 10h16M4 15h10M4 20h7" />
    </svg>
  );
}

export const examplesPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesContent };
