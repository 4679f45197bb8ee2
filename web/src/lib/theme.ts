/**
 * The colour theme: the reader's choice (`system`, `light` or `dark`), remembered in
 * localStorage, and the scheme it stands for, set as `data-theme` on <html> for the CSS.
 * `system` follows the device's `prefers-color-scheme`, also when it changes later.
 *
 * public/theme-boot.js applies the remembered choice before the first paint; keep its key
 * and rules in step with these.
 */
import type { components } from '@/api/schema';

export type ThemePreference = components['schemas']['Theme'];
export type ResolvedTheme = 'light' | 'dark';

export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark'];
export const THEME_STORAGE_KEY = 'lectern-theme';
export const DARK_SCHEME_QUERY = '(prefers-color-scheme: dark)';

export function isThemePreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (THEME_PREFERENCES as readonly string[]).includes(value);
}

/** The scheme a choice stands for, given whether the device prefers dark. */
export function resolveTheme(preference: ThemePreference, prefersDark: boolean): ResolvedTheme {
  if (preference === 'system') return prefersDark ? 'dark' : 'light';
  return preference;
}

export type ThemeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The remembered choice; `system` when there is none, it is unreadable, or storage is off. */
export function readStoredTheme(storage: ThemeStorage | null): ThemePreference {
  try {
    const value = storage?.getItem(THEME_STORAGE_KEY);
    return isThemePreference(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers a choice for the next visit; a full or disabled storage only loses that. */
export function storeTheme(storage: ThemeStorage | null, preference: ThemePreference): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Private browsing or a full quota: the theme still applies to this visit.
  }
}

export type ThemeRoot = Pick<Element, 'setAttribute'>;

/** Sets the scheme on the document's root element, where the CSS picks its palette. */
export function applyTheme(root: ThemeRoot, theme: ResolvedTheme): void {
  root.setAttribute('data-theme', theme);
}

/** The device's dark-scheme media query (what `matchMedia` answers). */
export type DarkSchemeQuery = Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

export interface ThemeEnvironment {
  storage: ThemeStorage | null;
  media: DarkSchemeQuery | null;
  root: ThemeRoot;
}

export interface ThemeStore {
  /** The reader's choice. */
  getPreference(): ThemePreference;
  /** Applies a choice at once and remembers it. */
  setPreference(preference: ThemePreference): void;
  /** Stops following the device's scheme. */
  dispose(): void;
}

/**
 * Reads the remembered choice and applies it, then keeps the document in step: with
 * every new choice, and with the device's scheme while the choice is `system`.
 */
export function createThemeStore(env: ThemeEnvironment | null): ThemeStore {
  let preference = readStoredTheme(env?.storage ?? null);

  const apply = () => {
    if (env) applyTheme(env.root, resolveTheme(preference, env.media?.matches ?? false));
  };
  const onSchemeChange = () => {
    if (preference === 'system') apply();
  };

  apply();
  env?.media?.addEventListener('change', onSchemeChange);

  return {
    getPreference: () => preference,
    setPreference(next) {
      storeTheme(env?.storage ?? null, next);
      preference = next;
      apply();
    },
    dispose() {
      env?.media?.removeEventListener('change', onSchemeChange);
    },
  };
}

/** This page's storage, media query and <html>; null outside a browser. */
export function browserThemeEnvironment(): ThemeEnvironment | null {
  if (typeof window === 'undefined' || typeof document === 'undefined') return null;
  let storage: ThemeStorage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    // Storage blocked by the browser's settings.
  }
  const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_SCHEME_QUERY) : null;
  return { storage, media, root: document.documentElement };
}

/** The app's one theme. */
export const theme = createThemeStore(browserThemeEnvironment());
