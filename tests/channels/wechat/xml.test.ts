import { describe, expect, it } from 'bun:test';
import { buildWechatXml, cdata } from '../../../src/channels/wechat/build-xml.ts';
import { parseWechatXml } from '../../../src/channels/wechat/index.ts';
import { KefuError } from '../../../src/errors.ts';
import { TEXT } from '../../support/wechat-samples.ts';

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof KefuError) return error.code;
    throw error;
  }
  return undefined;
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<xml><Content>&lol9;</Content></xml>`;

describe('reading WeChat XML', () => {
  it('reads the documented text message into strings', () => {
    expect({ ...parseWechatXml(TEXT) }).toEqual({
      ToUserName: 'toUser',
      FromUserName: 'fromUser',
      CreateTime: '1348831860',
      MsgType: 'text',
      Content: 'this is a test',
      MsgId: '1234567890123456',
    });
  });

  it('keeps a 64-bit MsgId exact', () => {
    const fields = parseWechatXml('<xml><MsgId>9223372036854775807</MsgId></xml>');
    expect(fields.MsgId).toBe('9223372036854775807');
  });

  it('keeps CDATA as written: spaces, markup, split sections', () => {
    const xml = '<xml><Content><![CDATA[  <b>hi</b> &amp; ]]]]><![CDATA[> ]]></Content></xml>';
    expect(parseWechatXml(xml).Content).toBe('  <b>hi</b> &amp; ]]> ');
  });

  it('resolves only predefined and numeric references outside CDATA', () => {
    const fields = parseWechatXml('<xml><A>a &amp; b &lt;&#20013;&#x6587;&gt; &nbsp;</A></xml>');
    expect(fields.A).toBe('a & b <中文> &nbsp;');
  });

  it('skips nested elements and ignores the XML declaration and comments', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><xml><!-- hi --><A>1</A>
      <ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType></ScanCodeInfo></xml>`;
    expect({ ...parseWechatXml(xml) }).toEqual({ A: '1' });
  });

  it('refuses a DOCTYPE, an entity bomb, quickly', () => {
    const started = performance.now();
    expect(errorCode(() => parseWechatXml(BILLION_LAUGHS))).toBe('invalid_xml');
    expect(errorCode(() => parseWechatXml('<!doctype xml><xml/>'))).toBe('invalid_xml');
    expect(errorCode(() => parseWechatXml('<xml><!ENTITY x "y"></xml>'))).toBe('invalid_xml');
    const external = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>';
    expect(errorCode(() => parseWechatXml(external))).toBe('invalid_xml');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads declarations quoted inside CDATA as text', () => {
    const xml =
      '<xml><!-- <!DOCTYPE --><Content><![CDATA[<!DOCTYPE html><!ENTITY x>]]></Content></xml>';
    expect(parseWechatXml(xml).Content).toBe('<!DOCTYPE html><!ENTITY x>');
  });

  it('is not fooled by a declaration placed between sections', () => {
    const xml = '<xml><A><![CDATA[a]]></A><!DOCTYPE x [<!ENTITY e "e">]><B>&e;</B></xml>';
    expect(errorCode(() => parseWechatXml(xml))).toBe('invalid_xml');
    expect(errorCode(() => parseWechatXml('<xml><A><![CDATA[never closed</A></xml>'))).toBe(
      'invalid_xml',
    );
  });

  it('refuses a body over the size cap before parsing it', () => {
    const big = `<xml><Content><![CDATA[${'x'.repeat(70 * 1024)}]]></Content></xml>`;
    expect(errorCode(() => parseWechatXml(big))).toBe('payload_too_large');
    expect(errorCode(() => parseWechatXml('<xml><A>é</A></xml>', 16))).toBe('payload_too_large');
    expect(parseWechatXml(big, 128 * 1024).Content?.length).toBe(70 * 1024);
  });

  it('refuses malformed XML', () => {
    for (const bad of [
      '',
      'hello',
      '<xml><A>1</B></xml>',
      '<xml><A>1</A>',
      '<xml><A>1</A></xml><xml/>',
      '<notxml><A>1</A></notxml>',
      '<xml><__proto__>x</__proto__></xml>',
      '<xml><A>1</A><A>2</A></xml>',
      '{"json": true}',
    ]) {
      expect(errorCode(() => parseWechatXml(bad))).toBe('invalid_xml');
    }
  });
});

describe('writing WeChat XML', () => {
  it('writes strings as CDATA and integers bare', () => {
    expect(
      buildWechatXml([
        ['MsgType', 'text'],
        ['CreateTime', 1700000000],
      ]),
    ).toBe('<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1700000000</CreateTime></xml>');
  });

  it('escapes a CDATA terminator and round-trips through the reader', () => {
    const text = 'a]]>b ]]> <![CDATA[ c';
    expect(cdata(text)).toBe('<![CDATA[a]]]]><![CDATA[>b ]]]]><![CDATA[> <![CDATA[ c]]>');
    expect(parseWechatXml(buildWechatXml([['Content', text]])).Content).toBe(text);
  });

  it('drops characters XML cannot carry', () => {
    const xml = buildWechatXml([['Content', 'a\u0000b\u0007c\td\ne\uFFFEf\uD800g😀']]);
    expect(parseWechatXml(xml).Content).toBe('abc\td\nefg😀');
  });

  it('refuses a field name that is not a plain tag', () => {
    expect(() => buildWechatXml([['a><b', 'x']])).toThrow();
  });
});
