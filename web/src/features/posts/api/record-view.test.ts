import { describe, expect, it } from 'vitest';

import { createViewRecorder } from './record-view';

describe('createViewRecorder', () => {
  it('sends the referrer with the first view only, and each post view once', () => {
    const sent: unknown[] = [];
    let clock = 0;
    const record = createViewRecorder((body) => sent.push(body), () => clock);

    record('first-post', 'https://news.ycombinator.com/item?id=1');
    record('first-post', 'https://news.ycombinator.com/item?id=1');
    clock += 5_000;
    record('second-post', 'https://news.ycombinator.com/item?id=1');
    record('first-post', '');

    expect(sent).toEqual([
      { slug: 'first-post', referrer: 'https://news.ycombinator.com/item?id=1' },
      { slug: 'second-post' },
      { slug: 'first-post' },
    ]);
  });

  it('leaves out an empty referrer and cuts a long one to what the API takes', () => {
    const sent: { referrer?: string | null }[] = [];
    createViewRecorder((body) => sent.push(body))('a-post', '');
    createViewRecorder((body) => sent.push(body))('a-post', `https://example.com/${'x'.repeat(3000)}`);
    expect(sent[0]).toEqual({ slug: 'a-post' });
    expect(sent[1]?.referrer).toHaveLength(2048);
  });
});
