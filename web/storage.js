// The viewer's ratings kept in this browser's local storage.

// ---- storage -------------------------------------------------------------

export const STORAGE_KEY = 'movienet:ratings:v1';

export function loadRatings() {
  const ratings = new Map();
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    for (const [movieId, rating] of saved?.ratings ?? []) {
      if (Number.isInteger(movieId) && (rating === null || Number.isFinite(rating))) ratings.set(movieId, rating);
    }
  } catch {
    // Unreadable or blocked storage: start empty rather than fail the page.
  }
  return ratings;
}

export function saveRatings(state) {
  try {
    if (state.ratings.size === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings: [...state.ratings] }));
    state.storageOk = true;
  } catch {
    state.storageOk = false;
  }
}
