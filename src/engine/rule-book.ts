/**
 * Each tenant's rules: versioned in the store (every save is a new version), validated on
 * save, cached for evaluation. A tenant that never saved rules runs the default set.
 */
import { KefuError, notFound } from '../errors.ts';
import { DEFAULT_RULES, type GroupDirectory, type Rule, validateRules } from '../routing/index.ts';
import {
  type Body,
  type Ctx,
  getRuleSet,
  insertRuleSet,
  isUniqueViolation,
  latestRuleSet,
  listRuleSets,
  type Store,
} from '../store/index.ts';

export interface ActiveRules {
  version: number;
  rules: Rule[];
  isDefault: boolean;
}

export class RuleBook {
  private readonly cache = new Map<string, ActiveRules>();

  constructor(
    private readonly store: Store,
    private readonly groups: GroupDirectory,
  ) {}

  async active(tenantId: string): Promise<ActiveRules> {
    const cached = this.cache.get(tenantId);
    if (cached) return cached;
    const row = await this.store.read((c) => latestRuleSet(c, tenantId));
    const active = row
      ? { version: row.version, rules: row.rules as Rule[], isDefault: false }
      : { version: 0, rules: DEFAULT_RULES, isDefault: true };
    this.cache.set(tenantId, active);
    return active;
  }

  /**
   * Validates and stores a new version; `baseVersion` guards against concurrent edits.
   * `alsoWrite` runs in the same transaction (the audit entry of the change).
   */
  async save(
    tenantId: string,
    authorId: string | null,
    input: unknown,
    baseVersion: number,
    alsoWrite?: (c: Ctx, version: number) => Body<unknown>,
  ): Promise<ActiveRules & { warnings: string[] }> {
    const keys = new Set((await this.groups.forTenant(tenantId)).map((g) => g.key));
    const { rules, warnings } = validateRules(input, keys);
    const saved = await this.store
      .tx(function* (c) {
        const latest = yield* latestRuleSet(c, tenantId);
        const current = latest?.version ?? 0;
        if (current !== baseVersion) {
          throw new KefuError(
            'conflict',
            `rules changed meanwhile (now version ${current}): reload and retry`,
          );
        }
        const version = current + 1;
        yield* insertRuleSet(c, {
          id: Bun.randomUUIDv7(),
          tenantId,
          version,
          rules,
          authorId,
          createdAt: Date.now(),
        });
        if (alsoWrite) yield* alsoWrite(c, version);
        return version;
      })
      .catch((error: unknown) => {
        // Two saves on the same base (MySQL reads the latest version without a lock): the
        // unique (tenant, version) index lets one win; the other is the same conflict.
        if (!isUniqueViolation(error)) throw error;
        throw new KefuError('conflict', 'rules changed meanwhile: reload and retry', {
          cause: error,
        });
      });
    const active = { version: saved, rules, isDefault: false };
    this.cache.set(tenantId, active);
    return { ...active, warnings };
  }

  async restore(
    tenantId: string,
    authorId: string | null,
    version: number,
    alsoWrite?: (c: Ctx, version: number) => Body<unknown>,
  ) {
    const row = await this.store.read((c) => getRuleSet(c, tenantId, version));
    if (!row) throw notFound(`rules version ${version}`);
    const base = (await this.active(tenantId)).version;
    return this.save(tenantId, authorId, row.rules, base, alsoWrite);
  }

  versions(tenantId: string) {
    return this.store.read((c) => listRuleSets(c, tenantId));
  }

  invalidate(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
