// The page's state and elements: the ratings given, the model's scale and kind, and the nodes the page fills.
import { loadRatings } from './storage.js';

export const RESULT_LIMIT = 30;
export const RECS_K = 10;

export const $ = (id) => document.getElementById(id);
export const el = {
  status: $('status'),
  query: $('query'),
  genre: $('genre'),
  form: $('find-form'),
  results: $('results'),
  resultsSummary: $('results-summary'),
  recs: $('recs'),
  recsSummary: $('recs-summary'),
  timing: $('timing'),
  rated: $('rated'),
  ratedCount: $('rated-count'),
  ratedEmpty: $('rated-empty'),
  forget: $('forget'),
  modelInfo: $('model-info'),
  ratedTitle: $('rated-title'),
  tagline: document.querySelector('.tagline'),
};

export const state = {
  movie: () => undefined, // movieId → { movieId, title, year, genres }, from whichever model answers
  ratings: loadRatings(), // movieId → rating (null: seen, not rated), in the order they were given
  scale: { min: 0.5, max: 5, step: 0.5 },
  // False for a model trained on watch events alone: it predicts no ratings,
  // so the page asks "seen it?" instead of stars and ranks by watch chance.
  hasRatings: true,
  storageOk: true,
  recsVersion: 0,
  openWhy: new Set(), // "list-movieId" of the open "Why this prediction?" panels, kept across re-renders
};

export const currentHistory = () => [...state.ratings].map(([movieId, rating]) => ({ movieId, rating }));
