import type { LoginThrottle, Sessions, TenantDirectory } from '../accounts/index.ts';
import type { TokenSigner } from '../auth/index.ts';
import type { BotAdmin } from '../bot-admin/index.ts';
import type { Channels } from '../channels/index.ts';
import type { Customers } from '../customers/index.ts';
import type { Dashboard } from '../dashboard/index.ts';
import type { Engine } from '../engine/index.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/index.ts';
import type { Outbox } from '../outbox/index.ts';
import type { Store } from '../store/index.ts';
import type { Webhooks } from '../webhooks/index.ts';
import type { Authenticator } from './authenticate.ts';
import type { MessagePages } from './page-cache.ts';

/** What the HTTP routes need; composed once in `main.ts`. */
export interface HttpDeps {
  engine: Engine;
  store: Store;
  signer: TokenSigner;
  authn: Authenticator;
  sessions: Sessions;
  throttle: LoginThrottle;
  /** Tenants by widget key (cached: forget a tenant after its settings change). */
  tenants: TenantDirectory;
  /** Take the client address from the last `X-Forwarded-For` entry (behind a proxy). */
  trustProxy: boolean;
  dashboard: Dashboard;
  log: Logger;
  customers: Customers;
  channels: Channels;
  webhooks: Webhooks;
  outbox: Outbox;
  limits: { emailMaxBytes: number };
  metrics: Metrics;
  metricsToken: string | undefined;
  /** Recent message pages of the read routes (cleared when message content is erased). */
  pages: MessagePages;
  /** Readiness checks beyond the database (e.g. the bus), name → healthy. */
  readiness: () => Promise<Record<string, boolean>>;
  /** Tenants' bots (undefined when the bot is off: those routes answer 503). */
  bot?: BotAdmin;
}
