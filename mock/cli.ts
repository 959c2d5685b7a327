import { parseArgs } from 'node:util';
import { loadOutline } from '@geo/outlines';
import { generateScenario } from '@geo/scenarios/generate';
import { CITY_SPEC, DISTRICT_SPEC, TINY_OUTLINE, TINY_SPEC } from '@geo/scenarios/specs';
import { httpIngestClient } from './ingest-client';
import { startIncidentSimulator } from './incident-simulator';
import { nearBuildings } from './place-sampler';

/**
 * `npm run mock -- --url URL --key KEY [--rate N] [--scenario district|city|tiny]`: drives a
 * running server through its public ingest API until interrupted. An upstream system knows
 * nothing but the ingest API, so the simulator generates the same scenario as the server
 * (deterministic from its seed) to place incidents near buildings.
 */
const usage = 'usage: npm run mock -- --url http://host:8080 --key API_KEY [--rate INCIDENTS_PER_SECOND] [--scenario district|city|tiny]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      rate: { type: 'string', default: '1' },
      scenario: { type: 'string', default: 'district' },
    },
  });
  const rate = Number(values.rate);
  const spec = { district: DISTRICT_SPEC, city: CITY_SPEC, tiny: TINY_SPEC }[values.scenario as 'district'];
  if (!values.url || !values.key || !(rate > 0) || !spec) {
    console.error(usage);
    process.exit(2);
  }
  console.log(`preparing the ${spec.name} scenario's buildings…`);
  const outline = spec.name === 'tiny' ? TINY_OUTLINE : loadOutline(spec.districtCode as '320612' | '441900').polygons;
  const { buildings } = generateScenario(spec, outline);
  const sim = startIncidentSimulator({
    place: nearBuildings(buildings),
    rate,
    send: httpIngestClient(values.url, values.key),
    onError: (err) => console.error(String(err)),
  });
  console.log(`simulating ${rate} incidents/s into ${values.url}; Ctrl-C stops`);
  const report = setInterval(() => console.log(`${sim.sent} incidents acknowledged`), 10_000);
  process.on('SIGINT', () => {
    clearInterval(report);
    void sim.stop().then(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  console.error(String(err));
  process.exit(1);
});
