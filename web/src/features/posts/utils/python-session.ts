import { DEFAULT_PYODIDE_SETTINGS, type PyodideSettings } from '../api/get-site';

import { cellFilename } from './python-cells';
import {
  eventFromWorker,
  isFromWorker,
  RESTARTED_MESSAGE,
  type CellEvent,
  type FromWorker,
  type RunOutcome,
  type ToWorker,
} from './python-protocol';

/** A cell the session can run: hidden ones are the page's setup code. */
export interface SessionCell {
  index: number;
  hidden: boolean;
  /** The code to run now (a reader's edit included). */
  code: () => string;
  /** Receives this cell's events; hidden cells report through the cell that ran them. */
  listener?: (event: CellEvent) => void;
}

interface Job {
  cell: SessionCell;
  /** The visible cell whose output shows this job (itself, or the one a setup ran for). */
  reportTo: SessionCell;
}

export interface PythonSessionOptions {
  settings?: () => Promise<PyodideSettings>;
  createWorker?: () => Worker;
  /** A run longer than this is stopped (a `while True: pass`). */
  timeoutMs?: number;
  /** Whether Stop can interrupt Python instead of restarting it. */
  isolated?: boolean;
}

const defaultWorker = () =>
  new Worker(new URL('../workers/python.worker.ts', import.meta.url), { type: 'module', name: 'python' });

/**
 * One interpreter shared by all the cells of a page, run one cell at a time in order. The
 * worker starts on the first run. Stop interrupts the running cell (KeyboardInterrupt)
 * when the page is cross-origin isolated; otherwise it ends the worker, and the next run
 * starts a fresh Python.
 */
export class PythonSession {
  private readonly cells = new Map<number, SessionCell>();
  private readonly options: Required<PythonSessionOptions>;
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private interrupt: Int32Array | null = null;
  private setupDone = false;
  private queue: Job[] = [];
  private current: { job: Job; id: number; finish: (outcome: RunOutcome | null) => void } | null = null;
  private nextId = 1;
  private draining = false;
  private failStart: ((message: string) => void) | null = null;

  constructor(options: PythonSessionOptions = {}) {
    this.options = {
      settings: options.settings ?? (() => Promise.resolve(DEFAULT_PYODIDE_SETTINGS)),
      createWorker: options.createWorker ?? defaultWorker,
      timeoutMs: options.timeoutMs ?? 30_000,
      isolated: options.isolated ?? globalThis.crossOriginIsolated === true,
    };
  }

  /** Adds or replaces a cell; returns the function that removes it. */
  register(cell: SessionCell): () => void {
    this.cells.set(cell.index, cell);
    return () => {
      if (this.cells.get(cell.index) === cell) this.cells.delete(cell.index);
    };
  }

  get busy(): boolean {
    return this.current !== null || this.queue.length > 0;
  }

  /** Queues the given visible cells (in this order), after the setup code if it has not run. */
  run(indexes: number[]): void {
    const targets = indexes.map((i) => this.cells.get(i)).filter((c): c is SessionCell => !!c && !c.hidden);
    const first = targets[0];
    if (!first) return;
    const queuedSetup = this.queue.some((job) => job.cell.hidden);
    if (!this.setupDone && !queuedSetup && !this.current?.job.cell.hidden) {
      const hidden = [...this.cells.values()].filter((c) => c.hidden).sort((a, b) => a.index - b.index);
      for (const cell of hidden) this.queue.push({ cell, reportTo: first });
    }
    for (const cell of targets) {
      this.queue = this.queue.filter((job) => job.cell !== cell);
      this.queue.push({ cell, reportTo: cell });
      cell.listener?.({ type: 'queued' });
    }
    void this.drain();
  }

  /** Every visible cell before `index`, then that one. */
  runAllAbove(index: number): void {
    const indexes = [...this.cells.values()]
      .filter((c) => !c.hidden && c.index <= index)
      .map((c) => c.index)
      .sort((a, b) => a - b);
    this.run(indexes);
  }

  /** Stops the running cell and drops the queued ones. */
  stop(message = 'Stopped.'): void {
    this.dropQueue();
    if (!this.current && !this.failStart) return;
    if (this.current && this.interrupt && this.worker && this.ready === null) {
      // Python sees KeyboardInterrupt at its next check (a few ms); the run then ends normally.
      Atomics.store(this.interrupt, 0, 2);
      return;
    }
    this.restart(`${message} ${RESTARTED_MESSAGE}`);
  }

