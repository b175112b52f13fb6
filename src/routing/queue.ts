/**
 * Waiting conversations per tenant, highest priority first, then longest waiting.
 */

export interface QueueItem {
  tenantId: string;
  conversationId: string;
  /** Skill group; null = any agent of the tenant. */
  groupId: string | null;
  priority: number;
  queuedAt: number;
  /** The agent who served this customer last (sticky groups prefer them). */
  stickyAgentId?: string;
  /** Agents this conversation must not go to again (did not answer, transferred away). */
  excluded: string[];
}

const before = (a: QueueItem, b: QueueItem) => b.priority - a.priority || a.queuedAt - b.queuedAt;

export class Queues {
  private readonly byTenant = new Map<string, QueueItem[]>();

  all(): IterableIterator<QueueItem[]> {
    return this.byTenant.values();
  }

  clear(): void {
    this.byTenant.clear();
  }

  items(tenantId: string): readonly QueueItem[] {
    return this.byTenant.get(tenantId) ?? [];
  }

  add(item: QueueItem): void {
    const queue = this.byTenant.get(item.tenantId) ?? [];
    this.remove(item.tenantId, item.conversationId);
    const at = queue.findIndex((other) => before(item, other) < 0);
    queue.splice(at < 0 ? queue.length : at, 0, item);
    this.byTenant.set(item.tenantId, queue);
  }

  remove(tenantId: string, conversationId: string): QueueItem | undefined {
    const queue = this.byTenant.get(tenantId);
    const i = queue?.findIndex((q) => q.conversationId === conversationId) ?? -1;
    return i >= 0 ? queue!.splice(i, 1)[0] : undefined;
  }

  get(tenantId: string, conversationId: string): QueueItem | undefined {
    return this.byTenant.get(tenantId)?.find((q) => q.conversationId === conversationId);
  }

  /** 1-based places in line, among the conversations waiting for the same group: one pass. */
  positions(tenantId: string): Map<QueueItem, number> {
    const perGroup = new Map<string | null, number>();
    const places = new Map<QueueItem, number>();
    for (const item of this.items(tenantId)) {
      const place = (perGroup.get(item.groupId) ?? 0) + 1;
      perGroup.set(item.groupId, place);
      places.set(item, place);
    }
    return places;
  }
}
