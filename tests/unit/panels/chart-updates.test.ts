import { describe, expect, it } from 'vitest';
import { dropChartUpdate, queueChartUpdate } from '../../../web/panels/chart-updates';

/** Resolves after the tasks queued so far (a timer task runs after the channel's messages posted before it). */
const afterTasks = (n: number): Promise<void> => (n === 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, 0)).then(() => afterTasks(n - 1)));

describe('chart updates', () => {
  it('run one per task, in the order the charts were queued', async () => {
    const ran: string[] = [];
    // Each update's microtasks (Vue's flush, where the chart redraws) run before the next update.
    const update = (name: string) => () => {
      ran.push(name);
      void Promise.resolve().then(() => ran.push(`${name} flushed`));
    };
    const [a, b, c] = [{}, {}, {}];
    queueChartUpdate(a, update('a'));
    queueChartUpdate(b, update('b'));
    queueChartUpdate(c, update('c'));
    // Nothing runs in the task that queued them.
    expect(ran).toEqual([]);
    await afterTasks(6);
    expect(ran).toEqual(['a', 'a flushed', 'b', 'b flushed', 'c', 'c flushed']);
  });

  it('keep only the latest update of a chart, and none of a chart dropped', async () => {
    const ran: string[] = [];
    const a = {};
    const b = {};
    queueChartUpdate(a, () => ran.push('a1'));
    queueChartUpdate(b, () => ran.push('b1'));
    queueChartUpdate(a, () => ran.push('a2'));
    dropChartUpdate(b);
    await afterTasks(4);
    expect(ran).toEqual(['a2']);
  });

  it('run an update queued while another runs, in a later task', async () => {
    const ran: string[] = [];
    const a = {};
    queueChartUpdate(a, () => {
      ran.push('first');
      queueChartUpdate(a, () => ran.push('second'));
      expect(ran).toEqual(['first']);
    });
    await afterTasks(4);
    expect(ran).toEqual(['first', 'second']);
  });
});