  dispose(): void {
    this.dropQueue();
    this.worker?.terminate();
    this.worker = null;
  }

  private dropQueue(): void {
    for (const job of this.queue) if (!job.cell.hidden) job.cell.listener?.({ type: 'clear' });
    this.queue = [];
  }

  /** Ends the worker: the interpreter and everything the cells defined are gone. */
  private restart(message: string): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.interrupt = null;
    this.setupDone = false;
    const current = this.current;
    this.current = null;
    if (current) {
      current.job.reportTo.listener?.({ type: 'stopped', message });
      current.finish(null);
    }
    const failStart = this.failStart;
    this.failStart = null;
    failStart?.(message);
  }

  private ensureWorker(reportTo: SessionCell): Promise<void> {
    if (this.worker && this.ready === null) return Promise.resolve();
    if (this.ready) return this.ready;
    reportTo.listener?.({ type: 'starting' });
    const worker = this.options.createWorker();
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      this.failStart = (message) => reject(new Error(message));
      worker.onmessage = (event: MessageEvent<unknown>) => {
        if (!isFromWorker(event.data)) return;
        const message = event.data;
        if (message.type === 'ready') {
          this.failStart = null;
          resolve();
        } else if (message.type === 'init-failed') {
          this.failStart = null;
          reject(new Error(`Python could not start: ${message.message}`));
        } else {
          this.onWorkerMessage(message);
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        this.failStart = null;
        reject(new Error(`Python could not start: ${event.message || 'the worker failed to load'}`));
      };
      void this.options.settings().then((settings) => {
        const shared = this.options.isolated && typeof SharedArrayBuffer !== 'undefined';
        const buffer = shared ? new SharedArrayBuffer(4) : null;
        this.interrupt = buffer ? new Int32Array(buffer) : null;
        const init: ToWorker = {
          type: 'init',
          indexURL: settings.index_url,
          packagesURL: settings.packages_url ?? null,
          interruptBuffer: buffer,
        };
        worker.postMessage(init);
      });
    }).then(
      () => {
        if (this.worker === worker) this.ready = null;
      },
      (error: unknown) => {
        if (this.worker === worker) {
          worker.terminate();
          this.worker = null;
          this.ready = null;
        }
        throw error;
      },
    );
    return this.ready;
  }

  private onWorkerMessage(message: FromWorker): void {
    const routed = eventFromWorker(message);
    const current = this.current;
    if (!routed || !current || routed.id !== current.id) return;
    if (routed.event.type === 'done') {
      current.finish(routed.event.outcome);
      return;
    }
    current.job.reportTo.listener?.(routed.event);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const job = this.queue.shift() as Job;
        const ok = await this.runJob(job);
        if (!ok) this.dropQueue();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Runs one job; false when the rest of the queue should be dropped (it failed). */
  private async runJob(job: Job): Promise<boolean> {
    const report = job.reportTo.listener;
    try {
      await this.ensureWorker(job.reportTo);
    } catch (error) {
      report?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      return false;
    }
    if (!this.worker) return false;
    const id = this.nextId++;
    if (!job.cell.hidden) report?.({ type: 'running' });
    if (this.interrupt) Atomics.store(this.interrupt, 0, 0);
    const outcome = await new Promise<RunOutcome | null>((resolve) => {
      const timer = setTimeout(
        () => this.stop(`Stopped after ${Math.round(this.options.timeoutMs / 1000)} s.`),
        this.options.timeoutMs,
      );
      this.current = {
        job,
        id,
        finish: (result) => {
          clearTimeout(timer);
          this.current = null;
          resolve(result);
        },
      };
      const run: ToWorker = { type: 'run', id, code: job.cell.code(), filename: cellFilename(job.cell.index) };
      this.worker?.postMessage(run);
    });
    // Stopped by a restart: already reported, and stop() dropped the queue then (runs queued
    // since are the reader's next ones).
    if (outcome === null) return true;
    if (job.cell.hidden) {
      if (outcome.kind === 'ok') {
        if (!this.queue.some((next) => next.cell.hidden)) this.setupDone = true;
        return true;
      }
      report?.({ type: 'done', outcome });
      return false;
    }
    report?.({ type: 'done', outcome });
    return outcome.kind === 'ok';
  }
}
