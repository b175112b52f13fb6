/**
 * Channel accounts of a tenant: WeChat Official Accounts (several per tenant, one callback
 * URL each) and the email mailbox (one per tenant). Secrets (AppSecret, Token,
 * EncodingAESKey, SMTP password) are stored as given — kefu needs them in clear to sign,
 * decrypt and log in — and never returned by the API nor logged.
 */
import { KefuError, notFound } from '../errors.ts';
import type { Outbox } from '../outbox/index.ts';
import {
  type Body,
  type ChannelRow,
  type Ctx,
  deleteChannel,
  findChannelByKey,
  getChannel,
  getChannelById,
  insertChannel,
  isUniqueViolation,
  killPendingDeliveries,
  listChannels,
  type Store,
  updateChannel,
} from '../store/index.ts';
import {
  resolveWechatChannel,
  type WechatChannel,
  type WechatChannelConfig,
} from './wechat/index.ts';

/** A WeChat account as stored: the protocol settings plus the API credentials. */
export interface WechatAccountConfig extends WechatChannelConfig {
  appSecret: string;
  /** WeChat API base URL for this account (tests, proxies); else `KEFU_WECHAT_API_BASE_URL`. */
  apiBaseUrl?: string;
  /** Passive reply to a new follower; none when unset. */
  welcomeText?: string;
}

export interface WechatAccount {
  id: string;
  tenantId: string;
  channel: WechatChannel;
  appSecret: string;
  apiBaseUrl?: string;
  welcomeText?: string;
  updatedAt: number;
}

export interface EmailAccountConfig {
  fromAddress: string;
  fromName?: string;
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
}

export interface EmailAccount extends EmailAccountConfig {
  id: string;
  tenantId: string;
  updatedAt: number;
}

const CACHE_MS = 30_000;

/** More writes in the transaction of a change (its audit entry). */
export type AlsoWrite = (c: Ctx, row: ChannelRow) => Body<unknown>;

export class ChannelAccounts {
  private readonly wechatById = new Map<
    string,
    { account: WechatAccount | undefined; at: number }
  >();
  private readonly emailByTenant = new Map<
    string,
    { account: EmailAccount | undefined; at: number }
  >();

  constructor(
    private readonly store: Store,
    private readonly outbox: Outbox,
  ) {}

