/** Who is calling: every engine and API call takes one, and every one names its tenant. */
import type { Role } from './tokens.ts';

export type Principal =
  | { kind: 'customer'; tenantId: string; customerId: string; channel: string }
  | {
      kind: 'agent';
      tenantId: string;
      agentId: string;
      role: Role;
      name: string;
      /** The sign-in the token belongs to (`sid`). */
      sessionId?: string;
    }
  | { kind: 'apiKey'; tenantId: string; keyId: string; scopes: string[] };

export type AgentPrincipal = Extract<Principal, { kind: 'agent' }>;

/** Supervisors and above may act on any conversation of their tenant. */
export function isSupervisor(p: Principal): boolean {
  return p.kind === 'apiKey' || (p.kind === 'agent' && p.role !== 'agent');
}
