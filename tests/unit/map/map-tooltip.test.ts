import { describe, expect, it } from 'vitest';
import { mapTooltip } from '../../../web/map/map-tooltip';

const t = (key: string, named?: Record<string, unknown>): string => (named ? `${key}(${JSON.stringify(named)})` : key);

describe('the map tooltip of an overdue order', () => {
  it('counts the hours overdue from the server time it is given, not from the moment the list was sent', () => {
    const order = { workOrderId: 'W1', incidentId: 'I1', location: [118.9, 32.1], category: null, overdueSince: '2026-11-24T01:00:00.000Z' };
    const at = (iso: string): string => mapTooltip('overdue-orders', order, t, new Map(), 'Asia/Shanghai', Date.parse(iso));
    expect(at('2026-11-24T04:10:00.000Z')).toBe('W1 · tooltip.overdueHours({"n":3})\ntooltip.clickToOpen');
    expect(at('2026-11-25T01:40:00.000Z')).toBe('W1 · tooltip.overdueHours({"n":25})\ntooltip.clickToOpen');
  });
});
