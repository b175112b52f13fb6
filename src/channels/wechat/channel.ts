/**
 * One WeChat Official Account as kefu sees it: the credentials and mode set on the
 * account's "server configuration" page, plus kefu's limits. Validated once, defaults
 * filled, before any callback is handled.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KefuError } from '../../errors.ts';
import { DEFAULT_MAX_XML_BYTES } from './parse-xml.ts';

/** Answer to a message type kefu cannot read yet (images are, voice, stickers…). */
export const DEFAULT_UNSUPPORTED_REPLY =
  '抱歉，暂时只能处理文字消息，请用文字描述您的问题。Sorry, we can only read text messages for now.';

export const WechatChannelConfigSchema = T.Object({
  /** `wx…` AppID: the receiver id checked inside every decrypted message. */
  appId: T.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
  /** The Token of the server configuration (WeChat allows 3–32 letters and digits). */
  token: T.String({ pattern: '^[A-Za-z0-9]{3,32}$' }),
  /** EncodingAESKey: 43 base64 characters; required in compatible and safe modes. */
  encodingAesKey: T.Optional(T.String({ pattern: '^[A-Za-z0-9+/]{43}$' })),
  /** 明文 plain, 兼容 compatible, 安全 safe. */
  mode: T.Union([T.Literal('plain'), T.Literal('compatible'), T.Literal('safe')]),
  /** Largest accepted `timestamp` distance from our clock; 0 turns the check off. */
  maxClockSkewSeconds: T.Optional(T.Integer({ minimum: 0, default: 300 })),
  /** Largest accepted body, and decrypted message, in bytes. */
  maxBodyBytes: T.Optional(
    T.Integer({ minimum: 256, maximum: 1024 * 1024, default: DEFAULT_MAX_XML_BYTES }),
  ),
  /** Time `onMessage` gets before the answer is `success` (WeChat waits 5 s at most). */
  replyBudgetMs: T.Optional(T.Integer({ minimum: 1, maximum: 4800, default: 4500 })),
  /** Passive reply to message types kefu does not handle. */
  unsupportedReply: T.Optional(T.String({ default: DEFAULT_UNSUPPORTED_REPLY })),
});

/** What the engine stores per account; optional fields have defaults. */
export type WechatChannelConfig = Static<typeof WechatChannelConfigSchema>;
/** A checked configuration, every default filled in. */
export type WechatChannel = Required<Omit<WechatChannelConfig, 'encodingAesKey'>> &
  Pick<WechatChannelConfig, 'encodingAesKey'>;

/**
 * Checks an account's configuration and fills the defaults.
 * @throws KefuError `validation_failed` naming the first bad field.
 */
export function resolveWechatChannel(config: WechatChannelConfig): WechatChannel {
  const value = Value.Default(WechatChannelConfigSchema, structuredClone(config));
  if (!Value.Check(WechatChannelConfigSchema, value)) {
    const first = Value.Errors(WechatChannelConfigSchema, value).First();
    throw new KefuError('validation_failed', `WeChat channel ${first?.path}: ${first?.message}`);
  }
  if (value.mode !== 'plain' && value.encodingAesKey === undefined) {
    throw new KefuError('validation_failed', `WeChat ${value.mode} mode needs an encodingAesKey`);
  }
  return value as WechatChannel;
}

/**
 * How long nonces and decisions are remembered: longer than a signed timestamp stays
 * acceptable (skew either way), so a replayed copy is always recognised. With the clock
 * check off, 10 minutes.
 */
export function rememberMsFor(channel: WechatChannel): number {
  const skew = channel.maxClockSkewSeconds;
  return skew === 0 ? 10 * 60_000 : (2 * skew + 60) * 1000;
}
