import type { components } from '@/api/schema';
import { fetchClient } from '@/lib/api-client';
import { describeProblem, isProblem } from '@/lib/problem';
import { readSse } from '@/lib/sse';

import { toAskEvent, type AskEvent } from '../utils/ask-events';
import { quotaMessage, retryAt } from '../utils/quota';

export type AskRequest = components['schemas']['AskRequest'];

/** Why a question got no answer stream at all. */
export class AskFailure extends Error {
  constructor(
    readonly kind: 'signed-out' | 'quota' | 'failed',
    message: string,
    /** For `quota`: when asking is possible again, if the server said. */
    readonly resetAt: Date | null = null,
  ) {
    super(message);
    this.name = 'AskFailure';
  }
}

function failure(status: number, error: unknown, headers: Headers): AskFailure {
  if (status === 401) return new AskFailure('signed-out', 'Sign in to ask questions about the posts.');
  if (status === 429) {
    const now = new Date();
    const resetAt = retryAt(headers.get('Retry-After'), now);
    return new AskFailure('quota', quotaMessage(resetAt, now), resetAt);
  }
  return new AskFailure('failed', isProblem(error) ? describeProblem(error) : 'Something went wrong. Please try again.');
}

/**
 * Asks a question and yields the answer's events as they stream in. The request goes
 * through the app's API client, so it carries the bearer token and renews an expired one
 * like every other call; the body is read as a stream instead of JSON. Throws AskFailure
 * when the server refuses the question (401, 429, 4xx/5xx), TypeError when it cannot be
 * reached, and stops quietly when `signal` aborts.
 */
export async function* askQuestion(body: AskRequest, signal: AbortSignal): AsyncGenerator<AskEvent> {
  const { data, error, response } = await fetchClient.POST('/api/v1/ask', {
    body,
    parseAs: 'stream',
    signal,
    headers: { Accept: 'text/event-stream' },
  });
  if (!response.ok || !data) throw failure(response.status, error, response.headers);
  for await (const e of readSse(data, signal)) {
    const event = toAskEvent(e);
    if (event) yield event;
  }
}
