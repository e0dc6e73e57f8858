// axe-core (from npm) run inside a page that playwright has open: the accessibility rules
// every new screen must pass. The script is evaluated through the browser's debugging
// protocol, which the page's Content-Security-Policy does not govern, so the page is checked
// exactly as it is served.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// The violations axe finds in the page (WCAG 2.1 A and AA, and best practices), each as
// "rule: target (summary)" lines, so a failing assertion says what to fix.
export async function axeViolations(page) {
  await page.evaluate(source);
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n')[1]?.trim() ?? ''})`) }));
  });
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n}`));
}
