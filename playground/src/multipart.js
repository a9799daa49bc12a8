// A `multipart/mixed` reader for incremental delivery (`@defer`): yields, per chunk read, the JSON
// bodies of the parts it completed (a part is whole when the delimiter after it arrives), and ends
// with the part saying `hasNext: false` (or the body's end). Unlike meros it reads the body to its
// end (in the background after that last part) rather than cancelling it after the closing
// delimiter, which the browser would report as an aborted request.
export function isMultipart(response) {
  const type = response.headers.get('content-type') || '';
  return type.toLowerCase().startsWith('multipart/mixed') && response.body !== null;
}

function boundaryOf(response) {
  const found = /boundary="?([^";]+)"?/i.exec(response.headers.get('content-type') || '');
  return found ? found[1] : '-';
}

function parsePart(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = split < 0 ? '' : raw.slice(0, split);
  const body = split < 0 ? raw : raw.slice(split + 4);
  const type = /^content-type:\s*([^\r\n]*)/im.exec(head);
  if (type && !type[1].toLowerCase().includes('json')) {
    throw new Error(`A part of the response is not JSON (${type[1]}): ${body.slice(0, 200)}`);
  }
  return JSON.parse(body);
}

export async function* readParts(response) {
  const delimiter = `\r\n--${boundaryOf(response)}`;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '\r\n'; // a body may start with the delimiter without the CRLF before it
  let state = 'preamble';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (state === 'closed') continue; // the epilogue: read to the end, ignored
    buffer += decoder.decode(value, { stream: true });
    const parts = [];
    for (;;) {
      if (state === 'preamble') {
        const at = buffer.indexOf(delimiter);
        if (at < 0) break;
        buffer = buffer.slice(at + delimiter.length);
        state = 'parts';
      }
      if (buffer.length < 2) break; // after a delimiter: another part, or `--` closing
      if (buffer.startsWith('--')) {
        state = 'closed';
        break;
      }
      const at = buffer.indexOf(delimiter);
      if (at < 0) break;
      parts.push(parsePart(buffer.slice(0, at).replace(/^[ \t]*\r\n/, '')));
      buffer = buffer.slice(at + delimiter.length);
    }
    if (parts.length) yield parts;
    if (parts.some((part) => part && part.hasNext === false)) {
      drain(reader); // the run is complete for GraphiQL now; the rest is the closing delimiter
      return;
    }
  }
}

async function drain(reader) {
  try {
    while (!(await reader.read()).done);
  } catch {
    // aborted meanwhile: nothing was left to read
  }
}
