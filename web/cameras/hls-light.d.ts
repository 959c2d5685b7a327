/**
 * hls.js's light build (no subtitles, alternate audio or DRM: a camera needs none) ships without
 * its own declarations; its API is the full build's.
 */
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
