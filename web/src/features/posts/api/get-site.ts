import type { components } from '@/api/schema';

/**
 * The site settings the Python cells need, from `GET /api/v1/site`: where the runtime and
 * packages are served, and whether pages are cross-origin isolated.
 */
export type PyodideSettings = components['schemas']['PyodideInfo'];

export const PYODIDE_VERSION = '314.0.8';

/** Used when the server does not say (an older API): same origin, no packages. */
export const DEFAULT_PYODIDE_SETTINGS: PyodideSettings = {
  index_url: `/pyodide/${PYODIDE_VERSION}/`,
  packages_url: null,
  cross_origin_isolated: false,
};

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Reads the Pyodide settings once per page load; any failure means the defaults. */
export async function getPyodideSettings(fetchImpl: typeof fetch = fetch): Promise<PyodideSettings> {
  try {
    const response = await fetchImpl('/api/v1/site', { headers: { Accept: 'application/json' } });
    if (!response.ok) return DEFAULT_PYODIDE_SETTINGS;
    const body = (await response.json()) as Partial<components['schemas']['SiteInfo']>;
    const p = body.pyodide;
    if (!p) return DEFAULT_PYODIDE_SETTINGS;
    return {
      index_url: withSlash(typeof p.index_url === 'string' && p.index_url ? p.index_url : DEFAULT_PYODIDE_SETTINGS.index_url),
      packages_url: typeof p.packages_url === 'string' && p.packages_url ? withSlash(p.packages_url) : null,
      cross_origin_isolated: p.cross_origin_isolated === true,
    };
  } catch {
    return DEFAULT_PYODIDE_SETTINGS;
  }
}
