import { describe, expect, it } from 'vitest';

import { cellStorageKey, clearCellCode, loadCellCode, saveCellCode } from './cell-storage';

function memoryStore() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

describe('cell storage', () => {
  it("keeps a reader's edit per post and cell", () => {
    const store = memoryStore();
    saveCellCode('post-a', 1, 'print(1)', 'print(2)', store);
    expect(loadCellCode('post-a', 1, 'print(1)', store)).toBe('print(2)');
    expect(loadCellCode('post-a', 0, 'print(0)', store)).toBe('print(0)');
    expect(loadCellCode('post-b', 1, 'print(1)', store)).toBe('print(1)');
    expect([...store.items.keys()]).toEqual([cellStorageKey('post-a', 1)]);
  });

  it('stores nothing when the code is back to the original', () => {
    const store = memoryStore();
    saveCellCode('p', 0, 'x = 1', 'x = 2', store);
    saveCellCode('p', 0, 'x = 1', 'x = 1', store);
    expect(store.items.size).toBe(0);
  });

  it('resets to the original', () => {
    const store = memoryStore();
    saveCellCode('p', 0, 'x = 1', 'x = 2', store);
    clearCellCode('p', 0, store);
    expect(loadCellCode('p', 0, 'x = 1', store)).toBe('x = 1');
  });

  it('drops an edit of code the author has since changed', () => {
    const store = memoryStore();
    saveCellCode('p', 0, 'x = 1', 'x = 2', store);
    expect(loadCellCode('p', 0, 'x = 10', store)).toBe('x = 10');
  });

  it('survives broken or missing storage', () => {
    const store = memoryStore();
    store.items.set(cellStorageKey('p', 0), '{not json');
    expect(loadCellCode('p', 0, 'x', store)).toBe('x');
    expect(loadCellCode('p', 0, 'x', null)).toBe('x');
    const full = { ...memoryStore(), setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(() => saveCellCode('p', 0, 'x', 'y', full)).not.toThrow();
  });
});
