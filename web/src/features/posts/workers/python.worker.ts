/// <reference lib="webworker" />
// Runs the post's Python cells with Pyodide, off the main thread. Pyodide itself is not
// bundled: it is imported at run time from the site's own /pyodide/<version>/.
import type { PyodideInterface } from 'pyodide';
import type { PyProxy } from 'pyodide/ffi';

import {
  createOutputBatcher,
  unavailableMessage,
  type FromWorker,
  type RunOutcome,
  type ToWorker,
} from '../utils/python-protocol';

declare const self: DedicatedWorkerGlobalScope;

// Helpers kept out of the reader's namespace, which is a plain dict shared by all cells.
const HELPERS = `
import importlib.util, linecache, traceback
from pyodide.code import eval_code_async, find_imports

namespace = {"__name__": "__main__"}

def missing_imports(code):
    try:
        names = find_imports(code)
    except SyntaxError:
        return []  # the run reports it, with the cell's line
    return [n for n in names if importlib.util.find_spec(n) is None]

async def run(code, filename):
    # Tracebacks then show the cell's source lines, as they do for a file.
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    try:
        value = await eval_code_async(code, namespace, filename=filename)
        return [True, None if value is None else repr(value)]
    except BaseException as e:  # KeyboardInterrupt and SystemExit end the cell, not Python
        # The cell runs as a coroutine (for top-level await), which turns an escaping
        # StopIteration into RuntimeError (PEP 479); the reader's code raised the former.
        if isinstance(e, RuntimeError) and isinstance(e.__cause__, StopIteration) and str(e) == "coroutine raised StopIteration":
            e = e.__cause__
            e.__suppress_context__ = True
        return [False, "".join(traceback.format_exception(e))]
`;

interface Runtime {
  pyodide: PyodideInterface;
  run: PyProxy & ((code: string, filename: string) => Promise<PyProxy>);
  missingImports: PyProxy & ((code: string) => PyProxy);
  packagesURL: string | null;
  /** Import name -> Pyodide package name, from the lock file. */
  packageOf: Map<string, string>;
}

let runtime: Promise<Runtime> | null = null;
let currentId = -1;

const post = (message: FromWorker) => self.postMessage(message);

const batcher = createOutputBatcher((stream, text) => post({ type: 'output', id: currentId, stream, text }));

async function start(init: Extract<ToWorker, { type: 'init' }>): Promise<Runtime> {
  const url = `${init.indexURL}pyodide.mjs`;
  const { loadPyodide } = (await import(/* @vite-ignore */ url)) as typeof import('pyodide');
  const pyodide = await loadPyodide({
    indexURL: init.indexURL,
    // Always set: without it Pyodide falls back to its CDN for packages.
    packageBaseUrl: init.packagesURL ?? init.indexURL,
    stdout: () => undefined,
    stderr: () => undefined,
  });
  const decoder = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  for (const stream of ['stdout', 'stderr'] as const) {
    const options = {
      write: (bytes: Uint8Array) => {
        batcher.write(stream, decoder[stream].decode(bytes, { stream: true }));
        return bytes.length;
      },
    };
    if (stream === 'stdout') pyodide.setStdout(options);
    else pyodide.setStderr(options);
  }
  if (init.interruptBuffer) pyodide.setInterruptBuffer(new Int32Array(init.interruptBuffer));
  const helpers = pyodide.globals.get('dict')() as PyProxy & { get(name: string): unknown };
  pyodide.runPython(HELPERS, { globals: helpers });
  const packageOf = new Map<string, string>();
  for (const [name, info] of Object.entries(pyodide.lockfile.packages)) {
    for (const imported of info.imports ?? []) packageOf.set(imported, name);
  }
  return {
    pyodide,
    run: helpers.get('run') as Runtime['run'],
    missingImports: helpers.get('missing_imports') as Runtime['missingImports'],
    packagesURL: init.packagesURL,
    packageOf,
  };
}

function missing(rt: Runtime, code: string): string[] {
  const proxy = rt.missingImports(code);
  try {
    return proxy.toJs() as string[];
  } finally {
    proxy.destroy();
  }
}

/** Loads the packages a cell imports; null when all are there, else what to tell the reader. */
async function loadPackages(rt: Runtime, id: number, code: string): Promise<string | null> {
  const needed = missing(rt, code).filter((name) => rt.packageOf.has(name));
  if (needed.length === 0) return null; // an unknown module: Python's ImportError says it
  const packages = needed.map((name) => rt.packageOf.get(name) ?? name);
  if (!rt.packagesURL) return unavailableMessage(packages, 'no package source is configured');
  const errors: string[] = [];
  await rt.pyodide.loadPackagesFromImports(code, {
    messageCallback: (text) => post({ type: 'note', id, text }),
    // Always passed: without it a failed download silently falls back to a CDN.
    errorCallback: (text) => errors.push(text),
  });
  const still = missing(rt, code).filter((name) => rt.packageOf.has(name));
  if (still.length === 0) return null;
  const reason = errors.length > 0 ? errors.join('; ') : `could not load it from ${rt.packagesURL}`;
  return unavailableMessage(
    still.map((name) => rt.packageOf.get(name) ?? name),
    reason,
  );
}

async function run(message: Extract<ToWorker, { type: 'run' }>): Promise<void> {
  currentId = message.id;
  let outcome: RunOutcome;
  try {
    if (!runtime) throw new Error('Python is not started');
    const rt = await runtime;
    const problem = await loadPackages(rt, message.id, message.code);
    if (problem) {
      outcome = { kind: 'unavailable', message: problem };
    } else {
      const result = await rt.run(message.code, message.filename);
      try {
        const [ok, text] = result.toJs() as [boolean, string | null];
        outcome = ok ? { kind: 'ok', value: text } : { kind: 'exception', traceback: text ?? '' };
      } finally {
        result.destroy();
      }
    }
  } catch (error) {
    outcome = { kind: 'unavailable', message: error instanceof Error ? error.message : String(error) };
  }
  batcher.flush();
  post({ type: 'done', id: message.id, outcome });
}

// Runs arrive one at a time (the page waits for "done"), but keep them ordered regardless.
let queue: Promise<void> = Promise.resolve();

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'init') {
    runtime = start(message);
    runtime.then(
      () => post({ type: 'ready' }),
      (error: unknown) => post({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) }),
    );
  } else if (message.type === 'run') {
    queue = queue.then(() => run(message));
  }
};
