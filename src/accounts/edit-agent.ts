/** An admin's edit of an agent: profile changes and (dis)abling, audited with the change. */
import { type Actor, audit } from '../audit/index.ts';
import { type Store, setUserDisabled, type User, updateUser } from '../store/index.ts';
import type { Sessions } from './sessions.ts';

export type AgentPatch = Partial<Pick<User, 'name' | 'role' | 'skills' | 'capacity'>>;

/**
 * Writes `patch` and, when `disabled` differs from the account's state, disables or
 * enables it, in one transaction with the audit entries; a disabled agent's sessions end.
 * Returns the agent as it now is. Permission checks are the caller's.
 */
export async function editAgent(
  store: Store,
  sessions: Sessions,
  target: User,
  patch: AgentPatch,
  disabled: boolean | undefined,
  actor: Actor,
): Promise<User> {
  const { tenantId, id } = target;
  const toggle = disabled !== undefined && disabled !== (target.disabledAt !== null);
  const disabledAt = toggle ? (disabled ? Date.now() : null) : target.disabledAt;
  const changes = Object.keys(patch).length > 0;
  if (changes || toggle)
    await store.tx(function* (c) {
      if (changes) {
        yield* updateUser(c, tenantId, id, patch);
        yield* audit(c, tenantId, actor, 'agent.update', ['agent', id], patch);
      }
      if (toggle) {
        yield* setUserDisabled(c, tenantId, id, disabledAt);
        const action = disabled ? 'agent.disable' : 'agent.enable';
        yield* audit(c, tenantId, actor, action, ['agent', id]);
      }
    });
  // Their tokens stop working and their sockets close, on every node.
  if (toggle && disabled) await sessions.revokeAgent(tenantId, id, 'disabled');
  return { ...target, ...patch, disabledAt };
}
