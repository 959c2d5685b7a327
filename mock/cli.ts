import { parseArgs } from 'node:util';
import type { PolygonRings } from '@geo/polygon';
import { httpIngestClient } from './ingest-client';
import { startIncidentSimulator } from './incident-simulator';
import { uniformIn } from './place-sampler';

/**
 * `npm run mock -- --url URL --key KEY [--rate N]`: drives a running server through its public
 * ingest API until interrupted.
 */
const usage = 'usage: npm run mock -- --url http://host:8080 --key API_KEY [--rate INCIDENTS_PER_SECOND]';

/** The district outline from the server's public boundaries, so incidents fall inside it. */
async function districtOutline(url: string): Promise<PolygonRings[]> {
  const res = await fetch(new URL('/api/geo/scopes.geojson?level=district', url));
  if (!res.ok) throw new Error(`could not read the district outline from ${url}: HTTP ${res.status}`);
  const fc = (await res.json()) as { features: { geometry: { type: string; coordinates: unknown } }[] };
  const g = fc.features[0]?.geometry;
  if (!g) throw new Error('the server has no district');
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as PolygonRings[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      key: { type: 'string' },
      rate: { type: 'string', default: '1' },
    },
  });
  const rate = Number(values.rate);
  if (!values.url || !values.key || !(rate > 0)) {
    console.error(usage);
    process.exit(2);
  }
  const sim = startIncidentSimulator({
    place: uniformIn(await districtOutline(values.url)),
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
