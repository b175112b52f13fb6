/** Role checks for routes: API keys act as the tenant's admin. */
import type { Principal, Role } from '../auth/index.ts';
import { forbidden } from '../errors.ts';

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3, owner: 4 };

export function atLeast(principal: Principal, role: Role): void {
  if (principal.kind === 'apiKey') return;
  if (principal.kind === 'agent' && RANK[principal.role] >= RANK[role]) return;
  throw forbidden(`${role}s and above only`);
}

export function actorId(principal: Principal): string | null {
  return principal.kind === 'agent' ? principal.agentId : null;
}
