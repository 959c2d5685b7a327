import { main } from '../main';

/** Starts the server without building the web app (for tests and deployments that built it). */
await main();
