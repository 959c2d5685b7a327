import { isKnownCategory, type KnownIncidentCategory } from '@protocol/index';

/**
 * One colour per incident category, the same on the map and in charts. Paul Tol's "light"
 * scheme: distinguishable under the common colour-vision deficiencies and readable on navy.
 */
export const CATEGORY_COLORS: Record<KnownIncidentCategory, string> = {
  'sanitation': '#77AADD',
  'garbage': '#99DDFF',
  'illegal-parking': '#EEDD88',
  'safety-hazard': '#EE8866',
  'dispute': '#FFAABB',
  'sewer-blockage': '#44BB99',
  'illegal-construction': '#BBCC33',
  'fire-hazard': '#AAAA00',
  'group-rental': '#DDDDDD',
};

/** Categories an upstream system has that the screen does not know: one neutral colour. */
export const OTHER_CATEGORY_COLOR = '#BBAADD';

export function categoryColor(category: string): string {
  return isKnownCategory(category) ? CATEGORY_COLORS[category] : OTHER_CATEGORY_COLOR;
}

/** `#RRGGBB` to `[r, g, b]` for deck.gl. */
export function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
