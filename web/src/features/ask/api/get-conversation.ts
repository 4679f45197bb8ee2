import type { components } from '@/api/schema';
import { $api } from '@/lib/api-client';

export type Conversation = components['schemas']['ConversationResponse'];
export type Turn = components['schemas']['TurnResponse'];
export type AskSource = components['schemas']['AskSource'];
export type AnswerMode = components['schemas']['AnswerMode'];

/** One conversation with its turns, oldest first. */
export const conversationQueryOptions = (id: string) =>
  $api.queryOptions('get', '/api/v1/ask/conversations/{id}', { params: { path: { id } } });
