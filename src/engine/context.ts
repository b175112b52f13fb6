import type { Bus } from '../bus/index.ts';
import type { Logger } from '../log.ts';
import type { GroupDirectory, RouterPort } from '../routing/index.ts';
import type { Store } from '../store/index.ts';
import type { TicketService } from '../tickets/index.ts';
import type { Bot, Classifier } from './brain.ts';
import type { Committer } from './committer.ts';
import type { CustomerFactsCache } from './customer-facts.ts';
import type { EventHub } from './events.ts';
import type { RuleBook } from './rule-book.ts';
import type { SessionTable } from './sessions.ts';

/** The parts of the engine, composed once in `Engine` and passed to each step. */
export interface EngineContext {
  store: Store;
  bus: Bus;
  log: Logger;
  sessions: SessionTable;
  committer: Committer;
  router: RouterPort;
  groups: GroupDirectory;
  rules: RuleBook;
  tickets: TicketService;
  events: EventHub;
  customers: CustomerFactsCache;
  classifier: Classifier | undefined;
  bot: Bot | undefined;
  limits: { maxTextChars: number };
}
