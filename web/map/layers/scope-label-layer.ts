import { TextLayer } from '@deck.gl/layers';
import { parentOf } from '@geo/scope-code';
import { apiJson } from '../../services/api';
import { PALETTE } from '../../theme/palette';

/** A scope's name at its label point. */
export interface ScopeLabel {
  code: string;
  name: string;
  position: [number, number];
  level: 'street' | 'community' | 'grid';
}

/** CJK fonts first: without one, Chinese labels draw as empty boxes. */
const FONT_FAMILY = '"Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif';

/** Zoom ranges in which each level's names are shown (where they fit without crowding). */
export const LABEL_ZOOMS: Record<ScopeLabel['level'], [number, number]> = {
  street: [0, 11.5],
  community: [11.5, 13.5],
  grid: [13.5, 24],
};

/** The labels to draw and their level. */
export interface ShownLabels {
  data: readonly ScopeLabel[];
  level: ScopeLabel['level'];
}

/** The level whose names fit the zoom. */
export function labelLevelAt(zoom: number): ScopeLabel['level'] {
  return (Object.keys(LABEL_ZOOMS) as ScopeLabel['level'][]).find((l) => zoom >= LABEL_ZOOMS[l][0] && zoom < LABEL_ZOOMS[l][1]) ?? 'street';
}

/** The names of `zoomLevel`'s scopes or, with a drilled scope (`focus`) that has children, its children's. */
export function labelsToShow(labels: readonly ScopeLabel[], zoomLevel: ScopeLabel['level'], focus?: string): ShownLabels {
  const children = focus ? labels.filter((l) => parentOf(l.code) === focus) : [];
  const level = children[0]?.level ?? zoomLevel;
  return { data: children.length > 0 ? children : labels.filter((l) => l.level === level), level };
}

/**
 * Names of the scopes of the level that fits the zoom, drawn from browser fonts (no glyph server).
 * With a drilled scope (`focus`), the names of its children instead: what the next click opens.
 */
export function scopeLabelLayer({ data, level }: ShownLabels, scale = 1): TextLayer<ScopeLabel> {
  return new TextLayer<ScopeLabel>({
    id: 'scope-labels',
    data,
    getPosition: (d) => d.position,
    getText: (d) => d.name,
    getSize: (level === 'street' ? 17 : 14) * scale,
    getColor: level === 'street' ? PALETTE.deck.label : PALETTE.deck.labelMinor,
    fontFamily: FONT_FAMILY,
    characterSet: 'auto',
    fontSettings: { sdf: true },
    outlineWidth: 3,
    outlineColor: PALETTE.deck.outline,
    updateTriggers: { getSize: [level, scale], getColor: level },
  });
}

/** Label points of a level's GeoJSON (the server puts each scope's label point in its properties). */
export async function fetchScopeLabels(url: string, level: ScopeLabel['level']): Promise<ScopeLabel[]> {
  const fc = await apiJson<{ features: { properties: { code: string; name: string; label: [number, number] } }[] }>(url, `${level} boundaries`);
  return fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, position: f.properties.label, level }));
}
