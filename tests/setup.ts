// Preloaded by bunfig.toml: bun 1.4.5 does not apply `[test] timeout` from bunfig, so
// the default per-test (and hook) timeout is set here. Servers, browsers and databases
// start in these tests.
import { setDefaultTimeout } from 'bun:test';

setDefaultTimeout(30_000);
