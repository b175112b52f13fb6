/**
 * Writes the flat `<xml>` documents WeChat expects in passive replies: strings in CDATA,
 * integers bare.
 */

/** One field of a reply: a string (written as CDATA) or an integer (written bare). */
export type XmlField = readonly [name: string, value: string | number];

// XML 1.0 forbids these even inside CDATA: C0 controls other than tab, LF, CR; lone
// surrogates; U+FFFE and U+FFFF.
const NOT_XML_CHAR =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Wraps text in CDATA. `]]>` cannot appear inside one section, so it is split across two:
 * `a]]>b` → `<![CDATA[a]]]]><![CDATA[>b]]>`. Characters XML cannot carry are dropped.
 */
export function cdata(text: string): string {
  const safe = text.replace(NOT_XML_CHAR, '').replaceAll(']]>', ']]]]><![CDATA[>');
  return `<![CDATA[${safe}]]>`;
}

/**
 * Builds `<xml>` with the given fields in order. Names are the caller's constants.
 * @example buildWechatXml([['MsgType', 'text'], ['CreateTime', 1700000000]])
 * // '<xml><MsgType><![CDATA[text]]></MsgType><CreateTime>1700000000</CreateTime></xml>'
 */
export function buildWechatXml(fields: readonly XmlField[]): string {
  let xml = '<xml>';
  for (const [name, value] of fields) {
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) throw new Error(`bad XML field name ${name}`);
    const body = typeof value === 'number' ? String(Math.trunc(value)) : cdata(value);
    xml += `<${name}>${body}</${name}>`;
  }
  return `${xml}</xml>`;
}
