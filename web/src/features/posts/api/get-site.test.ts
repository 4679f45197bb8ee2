import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { PYODIDE_VERSION as BUILT_VERSION } from '../../../../scripts/pyodide-assets';

import { DEFAULT_PYODIDE_SETTINGS, getPyodideSettings, PYODIDE_VERSION } from './get-site';

const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;

describe('getPyodideSettings', () => {
  it('reads the pyodide settings of GET /api/v1/site', async () => {
    const settings = await getPyodideSettings(
      answer(200, { pyodide: { index_url: '/pyodide/314.0.8', packages_url: 'https://pkgs.example/', cross_origin_isolated: true } }),
    );
    expect(settings).toEqual({ index_url: '/pyodide/314.0.8/', packages_url: 'https://pkgs.example/', cross_origin_isolated: true });
  });

  it('falls back to same-origin Pyodide without packages', async () => {
    expect(await getPyodideSettings(answer(404, {}))).toEqual(DEFAULT_PYODIDE_SETTINGS);
    expect(await getPyodideSettings(answer(200, { pyodide: { packages_url: null } }))).toEqual(DEFAULT_PYODIDE_SETTINGS);
    const offline = (async () => {
      throw new TypeError('network');
    }) as typeof fetch;
    expect(await getPyodideSettings(offline)).toEqual(DEFAULT_PYODIDE_SETTINGS);
  });

  it('serves the Pyodide version that is installed and built', () => {
    const installed = JSON.parse(readFileSync('node_modules/pyodide/package.json', 'utf8')) as { version: string };
    expect(PYODIDE_VERSION).toBe(installed.version);
    expect(BUILT_VERSION).toBe(installed.version);
    expect(DEFAULT_PYODIDE_SETTINGS.index_url).toBe(`/pyodide/${PYODIDE_VERSION}/`);
  });
});
