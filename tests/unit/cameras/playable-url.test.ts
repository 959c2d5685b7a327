import { describe, expect, it } from 'vitest';
import { playableUrl } from '../../../web/cameras/camera-stream-api';

const PAGE = 'https://cc.example.gov.cn/?scope=320612&camera=C1';

describe('which HLS pointers the player loads', () => {
  it('resolves server-relative pointers against the page, and takes HTTP(S) gateways as they are', () => {
    expect(playableUrl('/media/test-clip/index.m3u8', PAGE)).toBe('https://cc.example.gov.cn/media/test-clip/index.m3u8');
    expect(playableUrl('http://10.32.1.5:8080/live/C1/index.m3u8', PAGE)).toBe('http://10.32.1.5:8080/live/C1/index.m3u8');
  });
  it('refuses pointers a browser must not load', () => {
    for (const bad of ['javascript:alert(1)', 'rtsp://10.33.4.17:554/Streaming/Channels/101', 'file:///etc/passwd', 'data:application/vnd.apple.mpegurl,#EXTM3U', 'http://']) {
      expect(playableUrl(bad, PAGE), bad).toBeUndefined();
    }
  });
});
