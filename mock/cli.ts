import { parseArgs } from 'node:util';
import { loadOutline } from '@geo/outlines';
import { generateScenario } from '@geo/scenarios/generate';
import { CITY_SPEC, DISTRICT_SPEC, TINY_OUTLINE, TINY_SPEC } from '@geo/scenarios/specs';
import { httpIngestClient } from './ingest-client';
import { isoAt, parseDuration, toSecond } from './local-time';
import { startPacer, type PacerProgress } from './pacer';
import { PATROL_HISTORY, simulateByHour } from './simulation';
import { worldFromScenario } from './sim-world';

/**
 * `npm run mock`: drives a running server through its public ingest API with the simulation of
 * incidents and their work orders, 12345 calls, camera outages, rental patrols and key-population
 * changes. An upstream system knows nothing but the ingest API, so the simulator generates the
 * same scenario as the server (deterministic from its seed) to know its buildings, cameras and
 * people; the registers themselves are sent by the server's first start, not by this command.
 */
const usage = `usage: npm run mock -- --url http://host:8080 --key API_KEY [options]
  --rate N          mean incidents per simulated hour (default 130, about 3,100 a day); calls,
                    register changes scale with it
  --speed S         the simulated clock runs S (>= 1) times faster than real time (60: an
                    hour a minute) but never ahead of the real time: with S > 1 a clock left in
                    the past (by a backfill) catches up, then runs at real time (default 1)
  --backfill D      first send D of history (30d, 3d, 12h: every event that would have
                    happened, lifecycles included) as fast as the server accepts, then go live
                    (rental patrols always get a month more, so patrol completion is meaningful)
  --scenario NAME   district | city | tiny: the server's scenario (default district)
  --seed N          the simulation's seed (default 1): same seed, same start, same events`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      rate: { type: 'string', default: '130' },
      speed: { type: 'string', default: '1' },
      backfill: { type: 'string', default: '0s' },
      scenario: { type: 'string', default: 'district' },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const rate = Number(values.rate);
  const speed = Number(values.speed);
  const seed = Number(values.seed);
  const backfill = parseDuration(values.backfill);
  const spec = { district: DISTRICT_SPEC, city: CITY_SPEC, tiny: TINY_SPEC }[values.scenario as 'district'];
  if (values.help || !values.url || !values.key || !(rate > 0) || !(speed >= 1) || !Number.isInteger(seed) || backfill === undefined || !spec) {
    console.error(usage);
    process.exit(2);
  }
  console.log(`preparing the ${spec.name} scenario…`);
  const outline = spec.name === 'tiny' ? TINY_OUTLINE : loadOutline(spec.districtCode as '320612' | '441900').polygons;
  const world = worldFromScenario(generateScenario(spec, outline));
  const start = Date.now();
  const origin = toSecond(start - backfill);
  const pacer = startPacer({
    hours: simulateByHour({ world, seed, rate, origin }),
    send: httpIngestClient(values.url, values.key),
    liveFrom: start,
    speed,
    onProgress: (p) => console.log(progressLine(p, speed)),
    onError: (err) => console.error(String(err)),
  });
  console.log(`simulating ${rate} incidents per simulated hour into ${values.url} from ${isoAt(origin)} (patrols from ${isoAt(origin - PATROL_HISTORY)}), speed ${speed}; Ctrl-C stops`);
  process.on('SIGINT', () => {
    void pacer.stop().then(() => {
      console.log(progressLine(pacer.progress, speed));
      process.exit(0);
    });
  });
  await pacer.done;
}

/** `[live ×60] 12,345 events sent · simulated 2026-11-23T14:05:00+08:00 · 2h 05m behind real time` */
function progressLine(p: PacerProgress, speed: number): string {
  const behind = p.behindMs >= 60_000 ? ` · ${formatSpan(p.behindMs)} behind real time` : '';
  const problems = (p.duplicates ? ` (${p.duplicates.toLocaleString('en')} duplicates)` : '') + (p.refused ? ` · ${p.refused.toLocaleString('en')} refused` : '');
  return `[${p.phase}${p.phase === 'live' && speed !== 1 ? ` ×${speed}` : ''}] ${p.sent.toLocaleString('en')} events sent${problems} · simulated ${isoAt(p.simTime)}${behind}`;
}

function formatSpan(ms: number): string {
  const m = Math.floor(ms / 60_000);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return d > 0 ? `${d}d ${String(h).padStart(2, '0')}h` : `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

main().catch((err: unknown) => {
  console.error(String(err));
  process.exit(1);
});
