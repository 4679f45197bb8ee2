import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';

import { errorMessage } from '@/lib/problem';

import { AskFailure, askQuestion } from '../api/ask-question';
import { conversationQueryOptions, type AnswerMode, type AskSource } from '../api/get-conversation';
import { conversationsQueryOptions } from '../api/get-conversations';

export type TurnState = 'waiting' | 'streaming' | 'done' | 'error';

/** A question and its answer as the panel shows it, streamed or loaded. */
export interface ChatTurn {
  key: string;
  question: string;
  answer: string;
  sources: AskSource[];
  cited: number[];
  mode: AnswerMode | null;
  state: TurnState;
  error: { kind: AskFailure['kind'] | 'stream'; message: string } | null;
}

let nextKey = 1;

/**
 * The conversation in the Ask panel: asks (streaming the answer into the last turn),
 * opens a stored conversation, or starts over. Only one answer streams at a time; starting
 * anything else stops it.
 */
export function useAskConversation() {
  const queryClient = useQueryClient();
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [turns, setTurns] = useState<ChatTurn[]>([]);
  const [loading, setLoading] = useState<{ error: string | null } | null>(null);
  const running = useRef<AbortController | null>(null);
  // The conversation new questions join: updated as soon as a stream reports it.
  const current = useRef<string | null>(null);

  const stop = useCallback(() => {
    running.current?.abort();
    running.current = null;
  }, []);

  useEffect(() => stop, [stop]);

  const patch = (key: string, change: (t: ChatTurn) => Partial<ChatTurn>) =>
    setTurns((ts) => ts.map((t) => (t.key === key ? { ...t, ...change(t) } : t)));

  const ask = useCallback(
    async (question: string, postSlug: string | null) => {
      stop();
      const controller = new AbortController();
      running.current = controller;
      const key = `turn-${nextKey++}`;
      setTurns((ts) => [
        ...ts,
        { key, question, answer: '', sources: [], cited: [], mode: null, state: 'waiting', error: null },
      ]);

      let finished = false;
      try {
        const body = {
          question,
          ...(current.current ? { conversation_id: current.current } : {}),
          ...(postSlug ? { post_slug: postSlug } : {}),
        };
        for await (const e of askQuestion(body, controller.signal)) {
          switch (e.event) {
            case 'sources':
              patch(key, () => ({ sources: e.data.sources, state: 'streaming' }));
              break;
            case 'delta':
              patch(key, (t) => ({ answer: t.answer + e.data.text, state: 'streaming' }));
              break;
            case 'done':
              finished = true;
              current.current = e.data.conversation_id;
              setConversationId(e.data.conversation_id);
              patch(key, () => ({ cited: e.data.cited, mode: e.data.mode, state: 'done' }));
              void queryClient.invalidateQueries({ queryKey: conversationsQueryOptions().queryKey });
              void queryClient.invalidateQueries({ queryKey: conversationQueryOptions(e.data.conversation_id).queryKey });
              break;
            case 'error':
              finished = true;
              patch(key, () => ({ state: 'error', error: { kind: 'stream', message: e.data.message } }));
              break;
          }
        }
        if (!finished && !controller.signal.aborted) {
          patch(key, () => ({
            state: 'error',
            error: { kind: 'stream', message: 'The answer was cut off before it finished. Please ask again.' },
          }));
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        const error =
          err instanceof AskFailure
            ? { kind: err.kind, message: err.message }
            : { kind: 'failed' as const, message: err instanceof SyntaxError ? 'The answer could not be read. Please ask again.' : errorMessage(err) };
        patch(key, () => ({ state: 'error', error }));
      } finally {
        if (running.current === controller) running.current = null;
        // An answer stopped part-way stays on screen, marked as stopped.
        if (controller.signal.aborted) {
          patch(key, (t) => (t.state === 'waiting' || t.state === 'streaming' ? { state: 'error', error: { kind: 'stream', message: 'Stopped.' } } : {}));
        }
      }
    },
    // patch only uses setTurns, which is stable.
    [queryClient, stop],
  );

  const open = useCallback(
    async (id: string) => {
      stop();
      setLoading({ error: null });
      try {
        const conversation = await queryClient.fetchQuery(conversationQueryOptions(id));
        current.current = conversation.id;
        setConversationId(conversation.id);
        setTurns(
          conversation.turns.map((t) => ({
            key: t.id,
            question: t.question,
            answer: t.answer,
            sources: t.sources,
            cited: t.cited,
            mode: t.mode,
            state: 'done',
            error: null,
          })),
        );
        setLoading(null);
      } catch (err) {
        setLoading({ error: errorMessage(err) });
      }
    },
    [queryClient, stop],
  );

  const reset = useCallback(() => {
    stop();
    current.current = null;
    setConversationId(null);
    setTurns([]);
    setLoading(null);
  }, [stop]);

  const last = turns[turns.length - 1];
  const busy = last?.state === 'waiting' || last?.state === 'streaming';

  return { conversationId, turns, busy, loading, ask, open, reset, stop };
}
