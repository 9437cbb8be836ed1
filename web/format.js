// Numbers, stars, chances and titles as the page shows them.

// ---- formatting ------------------------------------------------------------

// 9,742: counts need only thousands separators, and creating an
// Intl.NumberFormat costs 15-40 ms on a fresh page, before the first recommendations.
export const fmtCount = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
export const fmtRating = (r) => (Math.round(r * 10) / 10).toFixed(1);
export const fmtStars = (r) => `${r} star${r === 1 ? '' : 's'}`;
// MovieLens files move leading articles to the end ("Matrix, The"); show them in front.
const TRAILING_ARTICLE = /^(.*), (The|A|An|Les|Le|La|L'|Il|El|Die|Der|Das)$/;
function displayTitle(title) {
  const m = TRAILING_ARTICLE.exec(title);
  if (!m) return title;
  return m[2].endsWith("'") ? m[2] + m[1] : `${m[2]} ${m[1]}`;
}
// Titles as shown: MovieLens writes "Matrix, The (1999)"; show "The Matrix" and the year apart.
export function shownTitle(m) {
  const suffix = ` (${m.year})`;
  return displayTitle(m.year && m.title.endsWith(suffix) ? m.title.slice(0, -suffix.length) : m.title);
}
export const movieLabel = (m) => (m.year ? `${shownTitle(m)} (${m.year})` : shownTitle(m));

// A watch chance in plain words: "4.2% chance it's your next watch".
export const fmtChance = (p) => `${p >= 0.095 ? Math.round(p * 100) : (Math.round(p * 1000) / 10).toFixed(p >= 0.01 ? 1 : 2)}%`;

// A rating as stars in short: ★5, ★4½, ★½ (the words go to screen readers).
export const fmtStarsShort = (r) => `★${Math.floor(r) || ''}${r % 1 ? '½' : ''}`;

export const fmtDelta = (d) => `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`;
