/**
 * The event log's writer thread: it owns a write connection to the embedded database and commits
 * the batches `LogWriterThread` posts, those that arrived together in one transaction, answering
 * each once durable; and it writes the engine's checkpoints. The commit's fsync (and any wait for
 * the file's write lock) happens here, not in the thread that serves HTTP and sockets.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite-database';
import { SqliteLogAppend, type BatchOutcome, type LogRow } from './sqlite-log-append';

export interface LogWriterData {
  file: string;
}

type AppendMessage = { type: 'append'; id: number; receivedAt: string; rows: LogRow[] };
export type ToLogWriter = AppendMessage | { type: 'checkpoint'; id: number; name: string; seq: number; state: string; savedAt: string } | { type: 'close' };
export type FromLogWriter =
  | { type: 'appended'; id: number; outcome: BatchOutcome }
  | { type: 'saved'; id: number }
  | { type: 'failed'; id: number; message: string };

const db = openDatabase((workerData as LogWriterData).file);
const log = new SqliteLogAppend(db);
const port = parentPort!;
port.on('message', (first: ToLogWriter) => {
  // Group commit: every batch that arrived while the last commit ran is waiting on the port and
  // joins this one transaction (one fsync), each still with its own answer.
  const messages = [first];
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port)) messages.push(next.message as ToLogWriter);
  let appends: AppendMessage[] = [];
  for (const msg of messages) {
    if (msg.type === 'append') {
      appends.push(msg);
      continue;
    }
    commit(appends);
    appends = [];
    if (msg.type === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      log.saveCheckpoint(msg.name, msg.seq, msg.state, msg.savedAt);
      port.postMessage({ type: 'saved', id: msg.id } satisfies FromLogWriter);
    } catch (err) {
      port.postMessage({ type: 'failed', id: msg.id, message: messageOf(err) } satisfies FromLogWriter);
    }
  }
  commit(appends);
});

/** Commits the batches together; on a database error nothing of them is stored and each fails. */
function commit(appends: readonly AppendMessage[]): void {
  if (appends.length === 0) return;
  let outcomes: BatchOutcome[];
  try {
    outcomes = log.appendGroup(appends);
  } catch (err) {
    for (const a of appends) port.postMessage({ type: 'failed', id: a.id, message: messageOf(err) } satisfies FromLogWriter);
    return;
  }
  appends.forEach((a, i) => port.postMessage({ type: 'appended', id: a.id, outcome: outcomes[i]! } satisfies FromLogWriter));
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
