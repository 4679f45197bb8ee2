import { describe, expect, it } from 'vitest';

import { createOnceGate } from './use-run-once';

describe('createOnceGate', () => {
  it('lets a key through once, however often the effect re-runs (StrictMode mounts twice)', () => {
    const pass = createOnceGate();
    const sent: string[] = [];
    // Mount, StrictMode's simulated remount, then re-renders with a fresh callback.
    for (let i = 0; i < 4; i += 1) if (pass('tok-1')) sent.push('tok-1');
    expect(sent).toEqual(['tok-1']);
  });

  it('runs again for a different key, and never for no key', () => {
    const pass = createOnceGate();
    expect(pass(null)).toBe(false);
    expect(pass('a')).toBe(true);
    expect(pass('a')).toBe(false);
    expect(pass('b')).toBe(true);
    expect(pass(null)).toBe(false);
    expect(pass('b')).toBe(false);
  });

  it('keeps separate gates apart', () => {
    const first = createOnceGate();
    const second = createOnceGate();
    expect(first('a')).toBe(true);
    expect(second('a')).toBe(true);
  });
});
