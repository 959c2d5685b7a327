import express, { Router, type RequestHandler } from 'express';
import { ingestRequest, type ErrorBody, type IngestResponse } from '@protocol/index';
import type { z } from 'zod';
import type { ApiKeys } from '../auth/api-keys';
import type { Engine } from '../aggregate/engine';
import type { EventStore, NewEvent } from '../store/event-store';
import type { PiiCipher } from '../pii/pii-cipher';
import { prepareEvent } from './prepare-event';
import { HttpError } from '../http/http-error';

/** Largest ingest request body. */
export const INGEST_BODY_LIMIT = '1mb';

/**
 * `POST /api/ingest/events`: validates a batch against the contract, refuses it whole on any
 * problem, prepares each event (keyed content hash, WGS-84, personal fields sealed), stores the
 * batch durably (duplicates skipped), folds it into the engine, then answers.
 */
export function ingestRouter(deps: { store: EventStore; engine: Engine; apiKeys: ApiKeys; cipher: PiiCipher; onFoldError?: (err: unknown) => void }): Router {
  const router = Router();
  router.post(
    '/api/ingest/events',
    requireApiKey(deps.apiKeys),
    requireJson,
    express.json({ limit: INGEST_BODY_LIMIT }),
    async (req, res) => {
      const parsed = ingestRequest.safeParse(req.body);
      if (!parsed.success) {
        throw new HttpError(400, 'invalid', describe(parsed.error), toIssues(parsed.error));
      }
      const batch: NewEvent[] = parsed.data.events.map((e) => prepareEvent(e, deps.cipher));
      const result = await deps.store.append(batch);
      if (!result.ok) {
        throw new HttpError(
          409,
          'conflict',
          `event id ${result.conflicts.slice(0, 5).join(', ')}${result.conflicts.length > 5 ? ' …' : ''} was already accepted with different content; nothing of this batch was stored`,
        );
      }
      // Durable now: answer without waiting for the fold (it runs in the projector's thread and
      // catches up on its own; live screens get the events with the next deltas).
      void deps.engine.feed(result.accepted).catch((err: unknown) => deps.onFoldError?.(err));
      const body: IngestResponse = {
        accepted: result.accepted.length,
        duplicates: result.duplicates,
        lastSeq: result.lastSeq,
      };
      res.status(200).json(body);
    },
  );
  return router;
}

function requireApiKey(apiKeys: ApiKeys): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HttpError(401, 'unauthorized', 'an API key is required: Authorization: Bearer <key>');
    const sender = await apiKeys.verify(match[1]!);
    if (!sender) throw new HttpError(401, 'unauthorized', 'the API key is unknown or revoked');
    next();
  };
}

const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new HttpError(415, 'unsupported-media-type', 'the body must be JSON (Content-Type: application/json)');
  }
  next();
};

/** Zod issues as `{ index, path, message }`: `index` is the event's place in the batch. */
function toIssues(error: z.ZodError): NonNullable<ErrorBody['issues']> {
  return error.issues.map((issue) => {
    const [first, second, ...rest] = issue.path;
    if (first === 'events' && typeof second === 'number') {
      return { index: second, path: rest.map(String).join('.') || '(event)', message: issue.message };
    }
    return { path: issue.path.map(String).join('.') || '(body)', message: issue.message };
  });
}

function describe(error: z.ZodError): string {
  const n = error.issues.length;
  const first = toIssues(error)[0]!;
  const where = first.index !== undefined ? `events[${first.index}].${first.path}` : first.path;
  return `${n} problem${n === 1 ? '' : 's'} in the batch, nothing stored; first: ${where}: ${first.message}`;
}
