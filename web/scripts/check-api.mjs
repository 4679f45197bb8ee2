#!/usr/bin/env node
// Fails when src/api/schema.d.ts no longer matches what openapi-typescript generates from
// ../openapi/openapi.json (the same command as `npm run gen:api`, into a temporary file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(web, '../openapi/openapi.json');
const committed = resolve(web, 'src/api/schema.d.ts');
const bin = resolve(web, 'node_modules/openapi-typescript/bin/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'lectern-schema-'));
const fresh = join(dir, 'schema.d.ts');

try {
  const run = spawnSync(process.execPath, [bin, spec, '-o', fresh], { cwd: web, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error(`check:api: openapi-typescript failed on ${spec}`);
    process.exit(2);
  }

  let current;
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    console.error('web/src/api/schema.d.ts is missing: run make client');
    process.exit(1);
  }

  if (current !== readFileSync(fresh, 'utf8')) {
    console.error('web/src/api/schema.d.ts is stale: run make client');
    process.exit(1);
  }
  console.log('web/src/api/schema.d.ts matches openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
