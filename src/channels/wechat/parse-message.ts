/**
 * Turns the fields of a decrypted callback into a typed `WechatMessage`. Unknown message
 * types and events become `unsupported`; a known type missing a documented field is
 * malformed and refused.
 */
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { KefuError } from '../../errors.ts';
import type { WechatMessage } from './message.ts';
import * as schemas from './message.ts';
import type { XmlFields } from './parse-xml.ts';

type Candidate = Record<string, unknown>;

const MESSAGE_SCHEMAS: Record<string, TSchema> = {
  text: schemas.TextMessageSchema,
  image: schemas.ImageMessageSchema,
  voice: schemas.VoiceMessageSchema,
  video: schemas.VideoMessageSchema,
  shortvideo: schemas.VideoMessageSchema,
  location: schemas.LocationMessageSchema,
  link: schemas.LinkMessageSchema,
};
const EVENT_SCHEMAS: Record<string, TSchema> = {
  subscribe: schemas.SubscribeEventSchema,
  unsubscribe: schemas.UnsubscribeEventSchema,
  SCAN: schemas.ScanEventSchema,
  LOCATION: schemas.LocationEventSchema,
  CLICK: schemas.ClickEventSchema,
  VIEW: schemas.ViewEventSchema,
};
// Event names as documented; matched case-insensitively since accounts have seen both.
const CANONICAL_EVENT = new Map(
  Object.keys(EVENT_SCHEMAS).map((name) => [name.toLowerCase(), name]),
);

/**
 * Parses WeChat's callback fields into the message model.
 * @throws KefuError `invalid_xml` when a required field is missing or malformed.
 */
export function parseWechatMessage(fields: XmlFields): WechatMessage {
  const msgType = fields.MsgType ?? '';
  const common = {
    toUserName: fields.ToUserName,
    fromUserName: fields.FromUserName,
    createTime: /^[0-9]{1,12}$/.test(fields.CreateTime ?? '') ? Number(fields.CreateTime) : NaN,
  };
  let candidate: Candidate;
  let schema: TSchema;
  if (msgType === 'event') {
    const event = CANONICAL_EVENT.get((fields.Event ?? '').toLowerCase());
    const eventKey = fields.EventKey ?? '';
    const dedupeKey = [common.fromUserName, fields.CreateTime, event ?? fields.Event, eventKey]
      .filter((part) => part)
      .join(':');
    if (event === undefined) {
      return validate(schemas.UnsupportedMessageSchema, {
        type: 'unsupported',
        ...common,
        dedupeKey,
        msgType,
        event: fields.Event,
      });
    }
    candidate = { type: 'event', ...common, dedupeKey, event, ...eventFields(event, fields) };
    schema = EVENT_SCHEMAS[event]!;
  } else {
    const known = MESSAGE_SCHEMAS[msgType];
    const dedupeKey = fields.MsgId ?? `${common.fromUserName}:${fields.CreateTime}:${msgType}`;
    if (known === undefined) {
      return validate(schemas.UnsupportedMessageSchema, {
        type: 'unsupported',
        ...common,
        dedupeKey,
        msgType,
      });
    }
    candidate = {
      type: msgType,
      ...common,
      msgId: fields.MsgId,
      dedupeKey,
      ...messageFields(fields),
    };
    schema = known;
  }
  return validate(schema, candidate);
}

function messageFields(f: XmlFields): Candidate {
  return {
    content: f.Content,
    picUrl: f.PicUrl,
    mediaId: f.MediaId,
    format: f.Format,
    recognition: f.Recognition || undefined,
    thumbMediaId: f.ThumbMediaId,
    latitude: decimal(f.Location_X),
    longitude: decimal(f.Location_Y),
    scale: decimal(f.Scale),
    label: f.Label,
    title: f.Title,
    description: f.Description,
    url: f.Url,
  };
}

function eventFields(event: string, f: XmlFields): Candidate {
  const key = f.EventKey || undefined;
  switch (event) {
    case 'subscribe':
      return { sceneKey: key?.replace(/^qrscene_/, ''), ticket: f.Ticket || undefined };
    case 'SCAN':
      return { sceneKey: key, ticket: f.Ticket || undefined };
    case 'LOCATION':
      return {
        latitude: decimal(f.Latitude),
        longitude: decimal(f.Longitude),
        precision: decimal(f.Precision),
      };
    case 'CLICK':
    case 'VIEW':
      return { eventKey: f.EventKey, menuId: f.MenuId || undefined };
    default:
      return {};
  }
}

/** Keeps only the fields the schema knows, then checks them: the schema is the validator. */
function validate(schema: TSchema, candidate: Candidate): WechatMessage {
  const value = Value.Clean(schema, dropUndefined(candidate));
  if (Value.Check(schema, value)) return value as WechatMessage;
  const first = Value.Errors(schema, value).First();
  const where = first?.path.replace(/^\//, '') || 'message';
  throw new KefuError(
    'invalid_xml',
    `malformed ${candidate.type} message: ${where} ${first?.message ?? ''}`.trim(),
  );
}

function dropUndefined(candidate: Candidate): Candidate {
  return Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
}

function decimal(text: string | undefined): number | undefined {
  return text !== undefined && /^-?[0-9]+(?:\.[0-9]+)?$/.test(text) ? Number(text) : undefined;
}
