/**
 * What the rules know about a customer (tier, tags from their attributes), cached briefly:
 * read for every message the bot handles, changed rarely (`forget` after an update).
 */
import { getCustomer, type Store } from '../store/index.ts';

export interface CustomerFacts {
  tier: string | null;
  tags: string[];
}

const TTL_MS = 30_000;
const MAX = 50_000;

export class CustomerFactsCache {
  private readonly entries = new Map<string, { facts: CustomerFacts; at: number }>();

  constructor(private readonly store: Store) {}

  async get(tenantId: string, customerId: string): Promise<CustomerFacts> {
    const key = `${tenantId}:${customerId}`;
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.facts;
    const row = await this.store.read((c) => getCustomer(c, tenantId, customerId));
    const attributes = row?.attributes ?? {};
    const facts = {
      tier: typeof attributes.tier === 'string' ? attributes.tier : null,
      tags: Array.isArray(attributes.tags)
        ? attributes.tags.filter((t): t is string => typeof t === 'string')
        : [],
    };
    if (this.entries.size >= MAX) this.entries.clear();
    this.entries.set(key, { facts, at: Date.now() });
    return facts;
  }

  forget(tenantId: string, customerId: string): void {
    this.entries.delete(`${tenantId}:${customerId}`);
  }
}
