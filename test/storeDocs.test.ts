// Issue 17: the store page's node:test example runs as printed, against the built package.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runNodeTest } from './support/nodeTestRun';
import { repoRoot } from './support/repoTempDir';

const STORE_PAGE = path.join(repoRoot, 'docs', 'reference', 'store.md');

/** The code block that follows `<!-- docs-test: <name> -->` in the store page. */
function snippet(name: string): string {
  const match = new RegExp(`<!-- docs-test: ${name} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(readFileSync(STORE_PAGE, 'utf8'));
  if (!match) throw new Error(`${STORE_PAGE} has no snippet marked <!-- docs-test: ${name} -->`);
  return match[1];
}

describe('docs/reference/store.md', () => {
  it('runs the contract for a store under node:test as its example shows', () => {
    const result = runNodeTest(snippet('store-contract-node-test'));
    expect(result).toMatchObject({ failed: 0, exitCode: 0 });
    expect(result.passed).toBeGreaterThan(25);
  });
});
