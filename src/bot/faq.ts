/**
 * FAQ search, the bot's second chance when the intent model declines: BM25 over each
 * article's title (counted twice) and body, on the intent featurizer's word and
 * CJK-character tokens, so Chinese needs no dictionary here either.
 */
import { DEFAULT_FEATURIZER, type FeaturizerSettings, tokenize } from '../intent/index.ts';

export interface FaqArticle {
  id: string;
  title: string;
  body: string;
}

export interface FaqHit {
  article: FaqArticle;
  score: number;
  /** Share of the query's idf weight found in the article, 0..1. */
  coverage: number;
}

const K1 = 1.2;
const B = 0.75;
const TOKEN_SETTINGS: FeaturizerSettings = {
  ...DEFAULT_FEATURIZER,
  cjkNgramMax: 2,
  wordNgramMax: 1,
};

// Function words carry no topic; in a small FAQ their idf would be high by accident.
const STOP_WORDS = new Set(
  (
    'a an the is are am was be do does did i you we my your our me it its this that these those ' +
    'what how when where why which who can could would will shall should may to of for in on at ' +
    'by with from and or but if about any some please pls hi hello hey thanks there have has get'
  ).split(' '),
);
const ZH_STOP =
  /请问|可以|怎么|什么|你们|我们|一下|能不能|是不是|有没有|[的了吗呢吧啊呀么嘛是我你他她它在有要能想和]/g;

/** Search tokens: words (without function words), CJK characters and CJK bigrams. */
export function faqTokens(text: string): string[] {
  // Space, not '', so removing a function word never glues its neighbours into a bigram.
  const content = text.normalize('NFKC').replace(ZH_STOP, ' ');
  return tokenize(content, TOKEN_SETTINGS, ['w', 'h']).filter(
    (token) => !STOP_WORDS.has(token.slice(2)),
  );
}

export class FaqIndex {
  private readonly docs: { article: FaqArticle; tf: Map<string, number>; length: number }[];
  private readonly df = new Map<string, number>();
  private readonly averageLength: number;

  /** Indexes `articles` (immutable: build a new index when articles change). */
  constructor(articles: readonly FaqArticle[]) {
    this.docs = articles.map((article) => {
      const tokens = [
        ...faqTokens(article.title),
        ...faqTokens(article.title),
        ...faqTokens(article.body),
      ];
      const tf = new Map<string, number>();
      for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
      for (const token of tf.keys()) this.df.set(token, (this.df.get(token) ?? 0) + 1);
      return { article, tf, length: tokens.length };
    });
    this.averageLength =
      this.docs.reduce((sum, d) => sum + d.length, 0) / Math.max(1, this.docs.length);
  }

  get size(): number {
    return this.docs.length;
  }

  /** Best articles for `query`, highest score first. */
  search(query: string, limit = 3): FaqHit[] {
    const terms = [...new Set(faqTokens(query))];
    const idf = terms.map((term) => this.idf(term));
    const totalIdf = idf.reduce((a, b) => a + b, 0);
    if (totalIdf === 0) return [];
    const hits: FaqHit[] = [];
    for (const doc of this.docs) {
      let score = 0;
      let matchedIdf = 0;
      terms.forEach((term, i) => {
        const tf = doc.tf.get(term);
        if (!tf) return;
        matchedIdf += idf[i]!;
        score +=
          (idf[i]! * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / this.averageLength));
      });
      if (score > 0) hits.push({ article: doc.article, score, coverage: matchedIdf / totalIdf });
    }
    return hits
      .sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id))
      .slice(0, limit);
  }

  /**
   * The best article if it covers at least `minCoverage` of the query's idf weight,
   * else null. Coverage, unlike the raw BM25 score, is comparable across queries.
   */
  bestMatch(query: string, minCoverage = 0.6): FaqHit | null {
    const [best] = this.search(query, 1);
    return best && best.coverage >= minCoverage ? best : null;
  }

  private idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    // Unknown terms weigh as much as the rarest known ones: they lower coverage.
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }
}
