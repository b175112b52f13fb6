/**
 * The WeChat message model: one TypeBox schema per documented inbound message and event,
 * and the `WechatMessage` union the engine receives. Field names are camelCase versions
 * of WeChat's; every message also carries a `dedupeKey` for retry deduplication.
 */
import { type Static, Type as T } from '@sinclair/typebox';

const common = {
  /** The account's original id (`gh_…`). */
  toUserName: T.String({ minLength: 1 }),
  /** The sender's openid. */
  fromUserName: T.String({ minLength: 1 }),
  /** Seconds since the epoch, as WeChat stamped it. */
  createTime: T.Integer({ minimum: 0 }),
  /** `msgId` for messages; `fromUserName:createTime:event[:eventKey]` for events. */
  dedupeKey: T.String({ minLength: 1 }),
};
/** A 64-bit integer: kept a string, as a JavaScript number would round it. */
const msgId = T.String({ pattern: '^[0-9]{1,20}$' });
const message = { ...common, msgId };
const event = { ...common, type: T.Literal('event') };

export const TextMessageSchema = T.Object({
  type: T.Literal('text'),
  ...message,
  content: T.String(),
});
export const ImageMessageSchema = T.Object({
  type: T.Literal('image'),
  ...message,
  picUrl: T.String(),
  mediaId: T.String(),
});
export const VoiceMessageSchema = T.Object({
  type: T.Literal('voice'),
  ...message,
  mediaId: T.String(),
  /** amr, speex… */
  format: T.String(),
  /** Speech-to-text, present when the account enabled voice recognition. */
  recognition: T.Optional(T.String()),
});
export const VideoMessageSchema = T.Object({
  type: T.Union([T.Literal('video'), T.Literal('shortvideo')]),
  ...message,
  mediaId: T.String(),
  thumbMediaId: T.String(),
});
export const LocationMessageSchema = T.Object({
  type: T.Literal('location'),
  ...message,
  /** `Location_X` (WeChat's X is the latitude). */
  latitude: T.Number(),
  /** `Location_Y`. */
  longitude: T.Number(),
  scale: T.Number(),
  label: T.String(),
});
export const LinkMessageSchema = T.Object({
  type: T.Literal('link'),
  ...message,
  title: T.String(),
  description: T.String(),
  url: T.String(),
});

export const SubscribeEventSchema = T.Object({
  ...event,
  event: T.Literal('subscribe'),
  /** Scene of the parametric QR code scanned to follow (`EventKey` without `qrscene_`). */
  sceneKey: T.Optional(T.String()),
  ticket: T.Optional(T.String()),
});
export const UnsubscribeEventSchema = T.Object({ ...event, event: T.Literal('unsubscribe') });
export const ScanEventSchema = T.Object({
  ...event,
  event: T.Literal('SCAN'),
  sceneKey: T.String(),
  ticket: T.Optional(T.String()),
});
export const LocationEventSchema = T.Object({
  ...event,
  event: T.Literal('LOCATION'),
  latitude: T.Number(),
  longitude: T.Number(),
  precision: T.Number(),
});
export const ClickEventSchema = T.Object({
  ...event,
  event: T.Literal('CLICK'),
  eventKey: T.String(),
});
export const ViewEventSchema = T.Object({
  ...event,
  event: T.Literal('VIEW'),
  /** The menu's URL. */
  eventKey: T.String(),
  menuId: T.Optional(T.String()),
});

/** Any message type or event kefu does not handle: the channel answers it politely. */
export const UnsupportedMessageSchema = T.Object({
  type: T.Literal('unsupported'),
  ...common,
  msgType: T.String(),
  event: T.Optional(T.String()),
});

export const WechatMessageSchema = T.Union([
  TextMessageSchema,
  ImageMessageSchema,
  VoiceMessageSchema,
  VideoMessageSchema,
  LocationMessageSchema,
  LinkMessageSchema,
  SubscribeEventSchema,
  UnsubscribeEventSchema,
  ScanEventSchema,
  LocationEventSchema,
  ClickEventSchema,
  ViewEventSchema,
  UnsupportedMessageSchema,
]);

/** An inbound WeChat message or event; narrow on `type`, then on `event`. */
export type WechatMessage = Static<typeof WechatMessageSchema>;
/** Just the events (`type: 'event'`). */
export type WechatEvent = Extract<WechatMessage, { type: 'event' }>;
