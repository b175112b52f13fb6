/**
 * Builds the chat widget exactly as kefu serves it at /widget.js and prints its size as one
 * JSON line: {"bytes":…,"gzipBytes":…} (gzip level 9, what the server sends to gzip
 * clients). Used by the bench suite; budget: gzipBytes < 40 KB.
 *
 *   bun scripts/widget-size.ts
 */
import { buildPage, classicScript } from '../src/web/bundle.ts';
import widgetPage from '../src/web/widget/bundle.html';

const script = classicScript(await buildPage(widgetPage, '/widget/'));
const bytes = script.body.byteLength;
const gzipBytes = script.gzip?.byteLength ?? bytes;
console.log(JSON.stringify({ bytes, gzipBytes }));
