// Debian's Chromium driven by playwright-core: headless, no sandbox (tests run as root in CI),
// no background networking (the machine has no network beyond loopback), a fresh profile.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// javaScript: false is a reader whose browser runs no scripts.
export async function launch(viewport = { width: 1280, height: 900 }, { javaScript = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'sahifa-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport,
    javaScriptEnabled: javaScript,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    context,
    page: context.pages()[0] ?? (await context.newPage()),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
