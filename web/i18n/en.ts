import type zhCN from './zh-CN';

/** English labels; same keys as zh-CN (checked by the type). */
const en: typeof zhCN = {
  app: { title: 'Grid Governance Command Center', subtitle: 'One Map' },
  connection: { live: 'Live', stale: 'Stale', offline: 'Offline', connecting: 'Connecting' },
  header: { lastUpdate: 'Last update', never: 'no data yet', ago: '{n} s ago' },
  panels: {
    incidentsToday: 'Incidents today',
    latestIncidents: 'Latest incidents',
  },
  kpi: { reported: 'Reported today' },
  chart: { today: 'Today', yesterday: 'Yesterday', hourUnit: 'h', countUnit: '' },
  incidents: { empty: 'No incidents today', severity: 'Level {n}' },
  category: {
    'illegal-parking': 'Illegal parking',
    'sewer-blockage': 'Sewer blockage',
    'garbage': 'Garbage',
    'fire-hazard': 'Fire hazard',
    'dispute': 'Dispute',
    'safety-hazard': 'Safety hazard',
    'sanitation': 'Sanitation',
    'illegal-construction': 'Illegal construction',
    'group-rental': 'Group rental',
  },
  source: { grid: 'Grid worker', hotline: '12345 hotline', snapshot: 'Citizen snapshot', camera: 'Camera alert', linkage: '110 linkage' },
  stale: { panel: 'Data not updated for {age}' },
  protocol: { reload: 'The server was upgraded: please reload the page' },
  login: {
    title: 'Sign in',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Wrong username or password',
    throttled: 'Too many failed attempts: please try again later',
    missing: 'Enter your username and password',
    unreachable: 'The server cannot be reached: please try again later',
  },
  session: {
    displayRefused: 'This wall is no longer signed in',
    displayRefusedHint: 'Its display token was revoked or is not valid: ask the system administrator to sign this wall in again.',
  },
  units: { count: '' },
};
export default en;
