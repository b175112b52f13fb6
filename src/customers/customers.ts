/**
 * One customer across channels: identities (channel + external id → customer), links a
 * tenant makes, merges, and who a connecting visitor is.
 */
import type { TenantDirectory } from '../accounts/index.ts';
import type { Engine } from '../engine/index.ts';
import { KefuError, notFound } from '../errors.ts';
import {
  addIdentity,
  type Body,
  type Ctx,
  type CustomerProfile,
  customerForIdentity,
  fillProfile,
  findIdentity,
  getCustomer,
  getTenant,
  listIdentities,
  removeIdentity,
  resolveCustomer,
  type Store,
  setIdentitySecret,
  type Tenant,
} from '../store/index.ts';
import { newIdentitySecret, verifyUserHash } from './identity-secret.ts';

/** Identity channel of a tenant's own user ids, verified with `userHash` (web and app). */
export const VERIFIED_USER_CHANNEL = 'web';

export interface VisitorClaim {
  /** The customer named by the visitor token, if one was presented. */
  tokenCustomerId?: string;
  userId?: string;
  userHash?: string;
}

export class Customers {
  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly tenants: TenantDirectory,
  ) {}

  /** The customer behind `externalId` on `channel`, created on first sight. */
  async forIdentity(
    tenantId: string,
    channel: string,
    externalId: string,
    profile: CustomerProfile = {},
  ): Promise<string> {
    const found = await this.store.tx((c) =>
      customerForIdentity(c, tenantId, channel, externalId, profile),
    );
    if (!found.created && (profile.name || profile.email)) {
      await this.store.tx((c) => fillProfile(c, tenantId, found.customerId, profile));
    }
    return found.customerId;
  }

  /** The live customer an id (perhaps merged since) stands for; undefined if unknown. */
  async resolve(tenantId: string, customerId: string): Promise<string | undefined> {
    return (await this.store.read((c) => resolveCustomer(c, tenantId, customerId)))?.id;
  }

  async identities(tenantId: string, customerId: string) {
    await this.live(tenantId, customerId);
    return this.store.read((c) => listIdentities(c, tenantId, customerId));
  }

  /**
   * Gives a customer an identity. If another customer of the tenant holds it, the tenant
   * has said they are one person: that customer is merged into this one.
   */
  async link(
    tenantId: string,
    customerId: string,
    channel: string,
    externalId: string,
  ): Promise<{ created: boolean; mergedCustomerId: string | null }> {
    await this.live(tenantId, customerId);
    const added = await this.store.tx((c) =>
      addIdentity(c, tenantId, customerId, channel, externalId),
    );
    if (added) return { created: true, mergedCustomerId: null };
    const owner = await this.store.read((c) => findIdentity(c, tenantId, channel, externalId));
    if (!owner) throw new KefuError('conflict', 'the identity changed meanwhile, try again');
    if (owner.customerId === customerId) return { created: false, mergedCustomerId: null };
    await this.engine.mergeCustomers(tenantId, customerId, owner.customerId);
    return { created: false, mergedCustomerId: owner.customerId };
  }

  async unlink(tenantId: string, customerId: string, identityId: string): Promise<void> {
    const removed = await this.store.tx((c) => removeIdentity(c, tenantId, customerId, identityId));
    if (removed === 0) throw notFound('identity');
  }

  merge(tenantId: string, keepId: string, otherId: string) {
    return this.engine.mergeCustomers(tenantId, keepId, otherId);
  }

  /** The tenant's identity secret, created on first use; `rotate` replaces it. */
  async identitySecret(
    tenantId: string,
    rotate = false,
    alsoWrite?: (c: Ctx) => Body<unknown>,
  ): Promise<string> {
    const tenant = await this.store.read((c) => getTenant(c, tenantId));
    if (!tenant) throw notFound('tenant');
    if (tenant.identitySecret && !rotate) return tenant.identitySecret;
    const secret = newIdentitySecret();
    await this.store.tx(function* (c) {
      const changed = yield* setIdentitySecret(c, tenantId, secret, !rotate);
      if (alsoWrite) yield* alsoWrite(c);
      return changed;
    });
    this.tenants.forget(tenantId);
    const stored = await this.store.read((c) => getTenant(c, tenantId));
    return stored?.identitySecret ?? secret;
  }

  /**
   * Who a connecting visitor is: the verified user (`userId` + `userHash`), else the
   * customer of their token (following merges), else nobody yet (undefined). An anonymous
   * visitor who signs in is merged into the verified customer: their token proves the
   * earlier conversation was theirs.
   * @throws KefuError `unauthorized` for a wrong `userHash`.
   */
  async visitor(tenant: Tenant, claim: VisitorClaim): Promise<string | undefined> {
    const fromToken = claim.tokenCustomerId
      ? await this.resolve(tenant.id, claim.tokenCustomerId)
      : undefined;
    if (claim.userId === undefined) return fromToken ?? claim.tokenCustomerId;
    verifyUserHash(tenant.identitySecret, claim.userId, claim.userHash ?? '');
    const verified = await this.forIdentity(tenant.id, VERIFIED_USER_CHANNEL, claim.userId);
    if (fromToken && fromToken !== verified) {
      const known = await this.store.read((c) => listIdentities(c, tenant.id, fromToken));
      if (known.length === 0) await this.engine.mergeCustomers(tenant.id, verified, fromToken);
    }
    return verified;
  }

  private async live(tenantId: string, customerId: string): Promise<void> {
    const row = await this.store.read((c) => getCustomer(c, tenantId, customerId));
    if (!row || row.mergedIntoId) throw notFound('customer');
  }
}
