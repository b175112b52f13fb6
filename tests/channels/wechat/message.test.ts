import { describe, expect, it } from 'bun:test';
import {
  parseWechatMessage,
  parseWechatXml,
  toText,
  type WechatMessage,
} from '../../../src/channels/wechat/index.ts';
import { KefuError } from '../../../src/errors.ts';
import * as samples from '../../support/wechat-samples.ts';

const parse = (xml: string): WechatMessage => parseWechatMessage(parseWechatXml(xml));
const base = { toUserName: 'toUser', fromUserName: 'fromUser' };

describe('parsing the documented messages', () => {
  it('text', () => {
    const message = parse(samples.TEXT);
    expect(message).toEqual({
      type: 'text',
      ...base,
      createTime: 1348831860,
      msgId: '1234567890123456',
      dedupeKey: '1234567890123456',
      content: 'this is a test',
    });
    expect(toText(message)).toBe('this is a test');
  });

  it('image', () => {
    const message = parse(samples.IMAGE);
    expect(message).toMatchObject({
      type: 'image',
      ...base,
      picUrl: 'this is a url',
      mediaId: 'media_id',
    });
    expect(toText(message)).toBe('[image] this is a url');
  });

  it('voice, with and without recognition', () => {
    const plain = parse(samples.VOICE);
    expect(plain).toMatchObject({ type: 'voice', mediaId: 'media_id', format: 'Format' });
    expect('recognition' in plain).toBe(false);
    expect(toText(plain)).toBe('[voice]');
    const recognized = parse(samples.VOICE_RECOGNIZED);
    expect(recognized).toMatchObject({ type: 'voice', recognition: '腾讯微信团队' });
    expect(toText(recognized)).toBe('[voice] 腾讯微信团队');
  });

  it('video and short video', () => {
    const video = parse(samples.VIDEO);
    expect(video).toMatchObject({
      type: 'video',
      mediaId: 'media_id',
      thumbMediaId: 'thumb_media_id',
    });
    expect(toText(video)).toBe('[video]');
    expect(parse(samples.SHORT_VIDEO).type).toBe('shortvideo');
  });

  it('location', () => {
    const message = parse(samples.LOCATION);
    expect(message).toMatchObject({
      type: 'location',
      latitude: 23.134521,
      longitude: 113.358803,
      scale: 20,
      label: '位置信息',
    });
    expect(toText(message)).toBe('[location] 位置信息 (23.134521,113.358803)');
  });

  it('link', () => {
    const message = parse(samples.LINK);
    expect(message).toMatchObject({
      type: 'link',
      title: '公众平台官网链接',
      description: '公众平台官网链接',
      url: 'url',
    });
    expect(toText(message)).toBe('[link] 公众平台官网链接 url');
  });

  it('subscribe, plain and from a parametric QR code', () => {
    const plain = parse(samples.SUBSCRIBE);
    expect(plain).toEqual({
      type: 'event',
      event: 'subscribe',
      toUserName: 'toUser',
      fromUserName: 'FromUser',
      createTime: 123456789,
      dedupeKey: 'FromUser:123456789:subscribe',
    });
    expect(toText(plain)).toBe('[subscribe]');
    const scene = parse(samples.SUBSCRIBE_QRSCENE);
    expect(scene).toMatchObject({ event: 'subscribe', sceneKey: '123123', ticket: 'TICKET' });
    expect(toText(scene)).toBe('[subscribe] scene 123123');
  });

  it('unsubscribe', () => {
    const message = parse(samples.UNSUBSCRIBE);
    expect(message).toMatchObject({ type: 'event', event: 'unsubscribe' });
    expect(toText(message)).toBe('[unsubscribe]');
  });

  it('SCAN', () => {
    const message = parse(samples.SCAN);
    expect(message).toMatchObject({ event: 'SCAN', sceneKey: 'SCENE_VALUE', ticket: 'TICKET' });
    expect(message.dedupeKey).toBe('FromUser:123456789:SCAN:SCENE_VALUE');
  });

  it('LOCATION report', () => {
    const message = parse(samples.LOCATION_EVENT);
    expect(message).toMatchObject({
      event: 'LOCATION',
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119.38504,
    });
    expect(toText(message)).toBe('[location report] (23.137466,113.352425)');
  });

  it('CLICK and VIEW menu events', () => {
    const click = parse(samples.CLICK);
    expect(click).toMatchObject({ type: 'event', event: 'CLICK', eventKey: 'EVENTKEY' });
    expect(click.dedupeKey).toBe('FromUser:123456789:CLICK:EVENTKEY');
    expect(toText(click)).toBe('[menu click] EVENTKEY');
    const view = parse(samples.VIEW);
    expect(view).toMatchObject({ event: 'VIEW', eventKey: 'www.qq.com' });
    expect(toText(view)).toBe('[menu view] www.qq.com');
  });
});

describe('parsing anything else', () => {
  it('turns an unknown message type into unsupported', () => {
    const xml = samples.TEXT.replace('[text]', '[miniprogrampage]');
    const message = parse(xml);
    expect(message).toMatchObject({
      type: 'unsupported',
      msgType: 'miniprogrampage',
      dedupeKey: '1234567890123456',
    });
    expect(toText(message)).toBe('[unsupported miniprogrampage]');
  });

  it('turns an unknown event into unsupported', () => {
    const message = parse(samples.CLICK.replace('[CLICK]', '[TEMPLATESENDJOBFINISH]'));
    expect(message).toMatchObject({
      type: 'unsupported',
      msgType: 'event',
      event: 'TEMPLATESENDJOBFINISH',
    });
  });

  it('accepts event names in either case', () => {
    expect(parse(samples.SCAN.replace('[SCAN]', '[scan]'))).toMatchObject({ event: 'SCAN' });
  });

  it('keeps a MsgId beyond 2^53 exact', () => {
    const message = parse(samples.TEXT.replace('1234567890123456', '23456789012345678901'));
    expect(message.dedupeKey).toBe('23456789012345678901');
  });

  it('refuses a known type missing a documented field', () => {
    for (const xml of [
      samples.TEXT.replace(/<Content>.*<\/Content>/, ''),
      samples.TEXT.replace(/<MsgId>.*<\/MsgId>/, ''),
      samples.TEXT.replace('1348831860', 'yesterday'),
      samples.TEXT.replace(/<FromUserName>.*<\/FromUserName>/, ''),
      samples.LOCATION.replace('23.134521', 'north'),
      samples.CLICK.replace(/<EventKey>.*<\/EventKey>/, ''),
    ]) {
      expect(() => parse(xml)).toThrow(KefuError);
    }
  });
});
