import type { Bus } from '../bus/index.ts';
import type { Logger } from '../log.ts';
import type { Router } from '../routing/index.ts';
import type { Store } from '../store/index.ts';
import type { Committer } from './committer.ts';
import type { EventHub } from './events.ts';
import type { SessionTable } from './sessions.ts';

/** The parts of the engine, composed once in `createEngine` and passed to each step. */
export interface EngineContext {
  store: Store;
  bus: Bus;
  log: Logger;
  sessions: SessionTable;
  committer: Committer;
  router: Router;
  events: EventHub;
  limits: { maxTextChars: number };
}
