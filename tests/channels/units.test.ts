/** Pure pieces of the channels: backoff, signatures, email text, WeChat ids and splitting. */
import { describe, expect, it } from 'bun:test';
import { htmlToText } from '../../src/channels/email/html-to-text.ts';
import { clientMsgIdOf, stripQuoted } from '../../src/channels/index.ts';
import { splitForWechat } from '../../src/channels/wechat/outbound.ts';
import { userHash, verifyUserHash } from '../../src/customers/index.ts';
import { retryDelay } from '../../src/outbox/index.ts';
import { signWebhook, verifyWebhookSignature } from '../../src/webhooks/index.ts';

describe('retry delays', () => {
  it('double per attempt, stay within [nominal/2, nominal], and stop at the ceiling', () => {
    const policy = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((a) => retryDelay(a, policy, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect([1, 2, 3, 4].map((a) => retryDelay(a, policy, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"e1","type":"message.created"}';
  it('verify the body and timestamp they were made for, within the tolerance', () => {
    const now = 1_700_000_000;
    const header = signWebhook('whsec_a', body, now);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(header, body, 'whsec_a', { nowSec: now + 299 })).toBe(true);
    expect(verifyWebhookSignature(header, body, 'whsec_a', { nowSec: now + 301 })).toBe(false);
    expect(
      verifyWebhookSignature(header, body.replace('e1', 'e2'), 'whsec_a', { nowSec: now }),
    ).toBe(false);
    expect(
      verifyWebhookSignature(header.replace('t=1700000000', 't=1700000001'), body, 'whsec_a', {
        nowSec: now,
      }),
    ).toBe(false);
    expect(verifyWebhookSignature('garbage', body, 'whsec_a')).toBe(false);
    expect(verifyWebhookSignature(undefined, body, 'whsec_a')).toBe(false);
    // During a secret rotation a receiver may accept either of two signatures.
    const both = `${header},v1=${'0'.repeat(64)}`;
    expect(verifyWebhookSignature(both, body, 'whsec_a', { nowSec: now })).toBe(true);
  });
});

describe('verified user ids', () => {
  it('accept the right hash only', () => {
    const hash = userHash('kefu_is_secret', 'user-1');
    expect(() => verifyUserHash('kefu_is_secret', 'user-1', hash)).not.toThrow();
    expect(() => verifyUserHash('kefu_is_secret', 'user-1', hash.toUpperCase())).not.toThrow();
    expect(() => verifyUserHash('kefu_is_secret', 'user-2', hash)).toThrow('does not match');
    expect(() => verifyUserHash('kefu_is_other', 'user-1', hash)).toThrow('does not match');
    expect(() => verifyUserHash(null, 'user-1', hash)).toThrow('not set up');
    expect(() =>
      verifyUserHash('kefu_is_secret', 'has space', userHash('kefu_is_secret', 'has space')),
    ).toThrow('userId');
  });
});

describe('email text', () => {
  it('cuts quoted history in the usual shapes, keeps a mail that is all quote', () => {
    expect(stripQuoted('Thanks!\n\nOn Mon, 1 Jan 2024, Bob <b@x.y> wrote:\n> old')).toBe('Thanks!');
    expect(stripQuoted('Thanks!\nOn Mon, 1 Jan 2024 at 10:00 Bob <b@x.y>\nwrote:\n> old')).toBe(
      'Thanks!',
    );
    expect(stripQuoted('Yes\n-----Original Message-----\nFrom: x')).toBe('Yes');
    expect(stripQuoted('好的\n在 2024年1月1日，客服 写道：\n> 旧')).toBe('好的');
    expect(stripQuoted('Answer\n> quoted\n>more\n')).toBe('Answer');
    // Inline answers keep the quotes they answer; only the trailing block goes.
    expect(stripQuoted('> a\nmy reply in the middle\n> b')).toBe('> a\nmy reply in the middle');
    expect(stripQuoted('> only a quote')).toBe('> only a quote');
  });

  it('turns HTML into text without markup, in linear time on hostile input', () => {
    expect(
      htmlToText(
        '<p>Hi&nbsp;<b>there</b></p><ul><li>one</li><li>two</li></ul>x&#39;s &#x4e2d; &bogus;',
      ),
    ).toBe("Hi there\n\n- one\n- two\nx's 中 &bogus;");
    expect(htmlToText('<style>p{}</style><script>alert(1)</script><!-- c -->text<br>next')).toBe(
      'text\nnext',
    );
    expect(htmlToText('a <script>never closed')).toBe('a');
    const hostile = '<script'.repeat(200_000) + '<a'.repeat(200_000);
    const started = performance.now();
    htmlToText(hostile);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('WeChat helpers', () => {
  it('derive a stable clientMsgId that fits, from any dedupe key', () => {
    expect(clientMsgIdOf('1234567890123456')).toBe('wx:1234567890123456');
    const event = clientMsgIdOf('oUser:1700000000:CLICK:菜单 key with spaces');
    expect(event).toMatch(/^wx:h:[A-Za-z0-9_-]{40}$/);
    expect(clientMsgIdOf('oUser:1700000000:CLICK:菜单 key with spaces')).toBe(event);
    expect(clientMsgIdOf('x'.repeat(500)).length).toBeLessThanOrEqual(64);
  });

  it('split long replies at line breaks into parts WeChat accepts', () => {
    expect(splitForWechat('short')).toEqual(['short']);
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const parts = splitForWechat(lines, 600);
    expect(parts.every((p) => p.length <= 600)).toBe(true);
    expect(parts.join('\n')).toBe(lines);
    expect(splitForWechat('y'.repeat(1300), 600).map((p) => p.length)).toEqual([600, 600, 100]);
  });
});
