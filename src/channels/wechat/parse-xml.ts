/**
 * Reads WeChat's flat `<xml>…</xml>` documents into a map of leaf fields, defensively:
 * size-capped, no DOCTYPE or entity declarations, no entity expansion, no number parsing
 * (MsgId is a 64-bit integer and must stay a string).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { KefuError } from '../../errors.ts';

/** Default cap on a callback body, and on a decrypted message: 64 KiB. */
export const DEFAULT_MAX_XML_BYTES = 64 * 1024;

/** The leaf children of the root `<xml>`, by tag name, as written (CDATA unwrapped). */
export type XmlFields = Readonly<Record<string, string | undefined>>;

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: false,
  cdataPropName: '#cdata',
  maxNestedTags: 16,
});

/**
 * Parses a WeChat XML document. Nested elements (e.g. `ScanCodeInfo`) are skipped; a
 * repeated top-level field is refused, so no field can be smuggled in twice.
 * @throws KefuError `payload_too_large` over `maxBytes`, `invalid_xml` for anything else.
 */
export function parseWechatXml(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES): XmlFields {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new KefuError('payload_too_large', `XML body over ${maxBytes} bytes`);
  }
  if (hasMarkupDeclaration(xml)) throw invalidXml('DOCTYPE and other declarations are refused');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw invalidXml(valid.err.msg);
  let document: Node[];
  try {
    document = parser.parse(xml) as Node[];
  } catch (cause) {
    throw new KefuError('invalid_xml', 'malformed XML', { cause });
  }
  const roots = document.filter((node) => !('#text' in node));
  const root = roots[0]?.xml;
  if (roots.length !== 1 || !Array.isArray(root)) throw invalidXml('root element must be <xml>');

  const fields: Record<string, string> = Object.create(null);
  for (const child of root as Node[]) {
    const [name, content] = Object.entries(child)[0] ?? [];
    if (name === undefined || name === '#text' || !Array.isArray(content)) continue;
    const value = leafValue(content as Node[]);
    if (value === undefined) continue;
    if (name in fields) throw invalidXml(`field <${name}> appears twice`);
    fields[name] = value;
  }
  return fields;
}

/**
 * Whether the document has any `<!…>` besides CDATA sections and comments: a DOCTYPE,
 * ENTITY… A DTD is the door to entity bombs and external entities, and WeChat never sends
 * one. Scanned in document order, so `<!DOCTYPE` quoted inside CDATA (a customer pasting
 * HTML) is text, not a refusal. Unterminated sections count as declarations.
 */
function hasMarkupDeclaration(xml: string): boolean {
  for (let at = xml.indexOf('<!'); at >= 0; ) {
    const [open, close] = xml.startsWith('<![CDATA[', at)
      ? ['<![CDATA[', ']]>']
      : xml.startsWith('<!--', at)
        ? ['<!--', '-->']
        : [];
    if (open === undefined || close === undefined) return true;
    const end = xml.indexOf(close, at + open.length);
    if (end < 0) return true;
    at = xml.indexOf('<!', end + close.length);
  }
  return false;
}

/** Text of an element made only of text and CDATA, or undefined when it has children. */
function leafValue(content: Node[]): string | undefined {
  let value = '';
  let hasCdata = false;
  for (const piece of content) {
    if ('#cdata' in piece) {
      hasCdata = true;
      for (const inner of piece['#cdata'] as Node[]) value += String(inner['#text'] ?? '');
    } else if ('#text' in piece) {
      const text = String(piece['#text']);
      // Whitespace around CDATA is layout; text elsewhere may carry entity references.
      if (!hasCdata || text.trim() !== '') value += decodeReferences(text);
    } else {
      return undefined;
    }
  }
  return hasCdata ? value : value.trim();
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Resolves the five predefined entities and numeric references; nothing else expands. */
function decodeReferences(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, ref) => {
    if (!ref.startsWith('#')) return PREDEFINED[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function invalidXml(reason: string): KefuError {
  // The parser's reasons can quote the input: keep what goes back to the sender short.
  const short = reason.length > 120 ? `${reason.slice(0, 120)}…` : reason;
  return new KefuError('invalid_xml', `malformed XML: ${short}`);
}
