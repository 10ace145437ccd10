/**
 * Text read from files (tags, MIME types, picture descriptions) is whatever a tagger wrote: NULs
 * padding a fixed-size field, UTF-16 cut in the middle of a surrogate pair. Postgres refuses a NUL
 * in `text` and `jsonb`, and a lone surrogate is not valid UTF-8, so every such string is cleaned
 * once, here, before it is stored, published or logged.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** The string without NULs and lone surrogates (well-formed pairs are kept). Pure. */
export function cleanText(text: string): string {
  return text.replace(UNSTORABLE, '');
}
