// Title search: queries and titles folded to case- and accent-free words, and the matching titles ranked.

// Case- and accent-insensitive form for title search: "Amélie" ~ "amelie".
export function fold(text) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
const TOKEN = /[\p{L}\p{N}]+/gu;
export const tokens = (text) => fold(text).match(TOKEN) ?? [];
// search() looks at the first MAX_QUERY_WORDS distinct words of a query (no
// title has that many) and the first MAX_QUERY_CHARS characters, so a pasted
// book costs no more than a sentence.
export const MAX_QUERY_WORDS = 32;
export const MAX_QUERY_CHARS = 1000;

// The titles of the search index holding every word of a query, best first:
// exact and prefix matches first, then by popularity. Hits are { i, rank, count },
// i the catalogue position.
export function rankTitles(index, folded, words) {
  const hits = [];
  for (let i = 0; i < index.length; i++) {
    const entry = index[i];
    if (!words.every((w) => entry.words.some((t) => t.startsWith(w)) || entry.folded.includes(w))) continue;
    // 0: title starts with the query, 1: every word starts a title word, 2: substring.
    const rank = entry.folded.startsWith(folded) ? 0 : words.every((w) => entry.words.some((t) => t.startsWith(w))) ? 1 : 2;
    hits.push({ i, rank, count: entry.count });
  }
  hits.sort((a, b) => a.rank - b.rank || b.count - a.count || a.i - b.i);
  return hits;
}
