import { readUrlState } from '../url-state';

/**
 * The two palettes of `?theme=dark|light` (contract.md). Dark is the wall's default (screen.md:
 * deep navy, light text); light is for a desk by a window or a projector in a bright room. The
 * semantic colours (alarm red, at-risk amber, on-time green, accent blue) are the same in both so
 * that a colour means one thing everywhere; only their darker variants are used on white.
 *
 * CSS reads the same values as custom properties (`applyTheme` sets them on the root); charts and
 * the map's style, drawn on canvases, read them from here. The theme is fixed per page load.
 */
type RGBA = [number, number, number, number];

export interface Palette {
  name: 'dark' | 'light';
  bg: string;
  headerTop: string;
  panelTop: string;
  panelBottom: string;
  overlay: string;
  line: string;
  track: string;
  textStrong: string;
  text: string;
  textDim: string;
  textFaint: string;
  accent: string;
  alarm: string;
  warn: string;
  ok: string;
  off: string;
  /** deck.gl colours (RGBA 0-255): scope labels and the outline that keeps marks readable on the basemap. */
  deck: { label: RGBA; labelMinor: RGBA; outline: RGBA; focus: RGBA };
  /** The map's base layers. */
  map: { background: string; land: string; arterial: string; local: string; building: string; grid: string; community: string; street: string; district: string };
}

const DARK: Palette = {
  name: 'dark',
  bg: '#0b1733',
  headerTop: '#10224a',
  panelTop: 'rgba(24, 44, 88, 0.85)',
  panelBottom: 'rgba(14, 28, 60, 0.85)',
  overlay: 'rgba(12, 24, 52, 0.9)',
  line: '#22396b',
  track: '#1c2b4f',
  textStrong: '#ffffff',
  text: '#dbe6ff',
  textDim: '#9fb0d0',
  textFaint: '#7f8ba6',
  accent: '#4fa3ff',
  alarm: '#ff5a5a',
  warn: '#ffb547',
  ok: '#3ccf6e',
  off: '#7f8ba6',
  deck: { label: [220, 232, 255, 235], labelMinor: [190, 208, 240, 220], outline: [11, 23, 51, 230], focus: [255, 214, 102, 255] },
  map: { background: '#0b1733', land: '#0f1f42', arterial: '#35507f', local: '#27406e', building: '#4a6696', grid: '#22406f', community: '#2f5797', street: '#4f7fc4', district: '#4fa3ff' },
};

/** The light palette, also the desk's whatever the page's theme (a desk is paper, read at arm's length). */
export const LIGHT: Palette = {
  name: 'light',
  bg: '#eef2f8',
  headerTop: '#ffffff',
  panelTop: 'rgba(255, 255, 255, 0.94)',
  panelBottom: 'rgba(246, 249, 253, 0.94)',
  overlay: 'rgba(255, 255, 255, 0.92)',
  line: '#c5d0e2',
  track: '#dfe6f1',
  textStrong: '#0d1a33',
  text: '#1f2f4d',
  textDim: '#4a5a78',
  textFaint: '#6b7890',
  accent: '#1f6fd1',
  alarm: '#d42a2a',
  warn: '#b86e00',
  ok: '#1b8f44',
  off: '#7f8ba6',
  deck: { label: [13, 26, 51, 240], labelMinor: [40, 58, 92, 225], outline: [255, 255, 255, 235], focus: [214, 120, 0, 255] },
  map: { background: '#e9edf3', land: '#f6f7f9', arterial: '#c4ccd8', local: '#d8dde5', building: '#b9c3d3', grid: '#9fb3d1', community: '#6f8fbf', street: '#3f6fb0', district: '#1f6fd1' },
};

/** The palette of this page load. */
export const PALETTE: Palette = typeof window !== 'undefined' && readUrlState().theme === 'light' ? LIGHT : DARK;

/** Sets the palette as CSS custom properties on the root element (and `data-theme` for tests). */
export function applyTheme(root: HTMLElement = document.documentElement): void {
  const p = PALETTE;
  root.dataset.theme = p.name;
  const vars: Record<string, string> = {
    '--bg': p.bg,
    '--header-top': p.headerTop,
    '--panel-top': p.panelTop,
    '--panel-bottom': p.panelBottom,
    '--overlay': p.overlay,
    '--line': p.line,
    '--track': p.track,
    '--text-strong': p.textStrong,
    '--text': p.text,
    '--text-dim': p.textDim,
    '--text-faint': p.textFaint,
    '--accent': p.accent,
    '--alarm': p.alarm,
    '--warn': p.warn,
    '--ok': p.ok,
    '--off': p.off,
  };
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
}
