import type { TokenSigner } from '../auth/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/index.ts';
import type { Authenticator } from './authenticate.ts';

/** What the HTTP routes need; composed once in `main.ts`. */
export interface HttpDeps {
  engine: Engine;
  store: Store;
  signer: TokenSigner;
  authn: Authenticator;
  log: Logger;
  /** Readiness checks beyond the database (e.g. the bus), name → healthy. */
  readiness: () => Promise<Record<string, boolean>>;
}
