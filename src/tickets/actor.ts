import type { Principal } from '../auth/index.ts';

/** Who did something to a ticket, as the audit log records it. */
export interface Actor {
  kind: 'agent' | 'api' | 'system' | 'customer';
  id: string | null;
  name: string | null;
}

export const SYSTEM: Actor = { kind: 'system', id: null, name: null };

export function actorOf(principal: Principal): Actor {
  switch (principal.kind) {
    case 'agent':
      return { kind: 'agent', id: principal.agentId, name: principal.name };
    case 'apiKey':
      return { kind: 'api', id: principal.keyId, name: null };
    case 'customer':
      return { kind: 'customer', id: principal.customerId, name: null };
  }
}
