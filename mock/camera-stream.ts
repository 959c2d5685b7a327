import { poisson, type Random } from '@geo/random';
import { chance, hashString, keyedRandom, logNormal, uniform } from './keyed-random';
import { DAY, HOUR, isoAt, MINUTE, toSecond } from './local-time';
import { STREAM, type EventStream, type SimContext } from './sim-context';
import type { TimedEvent } from './timed-event';

const WEEK = 7 * DAY;
const HOURS_PER_WEEK = 168;

/**
 * Cameras differ: most are stable, some flaky (a bad link, an old switch), a few poor (long
 * repairs). Mean outages per camera and week by class; with the durations below about 3 % of
 * cameras are offline at any time, the share a district's video platform typically reports.
 */
const CLASSES = [
  { share: 0.75, perWeek: 0.4, stretch: 1 },
  { share: 0.2, perWeek: 2, stretch: 1 },
  { share: 0.05, perWeek: 3, stretch: 1.6 },
] as const;

/**
 * `camera.status` events: outages (offline, then online again) and, at the start of a run, the
 * repair of cameras that were registered offline. Each camera lives in week-long slots that start
 * at its own hour of the week (so no instant sees every camera between outages); a slot holds at
 * most two outages, which never cross its end, so a camera's outages never overlap.
 */
export function cameraStream(ctx: SimContext): EventStream {
  const cameras = ctx.world.cameras;
  const byPhase: number[][] = Array.from({ length: HOURS_PER_WEEK }, () => []);
  const classOf = new Uint8Array(cameras.length);
  cameras.forEach((c, i) => {
    const h = hashString(`${ctx.seed}:${c.cameraId}`);
    byPhase[h % HOURS_PER_WEEK]!.push(i);
    const u = (h >>> 8) / (1 << 23);
    classOf[i] = u < CLASSES[0].share ? 0 : u < CLASSES[0].share + CLASSES[1].share ? 1 : 2;
  });
  return {
    bornIn(hourStart, out) {
      if (hourStart + WEEK <= ctx.origin) return;
      const hour = hourStart / HOUR;
      if (hourStart <= ctx.origin && ctx.origin < hourStart + HOUR) repairs(ctx, out);
      for (const i of byPhase[((hour % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK]!) {
        const slot = Math.floor(hour / HOURS_PER_WEEK);
        const r = keyedRandom(ctx.seed, STREAM.camera, i, slot);
        const cls = CLASSES[classOf[i]!]!;
        const count = Math.min(2, poisson(cls.perWeek, r));
        const part = WEEK / Math.max(1, count);
        for (let j = 0; j < count; j++) {
          const duration = Math.min(part - 2 * HOUR, outageDuration(r) * cls.stretch);
          const start = toSecond(hourStart + j * part + uniform(0, part - duration - MINUTE, r));
          if (start < ctx.origin) continue;
          const id = `sim-${ctx.run}-${cameras[i]!.cameraId}-${slot}-${j}`;
          out.push(status(`${id}-off`, cameras[i]!.cameraId, false, start), status(`${id}-on`, cameras[i]!.cameraId, true, toSecond(start + duration)));
        }
      }
    },
  };
}

/** Cameras registered offline are repaired within the run's first day and a half. */
function repairs(ctx: SimContext, out: TimedEvent[]): void {
  ctx.world.cameras.forEach((c, i) => {
    if (c.online) return;
    const r = keyedRandom(ctx.seed, STREAM.repair, i, ctx.origin / MINUTE);
    out.push(status(`sim-${ctx.run}-${c.cameraId}-repaired`, c.cameraId, true, toSecond(ctx.origin + uniform(5 * MINUTE, 36 * HOUR, r))));
  });
}

/** Glitches of minutes (a reboot), faults of hours (power, link), failures of a day or more (a repair crew). */
function outageDuration(r: Random): number {
  if (chance(0.5, r)) return Math.max(2 * MINUTE, logNormal(25 * MINUTE, 0.8, r));
  if (chance(0.7, r)) return logNormal(4 * HOUR, 0.8, r, 2 * DAY);
  return logNormal(30 * HOUR, 0.5, r, 3 * DAY);
}

function status(id: string, cameraId: string, online: boolean, at: number): TimedEvent {
  return { at, event: { id, type: 'camera.status', occurredAt: isoAt(at), data: { cameraId, online } } };
}
