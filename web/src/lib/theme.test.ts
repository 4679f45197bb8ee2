import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import {
  applyTheme,
  createThemeStore,
  DARK_SCHEME_QUERY,
  readStoredTheme,
  resolveTheme,
  storeTheme,
  THEME_PREFERENCES,
  THEME_STORAGE_KEY,
  type ThemeEnvironment,
  type ThemeStorage,
} from './theme';

function memoryStorage(initial: Record<string, string> = {}): ThemeStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => (key in data ? data[key]! : null),
    setItem: (key, value) => {
      data[key] = String(value);
    },
  };
}

const brokenStorage: ThemeStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

function fakeRoot() {
  const attributes: Record<string, string> = {};
  return {
    attributes,
    setAttribute: (name: string, value: string) => {
      attributes[name] = value;
    },
  };
}

/** A `prefers-color-scheme: dark` query whose answer the test flips, as the OS would. */
function fakeMedia(matches: boolean) {
  const listeners = new Set<() => void>();
  return {
    matches,
    listenerCount: () => listeners.size,
    addEventListener: (_type: string, listener: () => void) => void listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => void listeners.delete(listener),
    set(next: boolean) {
      this.matches = next;
      for (const listener of listeners) listener();
    },
  };
}

function environment(stored: string | null, prefersDark: boolean) {
  const storage = memoryStorage(stored === null ? {} : { [THEME_STORAGE_KEY]: stored });
  const media = fakeMedia(prefersDark);
  const root = fakeRoot();
  const env: ThemeEnvironment = { storage, media: media as unknown as ThemeEnvironment['media'], root };
  return { env, storage, media, root };
}

describe('resolveTheme', () => {
  it('follows the device for system, and keeps an explicit choice whatever the device says', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });
});

describe('readStoredTheme and storeTheme', () => {
  it('reads back what was stored', () => {
    const storage = memoryStorage();
    for (const preference of THEME_PREFERENCES) {
      storeTheme(storage, preference);
      expect(storage.data[THEME_STORAGE_KEY]).toBe(preference);
      expect(readStoredTheme(storage)).toBe(preference);
    }
  });

  it('falls back to system for nothing stored, a value it does not know, or no storage', () => {
    expect(readStoredTheme(memoryStorage())).toBe('system');
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'sepia' }))).toBe('system');
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'DARK' }))).toBe('system');
    expect(readStoredTheme(null)).toBe('system');
  });

  it('survives a storage that throws', () => {
    expect(readStoredTheme(brokenStorage)).toBe('system');
    expect(() => storeTheme(brokenStorage, 'dark')).not.toThrow();
  });
});

describe('applyTheme', () => {
  it('sets data-theme on the root element', () => {
    const root = fakeRoot();
    applyTheme(root, 'dark');
    expect(root.attributes['data-theme']).toBe('dark');
    applyTheme(root, 'light');
    expect(root.attributes['data-theme']).toBe('light');
  });
});

describe('createThemeStore', () => {
  it('applies the stored choice as soon as it is created', () => {
    const { env, root } = environment('dark', false);
    const store = createThemeStore(env);
    expect(store.getPreference()).toBe('dark');
    expect(root.attributes['data-theme']).toBe('dark');
  });

  it("with nothing stored follows the device's scheme", () => {
    const { env, root } = environment(null, true);
    const store = createThemeStore(env);
    expect(store.getPreference()).toBe('system');
    expect(root.attributes['data-theme']).toBe('dark');
  });

  it('follows the device live while the choice is system, and not once it is explicit', () => {
    const { env, media, root } = environment('system', false);
    const store = createThemeStore(env);
    expect(root.attributes['data-theme']).toBe('light');
    media.set(true);
    expect(root.attributes['data-theme']).toBe('dark');
    media.set(false);
    expect(root.attributes['data-theme']).toBe('light');

    store.setPreference('dark');
    media.set(true);
    media.set(false);
    expect(root.attributes['data-theme']).toBe('dark');

    store.setPreference('system');
    expect(root.attributes['data-theme']).toBe('light');
    media.set(true);
    expect(root.attributes['data-theme']).toBe('dark');
  });

  it('applies a new choice at once and remembers it for the next visit', () => {
    const { env, storage, root } = environment('light', true);
    const store = createThemeStore(env);
    store.setPreference('dark');
    expect(root.attributes['data-theme']).toBe('dark');
    expect(storage.data[THEME_STORAGE_KEY]).toBe('dark');

    const next = createThemeStore({ ...env, root: fakeRoot() });
    expect(next.getPreference()).toBe('dark');
  });

  it('stops listening to the device once disposed', () => {
    const { env, media, root } = environment('system', false);
    const store = createThemeStore(env);
    expect(media.listenerCount()).toBe(1);
    store.dispose();
    expect(media.listenerCount()).toBe(0);
    media.set(true);
    expect(root.attributes['data-theme']).toBe('light');
  });

  it('works without a browser: the choice is kept in memory only', () => {
    const store = createThemeStore(null);
    expect(store.getPreference()).toBe('system');
    store.setPreference('light');
    expect(store.getPreference()).toBe('light');
  });
});

describe('public/theme-boot.js', () => {
  const script = readFileSync(new URL('../../public/theme-boot.js', import.meta.url), 'utf8');

  /** Runs the boot script as the browser does, before the app, and returns what it set. */
  function boot(stored: string | null, prefersDark: boolean, options: { storageThrows?: boolean } = {}) {
    const root = fakeRoot();
    const queries: string[] = [];
    const window = {
      localStorage: options.storageThrows ? brokenStorage : memoryStorage(stored === null ? {} : { [THEME_STORAGE_KEY]: stored }),
      matchMedia: (query: string) => {
        queries.push(query);
        return { matches: prefersDark };
      },
    };
    runInNewContext(script, { window, document: { documentElement: root } });
    return { theme: root.attributes['data-theme'], queries };
  }

  it('applies the same scheme the app would, for every stored value and device setting', () => {
    for (const stored of [null, 'system', 'light', 'dark', 'sepia']) {
      for (const prefersDark of [false, true]) {
        const expected = resolveTheme(readStoredTheme(memoryStorage(stored === null ? {} : { [THEME_STORAGE_KEY]: stored })), prefersDark);
        expect(boot(stored, prefersDark).theme, `stored ${stored}, device dark: ${prefersDark}`).toBe(expected);
      }
    }
  });

  it('asks the same media query as the app, and follows the device when storage is blocked', () => {
    const { theme, queries } = boot(null, true, { storageThrows: true });
    expect(theme).toBe('dark');
    expect(queries).toEqual([DARK_SCHEME_QUERY]);
  });
});
