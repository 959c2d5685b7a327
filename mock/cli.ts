import { parseArgs } from 'node:util';
import { placeholderDistrict } from '@geo/scenarios/placeholder-district';
import { httpIngestClient } from './ingest-client';
import { startIncidentSimulator } from './incident-simulator';

/**
 * `npm run mock -- --url URL --key KEY [--rate N]`: drives a running server through its public
 * ingest API until interrupted.
 */
const usage = 'usage: npm run mock -- --url http://host:8080 --key API_KEY [--rate INCIDENTS_PER_SECOND]';

function main(): void {
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
    territory: placeholderDistrict(),
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

main();
