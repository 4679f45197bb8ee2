#!/usr/bin/env node
// Browser journey through the real API: an admin writes and publishes a post, then an
// anonymous reader finds it on the home page and reads it with its code highlighted.
//
//   E2E_BASE_URL        the running server (default http://localhost:8080)
//   E2E_ADMIN_EMAIL     an admin account on that server
//   E2E_ADMIN_PASSWORD
//   E2E_HEADED=1        show the browser
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const BASE_URL = (process.env.E2E_BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
const ADMIN_EMAIL = process.env.E2E_ADMIN_EMAIL;
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = 30_000;
const RESULTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'test-results');

if (!ADMIN_EMAIL || !ADMIN_PASSWORD) {
  console.error('e2e: set E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD to an admin account on the server');
  process.exit(2);
}

const pages = new Map(); // name -> page, for screenshots on failure
const browserLog = [];
let currentStep = 'start';

async function step(name, fn) {
  currentStep = name;
  const started = Date.now();
  const result = await fn();
  console.log(`  ok  ${name} (${Date.now() - started} ms)`);
  return result;
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function watch(name, page) {
  pages.set(name, page);
  page.on('pageerror', (err) => browserLog.push(`[${name}] page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') browserLog.push(`[${name}] console error: ${msg.text()}`);
  });
  return page;
}

async function screenshots() {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const saved = [];
  for (const [name, page] of pages) {
    if (page.isClosed()) continue;
    const file = join(RESULTS_DIR, `e2e-failure-${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
      saved.push(`${file} (${page.url()})`);
    } catch {
      // The page may have crashed; the error message says enough.
    }
  }
  return saved;
}

const title = `E2E post ${Date.now()}`;
const markdown = [
  `A post written by the browser journey at ${new Date().toISOString()}.`,
  '',
  '## Some code',
  '',
  '```python',
  'def greet(name: str) -> str:',
  '    return f"Hello, {name}!"',
  '',
  'print(greet("Lectern"))',
  '```',
  '',
  'That is all.',
].join('\n');

console.log(`e2e: ${BASE_URL} (chromium: ${CHROMIUM})`);

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: process.env.E2E_HEADED !== '1',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

let failed = false;
try {
  // --- The admin writes and publishes a post ---------------------------------------------
  const adminContext = await browser.newContext({ baseURL: BASE_URL });
  adminContext.setDefaultTimeout(TIMEOUT_MS);
  adminContext.setDefaultNavigationTimeout(TIMEOUT_MS);
  const admin = watch('admin', await adminContext.newPage());

  await step('sign in as the admin', async () => {
    await admin.goto('/login');
    await admin.getByLabel('Email').fill(ADMIN_EMAIL);
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const adminLink = admin.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' });
    const problem = admin.getByRole('alert');
    await adminLink.or(problem).first().waitFor();
    if (await problem.isVisible()) {
      throw new Error(`the sign-in form says: ${(await problem.first().textContent())?.trim()}`);
    }
  });

  await step('open the admin area', async () => {
    await admin.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' }).click();
    await admin.waitForURL(/\/admin\/posts$/);
    await admin.getByRole('heading', { level: 1, name: 'Posts' }).waitFor();
  });

  const slug = await step('write a post with a python code block', async () => {
    await admin.getByRole('link', { name: 'New post' }).click();
    await admin.waitForURL(/\/admin\/posts\/new$/);
    await admin.getByLabel('Title').fill(title);
    await admin.getByLabel('Summary').fill('Written by the end-to-end test.');
    await admin.getByLabel('Tags').fill('e2e, Python');
    await admin.getByLabel('Markdown').fill(markdown);
    // The live preview comes from the server and is highlighted like the real page.
    await admin.getByRole('region', { name: 'Preview' }).locator('pre code.hljs').waitFor();
    await admin.getByRole('button', { name: 'Publish now' }).click();
    await admin.getByRole('status').filter({ hasText: 'Published.' }).waitFor();
    await admin.waitForURL(/\/admin\/posts\/[0-9a-f-]{36}$/);
    const value = await admin.getByLabel('Slug').inputValue();
    expect(/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value), `the saved post has no usable slug (got "${value}")`);
    return value;
  });

  await step('reload the editor and stay signed in', async () => {
    const editorUrl = admin.url();
    await admin.reload();
    // The access token lived in memory only: the refresh cookie must bring the session back.
    await admin.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Admin' }).waitFor();
    expect(admin.url() === editorUrl, `after a reload the admin landed on ${admin.url()}, not ${editorUrl}`);
    const deadline = Date.now() + TIMEOUT_MS;
    while ((await admin.getByLabel('Title').inputValue()) !== title) {
      expect(Date.now() < deadline, 'the editor did not load the post again after the reload');
      await admin.waitForTimeout(100);
    }
  });

  // --- An anonymous reader finds and reads it --------------------------------------------
  const readerContext = await browser.newContext({ baseURL: BASE_URL });
  readerContext.setDefaultTimeout(TIMEOUT_MS);
  readerContext.setDefaultNavigationTimeout(TIMEOUT_MS);
  const reader = watch('reader', await readerContext.newPage());
  const readerAuthCalls = [];
  reader.on('request', (req) => {
    if (new URL(req.url()).pathname.startsWith('/api/v1/auth/')) readerAuthCalls.push(req.url());
  });

  await step('find the new post first on the home page', async () => {
    await reader.goto('/');
    const first = reader.locator('.post-list .post-card-title a').first();
    await first.waitFor();
    const firstTitle = (await first.textContent())?.trim();
    expect(firstTitle === title, `the newest post on the home page is "${firstTitle}", expected "${title}"`);
  });

  await step('open it and see the post', async () => {
    await reader.getByRole('link', { name: title, exact: true }).click();
    await reader.waitForURL((url) => url.pathname === `/posts/${slug}`);
    await reader.getByRole('heading', { level: 1, name: title }).waitFor({ state: 'visible' });
  });

  await step('see the code block highlighted', async () => {
    const code = reader.locator('article pre code.hljs');
    await code.first().waitFor();
    const text = await code.first().textContent();
    expect(text?.includes('def greet'), 'the highlighted block does not contain the python code');
    const tokens = await code.first().locator('[class^="hljs-"]').count();
    expect(tokens > 0, 'the code block has the hljs class but no highlighted tokens');
    const documentTitle = await reader.title();
    expect(documentTitle.startsWith(title), `the page title is "${documentTitle}", expected it to start with "${title}"`);
  });

  await step('an anonymous visit makes no auth calls', async () => {
    expect(readerAuthCalls.length === 0, `the anonymous reader called ${readerAuthCalls.join(', ')}`);
  });

  console.log('e2e: passed');
} catch (error) {
  failed = true;
  console.error(`\ne2e FAILED at step "${currentStep}": ${error instanceof Error ? error.message : error}`);
  for (const line of browserLog) console.error(`  ${line}`);
  const saved = await screenshots();
  for (const file of saved) console.error(`  screenshot: ${file}`);
} finally {
  await browser.close();
}

process.exit(failed ? 1 : 0);
