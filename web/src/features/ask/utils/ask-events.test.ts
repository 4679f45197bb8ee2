import { describe, expect, it } from 'vitest';

import { toAskEvent } from './ask-events';

describe('toAskEvent', () => {
  it('parses the data of the four answer events', () => {
    expect(toAskEvent({ event: 'delta', data: '{"text":"Hi [1]"}', id: null })).toEqual({ event: 'delta', data: { text: 'Hi [1]' } });
    expect(toAskEvent({ event: 'error', data: '{"message":"The model is unavailable"}', id: null })).toEqual({
      event: 'error',
      data: { message: 'The model is unavailable' },
    });
  });

  it('skips events it does not know', () => {
    expect(toAskEvent({ event: 'message', data: '{}', id: null })).toBeNull();
    expect(toAskEvent({ event: 'progress', data: '{}', id: null })).toBeNull();
  });

  it('throws on data that is not JSON', () => {
    expect(() => toAskEvent({ event: 'done', data: '{oops', id: null })).toThrow(SyntaxError);
  });
});
