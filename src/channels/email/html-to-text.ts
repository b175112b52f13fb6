/**
 * HTML mail bodies → plain text, for mails whose HTML part mailparser leaves unconverted
 * (an HTML part beside attachments). One linear pass, whatever the input: no regex
 * backtracking on unclosed tags; scripts, styles and comments are dropped; block ends
 * become line breaks; entities are decoded. Never keeps any markup.
 */

const DROPPED = new Set(['script', 'style', 'head', 'title', 'template', 'noscript']);
const BLOCKS = new Set([
  'p',
  'div',
  'tr',
  'table',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'section',
  'article',
  'header',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
]);
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  yen: '¥',
  middot: '·',
  trade: '™',
  laquo: '«',
  raquo: '»',
};

export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const out: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) {
      out.push(html.slice(pos));
      break;
    }
    out.push(html.slice(pos, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      pos = end < 0 ? html.length : end + 3;
      continue;
    }
    const gt = html.indexOf('>', lt);
    if (gt < 0) break;
    const name = /^\/?\s*([a-z][a-z0-9]*)/.exec(lower.slice(lt + 1, Math.min(gt, lt + 40)));
    const tag = name?.[1] ?? '';
    const closing = lower[lt + 1] === '/';
    pos = gt + 1;
    if (DROPPED.has(tag) && !closing) {
      const close = lower.indexOf(`</${tag}`, pos);
      const end = close < 0 ? -1 : lower.indexOf('>', close);
      pos = end < 0 ? html.length : end + 1;
    } else if (tag === 'br') out.push('\n');
    else if (tag === 'li' && !closing) out.push('\n- ');
    else if (BLOCKS.has(tag)) out.push('\n');
    else if (tag === 'td' || tag === 'th') out.push(' ');
  }
  return decodeEntities(out.join(''))
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}
