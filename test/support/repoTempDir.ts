import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

/** The repository's root, whose package.json names `passport-sms-otp`. */
export const repoRoot = path.join(__dirname, '..', '..');

/**
 * A fresh directory inside the repository (`.tmp-<name>-*`, git- and lint-ignored), so code written
 * there imports `passport-sms-otp` as a user would: Node and TypeScript resolve a package's own
 * name, through its `exports`, from anywhere inside it, which means the built `dist/`.
 */
export function repoTempDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(repoRoot, `.tmp-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
