// Preloaded by bunfig.toml. Tests start real servers, SQLite files, MariaDB databases and
// browsers, so they get 30 s by default. bun 1.4.5 ignores `[test] timeout` in bunfig and
// applies a preload's default only to the first file of a run, so `npm test` also passes
// `--timeout 30000`; this covers a plain `bun test <file>`.
import { setDefaultTimeout } from 'bun:test';

setDefaultTimeout(30_000);
