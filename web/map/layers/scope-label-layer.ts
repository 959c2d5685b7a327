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

/**
 * Names of the scopes of the level that fits the zoom, drawn from browser fonts (no glyph server).
 * With a drilled scope (`focus`), the names of its children instead: what the next click opens.
 */
export function scopeLabelLayer(labels: readonly ScopeLabel[], zoom: number, scale = 1, focus?: string): TextLayer<ScopeLabel> {
  const { data, level } = shownLabels(labels, zoom, focus);
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

/** The last labels shown, kept while their inputs are the same. */
let shown: { labels: readonly ScopeLabel[]; focus: string | undefined; zoomLevel: ScopeLabel['level']; level: ScopeLabel['level']; data: ScopeLabel[] } | undefined;

/**
 * The labels to draw and their level. The same array while the inputs are the same: the map is
 * redrawn with live data every second, and deck.gl lays out a text layer's every glyph again when
 * its data is a new array.
 */
function shownLabels(labels: readonly ScopeLabel[], zoom: number, focus: string | undefined): { data: ScopeLabel[]; level: ScopeLabel['level'] } {
  const zoomLevel = (Object.keys(LABEL_ZOOMS) as ScopeLabel['level'][]).find((l) => zoom >= LABEL_ZOOMS[l][0] && zoom < LABEL_ZOOMS[l][1]) ?? 'street';
  if (shown && shown.labels === labels && shown.focus === focus && shown.zoomLevel === zoomLevel) return shown;
  const children = focus ? labels.filter((l) => parentOf(l.code) === focus) : [];
  const level = children[0]?.level ?? zoomLevel;
  shown = { labels, focus, zoomLevel, level, data: children.length > 0 ? children : labels.filter((l) => l.level === level) };
  return shown;
}

/** Label points of a level's GeoJSON (the server puts each scope's label point in its properties). */
export async function fetchScopeLabels(url: string, level: ScopeLabel['level']): Promise<ScopeLabel[]> {
  const fc = await apiJson<{ features: { properties: { code: string; name: string; label: [number, number] } }[] }>(url, `${level} boundaries`);
  return fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name, position: f.properties.label, level }));
}
