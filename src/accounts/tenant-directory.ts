/**
 * Tenants by widget key, cached: every customer connection looks one up. Unknown keys are
 * remembered briefly too, so a flood of bad keys does not reach the database. Known
 * tenants are re-read after a minute, so a rotated identity secret reaches every node.
 */
import { findTenantByWidgetKey, type Store, type Tenant } from '../store/index.ts';

const MISS_TTL_MS = 30_000;
const HIT_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

export class TenantDirectory {
  private readonly byWidgetKey = new Map<string, { tenant: Tenant | undefined; at: number }>();

  constructor(private readonly store: Store) {}

  async byWidget(widgetKey: string): Promise<Tenant | undefined> {
    const hit = this.byWidgetKey.get(widgetKey);
    const ttl = hit?.tenant ? HIT_TTL_MS : MISS_TTL_MS;
    if (hit && Date.now() - hit.at < ttl) return hit.tenant;
    const tenant = await this.store.read((c) => findTenantByWidgetKey(c, widgetKey));
    if (this.byWidgetKey.size >= MAX_ENTRIES) this.byWidgetKey.clear();
    this.byWidgetKey.set(widgetKey, { tenant, at: Date.now() });
    return tenant;
  }

  /** Drops a tenant's cached row (after its identity secret changed). */
  forget(tenantId: string): void {
    for (const [key, entry] of this.byWidgetKey) {
      if (entry.tenant?.id === tenantId) this.byWidgetKey.delete(key);
    }
  }
}
