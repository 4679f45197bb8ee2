import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

import type { Plugin } from 'vite';

/** The Pyodide release the site serves; `package.json` pins the npm package to exactly this. */
export const PYODIDE_VERSION = '314.0.8';

/** The core files `loadPyodide` fetches; everything else comes from the package source. */
const CORE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'];
/** Files big enough to be worth a precompressed `.br` and `.gz` beside them. */
const COMPRESSED = new Set(['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']);

const TYPES: Record<string, string> = {
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json',
};

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

function pyodideDir(root: string): string {
  const require = createRequire(join(root, 'package.json'));
  const dir = dirname(require.resolve('pyodide/package.json'));
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  if (version !== PYODIDE_VERSION) {
    throw new Error(`pyodide ${version} is installed, but the site serves ${PYODIDE_VERSION}: run npm ci`);
  }
  return dir;
}

/**
 * Compresses `src` into `dest`, reusing an earlier result from `cacheDir` (brotli at its
 * best quality takes a while on 9.6 MB of wasm, and the input only changes with the version).
 */
async function compressed(src: string, name: string, ext: 'br' | 'gz', cacheDir: string): Promise<Buffer> {
  const cached = join(cacheDir, `${name}.${ext}`);
  if (existsSync(cached) && statSync(cached).mtimeMs >= statSync(src).mtimeMs) return readFile(cached);
  const input = await readFile(src);
  const output =
    ext === 'br'
      ? await brotli(input, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 11,
            [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
          },
        })
      : await gz(input, { level: 9 });
  mkdirSync(cacheDir, { recursive: true });
  await writeFile(cached, output);
  return output;
}

/**
 * Serves Pyodide from the site's own origin under `/pyodide/<version>/`: `vite build` writes
 * the core files (plus `.br` and `.gz` of the big ones) into `dist/pyodide/<version>/`, and
 * the dev server answers that path straight from `node_modules/pyodide`. No CDN involved.
 */
export function pyodideAssets(): Plugin {
  let root = process.cwd();
  let outDir = 'dist';
  const prefix = `/pyodide/${PYODIDE_VERSION}/`;
  return {
    name: 'lectern-pyodide-assets',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        const name = path.startsWith(prefix) ? path.slice(prefix.length) : '';
        if (!CORE_FILES.includes(name)) return next();
        const file = join(pyodideDir(root), name);
        res.setHeader('Content-Type', TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream');
        createReadStream(file).pipe(res);
      });
    },
    async writeBundle() {
      const src = pyodideDir(root);
      const dest = join(outDir, 'pyodide', PYODIDE_VERSION);
      const cacheDir = join(root, 'node_modules', '.cache', 'lectern-pyodide', PYODIDE_VERSION);
      mkdirSync(dest, { recursive: true });
      await Promise.all(
        CORE_FILES.map(async (name) => {
          await copyFile(join(src, name), join(dest, name));
          if (!COMPRESSED.has(name)) return;
          for (const ext of ['br', 'gz'] as const) {
            await writeFile(join(dest, `${name}.${ext}`), await compressed(join(src, name), name, ext, cacheDir));
          }
        }),
      );
    },
  };
}
