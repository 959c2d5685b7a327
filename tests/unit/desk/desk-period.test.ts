import { describe, expect, it } from 'vitest';
import { calendarPeriod, customPeriod, localDate, parentCode, todayIn } from '../../../web/desk/desk-period';

const SH = 'Asia/Shanghai';

describe('the desk cuts periods in the reports\' zone, not the browser\'s', () => {
  it('gives the calendar day, the Monday-first week and the month holding a local date', () => {
    expect(calendarPeriod('day', '2026-02-01', SH)).toEqual({ from: '2026-02-01T00:00:00+08:00', to: '2026-02-02T00:00:00+08:00' });
    // 2026-02-01 is a Sunday: its week began on Monday 01-26.
    expect(calendarPeriod('week', '2026-02-01', SH)).toEqual({ from: '2026-01-26T00:00:00+08:00', to: '2026-02-02T00:00:00+08:00' });
    expect(calendarPeriod('week', '2026-02-02', SH)).toEqual({ from: '2026-02-02T00:00:00+08:00', to: '2026-02-09T00:00:00+08:00' });
    expect(calendarPeriod('month', '2024-02-29', SH)).toEqual({ from: '2024-02-01T00:00:00+08:00', to: '2024-03-01T00:00:00+08:00' });
    expect(calendarPeriod('day', 'not a date', SH)).toBeUndefined();
  });

  it('reads custom ends as local times of the zone, and today as the zone\'s today', () => {
    expect(customPeriod('2026-02-01T08:30', '2026-02-03T08:30', SH)).toEqual({ from: '2026-02-01T08:30:00+08:00', to: '2026-02-03T08:30:00+08:00' });
    // 2026-01-31T16:00Z is already February 1st in Shanghai.
    expect(todayIn(SH, Date.parse('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
    expect(todayIn('UTC', Date.parse('2026-01-31T16:00:00Z'))).toBe('2026-01-31');
    expect(localDate('2026-01-31T16:00:00Z', SH, true)).toBe('2026-02-01T00:00');
  });

  it('finds the parent scope by the code\'s prefix', () => {
    expect(parentCode('320612001002003')).toBe('320612001002');
    expect(parentCode('320612001')).toBe('320612');
    expect(parentCode('320612')).toBeUndefined();
  });
});
