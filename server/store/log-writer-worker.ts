/**
 * The event log's writer thread: it owns a write connection to the embedded database and commits
 * the groups of batches `LogWriterThread` posts, answering once each group is durable, and the
 * engine's checkpoints. The commit's fsync (and any wait for the file's write lock) happens here,
 * not in the thread that serves HTTP and sockets. Runs with tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite-database';
import { SqliteLogAppend, type BatchOutcome, type LogRow } from './sqlite-log-append';

export interface LogWriterData {
  file: string;
}

export type ToLogWriter =
  | { type: 'append'; id: number; receivedAt: string; batches: LogRow[][] }
  | { type: 'checkpoint'; id: number; name: string; seq: number; state: string; savedAt: string }
  | { type: 'close' };
export type FromLogWriter =
  | { type: 'appended'; id: number; outcomes: BatchOutcome[] }
  | { type: 'saved'; id: number }
  | { type: 'failed'; id: number; message: string }
  | { type: 'ready' }
  | { type: 'closed' };

const db = openDatabase((workerData as LogWriterData).file);
const append = new SqliteLogAppend(db);
const port = parentPort!;
port.on('message', (msg: ToLogWriter) => {
  if (msg.type === 'close') {
    db.close();
    port.postMessage({ type: 'closed' } satisfies FromLogWriter);
    port.close();
    return;
  }
  try {
    if (msg.type === 'checkpoint') {
      append.saveCheckpoint(msg.name, msg.seq, msg.state, msg.savedAt);
      port.postMessage({ type: 'saved', id: msg.id } satisfies FromLogWriter);
      return;
    }
    port.postMessage({ type: 'appended', id: msg.id, outcomes: append.appendGroup(msg.batches, msg.receivedAt) } satisfies FromLogWriter);
  } catch (err) {
    port.postMessage({ type: 'failed', id: msg.id, message: err instanceof Error ? err.message : String(err) } satisfies FromLogWriter);
  }
});
port.postMessage({ type: 'ready' } satisfies FromLogWriter);