  /** Adds a WeChat Official Account. @throws validation_failed, conflict (same appId). */
  async createWechat(
    tenantId: string,
    config: WechatAccountConfig,
    alsoWrite?: AlsoWrite,
  ): Promise<ChannelRow> {
    const stored = checkWechat(config);
    const now = Date.now();
    const row: ChannelRow = {
      id: Bun.randomUUIDv7(),
      tenantId,
      kind: 'wechat',
      key: stored.appId,
      config: stored as unknown as Record<string, unknown>,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.store.tx(function* (c) {
        yield* insertChannel(c, row);
        if (alsoWrite) yield* alsoWrite(c, row);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new KefuError('conflict', `WeChat account ${stored.appId} is configured already`);
      throw error;
    }
    return row;
  }

  /** Changes some settings of a WeChat account; the result is validated as a whole. */
  async updateWechat(
    tenantId: string,
    id: string,
    patch: Partial<WechatAccountConfig>,
    alsoWrite?: AlsoWrite,
  ): Promise<ChannelRow> {
    const row = await this.get(tenantId, id);
    if (row.kind !== 'wechat') throw new KefuError('conflict', 'not a WeChat channel');
    const merged = { ...(row.config as unknown as WechatAccountConfig), ...patch };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete (merged as unknown as Record<string, unknown>)[key];
    }
    const stored = checkWechat(merged);
    try {
      await this.store.tx(function* (c) {
        yield* updateChannel(c, tenantId, id, {
          key: stored.appId,
          config: stored as unknown as Record<string, unknown>,
          updatedAt: Date.now(),
        });
        if (alsoWrite) yield* alsoWrite(c, row);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new KefuError('conflict', `WeChat account ${stored.appId} is configured already`);
      throw error;
    }
    this.wechatById.delete(id);
    return this.get(tenantId, id);
  }

  /** Sets the tenant's mailbox (creating or replacing it). */
  async setEmail(
    tenantId: string,
    config: EmailAccountConfig,
    alsoWrite?: (c: Ctx, row: ChannelRow, created: boolean) => Body<unknown>,
  ): Promise<{ row: ChannelRow; created: boolean }> {
    const stored = checkEmail(config);
    const now = Date.now();
    const existing = await this.store.read((c) =>
      findChannelByKey(c, tenantId, 'email', 'default'),
    );
    this.emailByTenant.delete(tenantId);
    if (existing) {
      await this.store.tx(function* (c) {
        yield* updateChannel(c, tenantId, existing.id, {
          config: stored as unknown as Record<string, unknown>,
          updatedAt: now,
        });
        if (alsoWrite) yield* alsoWrite(c, existing, false);
      });
      return { row: await this.get(tenantId, existing.id), created: false };
    }
    const row: ChannelRow = {
      id: Bun.randomUUIDv7(),
      tenantId,
      kind: 'email',
      key: 'default',
      config: stored as unknown as Record<string, unknown>,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.tx(function* (c) {
      yield* insertChannel(c, row);
      if (alsoWrite) yield* alsoWrite(c, row, true);
    });
    return { row, created: true };
  }

  list(tenantId: string): Promise<ChannelRow[]> {
    return this.store.read((c) => listChannels(c, tenantId));
  }

  async get(tenantId: string, id: string): Promise<ChannelRow> {
    const row = await this.store.read((c) => getChannel(c, tenantId, id));
    if (!row) throw notFound('channel');
    return row;
  }

  /** Removes a channel; what is still waiting to go out through it is dead-lettered. */
  async remove(tenantId: string, id: string, alsoWrite?: AlsoWrite): Promise<void> {
    const row = await this.get(tenantId, id);
    const now = Date.now();
    await this.store.tx(function* (c) {
      yield* deleteChannel(c, tenantId, id);
      if (alsoWrite) yield* alsoWrite(c, row);
      yield* killPendingDeliveries(c, tenantId, id, 'channel deleted', now);
    });
    this.wechatById.delete(id);
    this.emailByTenant.delete(tenantId);
  }

  /** A WeChat account by channel id (callbacks carry only that), cached briefly. */
  async wechat(channelId: string): Promise<WechatAccount | undefined> {
    const hit = this.wechatById.get(channelId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.account;
    const row = await this.store.read((c) => getChannelById(c, channelId));
    let account: WechatAccount | undefined;
    if (row?.kind === 'wechat') {
      const config = row.config as unknown as WechatAccountConfig;
      account = {
        id: row.id,
        tenantId: row.tenantId,
        channel: resolveWechatChannel(protocolPart(config)),
        appSecret: config.appSecret,
        apiBaseUrl: config.apiBaseUrl,
        welcomeText: config.welcomeText,
        updatedAt: row.updatedAt,
      };
    }
    if (this.wechatById.size > 10_000) this.wechatById.clear();
    this.wechatById.set(channelId, { account, at: Date.now() });
    return account;
  }

  /** The tenant's mailbox, cached briefly. */
  async email(tenantId: string): Promise<EmailAccount | undefined> {
    const hit = this.emailByTenant.get(tenantId);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.account;
    const row = await this.store.read((c) => findChannelByKey(c, tenantId, 'email', 'default'));
    const account = row
      ? {
          ...(row.config as unknown as EmailAccountConfig),
          id: row.id,
          tenantId,
          updatedAt: row.updatedAt,
        }
      : undefined;
    if (this.emailByTenant.size > 10_000) this.emailByTenant.clear();
    this.emailByTenant.set(tenantId, { account, at: Date.now() });
    return account;
  }

  /** Wakes deliveries waiting for an account (after it was fixed). */
  kick(): void {
    this.outbox.kick();
  }
}

/** What the API shows of a channel: never a secret. */
export function channelView(row: ChannelRow) {
  const base = {
    id: row.id,
    kind: row.kind,
    key: row.key,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (row.kind === 'wechat') {
    const c = row.config as unknown as WechatAccountConfig;
    return {
      ...base,
      callbackPath: `/wechat/${row.id}`,
      settings: {
        appId: c.appId,
        mode: c.mode,
        maxClockSkewSeconds: c.maxClockSkewSeconds ?? 300,
        apiBaseUrl: c.apiBaseUrl ?? null,
        welcomeText: c.welcomeText ?? null,
        secretsSet: ['appSecret', 'token', ...(c.encodingAesKey ? ['encodingAesKey'] : [])],
      },
    };
  }
  const c = row.config as unknown as EmailAccountConfig;
  return {
    ...base,
    inboundPath: '/api/v1/channels/email/inbound',
    settings: {
      fromAddress: c.fromAddress,
      fromName: c.fromName ?? null,
      smtp: {
        host: c.smtp.host,
        port: c.smtp.port,
        secure: c.smtp.secure,
        user: c.smtp.user ?? null,
      },
      secretsSet: c.smtp.pass ? ['smtp.pass'] : [],
    },
  };
}

function protocolPart(config: WechatAccountConfig): WechatChannelConfig {
  const { appSecret: _s, apiBaseUrl: _u, welcomeText: _w, ...protocol } = config;
  return protocol;
}

function checkWechat(config: WechatAccountConfig): WechatAccountConfig {
  const channel = resolveWechatChannel(protocolPart(config));
  if (typeof config.appSecret !== 'string' || !/^[A-Za-z0-9]{1,128}$/.test(config.appSecret))
    throw new KefuError('validation_failed', 'appSecret: 1 to 128 letters and digits');
  if (config.apiBaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(config.apiBaseUrl);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new KefuError('validation_failed', 'apiBaseUrl: an http(s) URL');
  }
  return {
    appId: channel.appId,
    token: channel.token,
    ...(channel.encodingAesKey ? { encodingAesKey: channel.encodingAesKey } : {}),
    mode: channel.mode,
    maxClockSkewSeconds: channel.maxClockSkewSeconds,
    ...(config.replyBudgetMs !== undefined ? { replyBudgetMs: channel.replyBudgetMs } : {}),
    appSecret: config.appSecret,
    ...(config.apiBaseUrl ? { apiBaseUrl: config.apiBaseUrl } : {}),
    ...(config.welcomeText ? { welcomeText: config.welcomeText } : {}),
  };
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

function checkEmail(config: EmailAccountConfig): EmailAccountConfig {
  if (!EMAIL.test(config.fromAddress) || config.fromAddress.length > 254)
    throw new KefuError('validation_failed', 'fromAddress: not an email address');
  const { host, port, secure, user, pass } = config.smtp;
  if (!host || host.length > 253) throw new KefuError('validation_failed', 'smtp.host: required');
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new KefuError('validation_failed', 'smtp.port: 1 to 65535');
  return {
    fromAddress: config.fromAddress,
    ...(config.fromName ? { fromName: config.fromName } : {}),
    smtp: { host, port, secure, ...(user ? { user } : {}), ...(pass ? { pass } : {}) },
  };
}
