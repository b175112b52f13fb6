/** @jsxImportSource preact */
/** The agent workspace SPA, served at `/app`. */
import { render } from 'preact';
import { App } from './views/app.tsx';

render(<App />, document.getElementById('root')!);
