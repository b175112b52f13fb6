/**
 * Skill groups per tenant, cached in memory (read on every routing decision). An agent is a
 * member of a group when the group's key is one of the agent's skills.
 */
import { listGroups, type SkillGroup, type Store } from '../store/index.ts';

export type Strategy = 'least_busy' | 'round_robin' | 'longest_idle';
export const STRATEGIES: readonly Strategy[] = ['least_busy', 'round_robin', 'longest_idle'];
export type Group = SkillGroup & { strategy: Strategy };

export class GroupDirectory {
  private readonly byTenant = new Map<string, Group[]>();
  private readonly loading = new Map<string, Promise<Group[]>>();

  constructor(private readonly store: Store) {}

  /** The tenant's groups, loaded once and cached until `invalidate`. */
  async forTenant(tenantId: string): Promise<Group[]> {
    const cached = this.byTenant.get(tenantId);
    if (cached) return cached;
    let pending = this.loading.get(tenantId);
    if (!pending) {
      pending = this.store
        .read((c) => listGroups(c, tenantId))
        .then((rows) => {
          const groups = rows as Group[];
          this.byTenant.set(tenantId, groups);
          return groups;
        })
        .finally(() => this.loading.delete(tenantId));
      this.loading.set(tenantId, pending);
    }
    return pending;
  }

  /** Synchronous lookups: valid once `forTenant` has resolved for the tenant. */
  byId(tenantId: string, id: string | null): Group | undefined {
    return id === null ? undefined : this.byTenant.get(tenantId)?.find((g) => g.id === id);
  }

  byKey(tenantId: string, key: string): Group | undefined {
    return this.byTenant.get(tenantId)?.find((g) => g.key === key);
  }

  invalidate(tenantId: string): void {
    this.byTenant.delete(tenantId);
  }
}
