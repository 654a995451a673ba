import { statSync } from 'node:fs';
import path from 'node:path';
import * as packageRoot from '../lib';
import { anchorsOf, docFiles, githubSlug, linksOf, readDoc, type DocLink } from './support/markdown';
import { repoRoot } from './support/repoTempDir';

/** What is at a path of the repository: a file, a directory, or nothing. */
function kindAt(relative: string): 'file' | 'directory' | undefined {
  try {
    return statSync(path.join(repoRoot, relative)).isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/** Why a link of `file` does not resolve, or `undefined` when it does. External links are checked for form only (no network). */
function problemOf(file: string, link: DocLink, anchorsIn: (doc: string) => Set<string>): string | undefined {
  const { target } = link;
  if (target === '') return 'empty link';
  if (/^\[.*\]$/.test(target)) return `reference ${target} has no definition`;
  if (target.startsWith('//')) return 'protocol-relative URL: write https://';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target)?.[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') return externalProblem(target);
  if (scheme === 'mailto') return /^mailto:[^@\s]+@[^@\s]+\.[^@\s]+$/.test(target) ? undefined : 'malformed mailto: link';
  if (scheme !== undefined) return `unexpected scheme ${scheme}:`;
  if (/\s/.test(target)) return 'a space in a relative link (write %20, or <…>)';

  const hash = target.indexOf('#');
  const pathPart = (hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  if (pathPart.startsWith('/')) return 'absolute path: write a link relative to this file';
  const resolved = pathPart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURIComponent(pathPart)));
  if (resolved.startsWith('../')) return `points outside the repository (${resolved})`;
  const kind = kindAt(resolved);
  if (kind === undefined) return `${resolved} does not exist`;
  if (anchor === undefined) return undefined;
  if (kind === 'directory') return `an #anchor on a directory (${resolved})`;
  if (!resolved.endsWith('.md')) return /^L\d+(-L\d+)?$/.test(anchor) ? undefined : `#${anchor}: only line anchors (#L12) point into ${resolved}`;
  return anchorsIn(resolved).has(anchor) ? undefined : `${resolved} has no heading with the anchor #${anchor}`;
}

function externalProblem(target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return 'malformed URL';
  }
  if (/[\s"<>\\^`{|}]/.test(target)) return 'unencoded characters in the URL';
  const host = url.hostname;
  const known = host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || /^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(host);
  return known ? undefined : `no such host name form: ${host}`;
}

const files = docFiles();
const anchorCache = new Map<string, Set<string>>();
const anchorsIn = (doc: string) => anchorCache.get(doc) ?? anchorCache.set(doc, anchorsOf(readDoc(doc))).get(doc)!;

describe('the links of the README, CONTRIBUTING.md, BENCHMARKS.md and docs/', () => {
  it('finds the docs: the README, CONTRIBUTING.md, BENCHMARKS.md and every page under docs/', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', 'docs/README.md', 'docs/reference/options.md']));
  });

  it.each(files)('%s: every link resolves (files exist, #anchors are headings, URLs are well-formed)', (file) => {
    const links = linksOf(readDoc(file));
    const problems = links.flatMap((link) => {
      const problem = problemOf(file, link, anchorsIn);
      return problem === undefined ? [] : [`${file}:${link.line} ${link.target}: ${problem}`];
    });
    expect(problems).toEqual([]);
  });
});

describe('the docs checker itself', () => {
  it('slugs headings as GitHub does', () => {
    expect(githubSlug('What each verification accepts')).toBe('what-each-verification-accepts');
    expect(githubSlug('changeMobile()')).toBe('changemobile');
    expect(githubSlug('Console (development)')).toBe('console-development');
    expect(githubSlug('A 500 "Option "userId" must be set to a function (user) => string…"')).toBe('a-500-option-userid-must-be-set-to-a-function-user--string');
    expect(githubSlug('send_failed and ü')).toBe('send_failed-and-ü');
  });

  it('gives repeated headings -1, -2, takes code spans as their text, and skips headings in code blocks', () => {
    const anchors = anchorsOf('# Title\n\n## Notes\n\n```md\n## Not a heading\n```\n\n## Notes\n\n## Notes\n\n## The `fromEnv()` *helper*\n');
    expect([...anchors]).toEqual(['title', 'notes', 'notes-1', 'notes-2', 'the-fromenv-helper']);
  });

  it('finds inline, image, auto-, bare and HTML links, and none in code', () => {
    const markdown = [
      'See [the flow](docs/guides/flow.md#step-by-step) and ![a picture](docs/screenshots/inbox.png "Inbox").',
      'At <http://localhost:3000>, or https://example.com/x. Also <a href="CONTRIBUTING.md">this</a>.',
      'Not `[code](nowhere.md)`, and a [broken][nolabel] reference.',
      '```',
      '[in a block](nowhere.md)',
      '```',
    ].join('\n');
    expect(linksOf(markdown).map((link) => `${link.line} ${link.target}`)).toEqual([
      '1 docs/guides/flow.md#step-by-step',
      '1 docs/screenshots/inbox.png',
      '2 http://localhost:3000',
      '2 https://example.com/x',
      '2 CONTRIBUTING.md',
      '3 [nolabel]',
    ]);
  });

  it('refuses a missing file, a missing anchor, and a malformed URL', () => {
    const check = (target: string) => problemOf('README.md', { target, line: 1 }, anchorsIn);
    expect(check('docs/guides/nothing.md')).toMatch(/does not exist/);
    expect(check('docs/guides/flow.md#no-such-heading')).toMatch(/no heading/);
    expect(check('#wiring')).toBeUndefined();
    expect(check('https://exa mple.com')).toMatch(/malformed|unencoded/);
    expect(check('https://localhost:3000/x')).toBeUndefined();
    expect(check('javascript:alert(1)')).toMatch(/scheme/);
  });
});

/** The pages under docs/, and CONTRIBUTING.md, which the index and the one-line purpose rule apply to. */
const pages = files.filter((file) => file.startsWith('docs/') || file === 'CONTRIBUTING.md');

describe('the README', () => {
  it('is read in five minutes: at most 350 lines, the rest under docs/', () => {
    expect(readDoc('README.md').split('\n').length).toBeLessThanOrEqual(350);
  });
});

describe('each doc page', () => {
  it.each(pages)('%s starts with a title and a one-line purpose', (file) => {
    const [title, blank, purpose, after] = readDoc(file).split('\n');
    expect(title).toMatch(/^# \S/);
    expect(blank).toBe('');
    expect(purpose).toMatch(/^[^\s#|>`!<-]/);
    expect(after).toBe('');
  });

  it('is listed in the docs index, docs/README.md', () => {
    const listed = new Set(linksOf(readDoc('docs/README.md')).map((link) => path.posix.normalize(path.posix.join('docs', link.target.replace(/#.*$/, '')))));
    expect(pages.filter((file) => file !== 'docs/README.md' && !listed.has(file))).toEqual([]);
  });
});

describe('the exports, documented once', () => {
  it('names every export of the package in the exports reference', () => {
    const exportsPage = readDoc('docs/reference/exports.md');
    expect(Object.keys(packageRoot).filter((name) => !exportsPage.includes(`\`${name}\``))).toEqual([]);
  });

  const everyDoc = () => files.map((file) => ({ file, text: readDoc(file) }));

  it('documents providerFromEnv(), and says once that createProvider.fromEnv() is kept for compatibility', () => {
    const mentions = everyDoc().flatMap(({ file, text }) => text.split('\n').filter((line) => line.includes('createProvider.fromEnv')).map((line) => `${file}: ${line}`));
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatch(/^docs\/reference\/providers\.md: .*kept for compatibility/);
  });

  it('imports the store classes from passport-sms-otp in every snippet, and says once that passport-sms-otp/store keeps them for compatibility', () => {
    const fromSubpath = /import\s*\{[^}]*\b(MemoryOtpStore|RedisOtpStore)\b[^}]*\}\s*from\s*'passport-sms-otp\/store'|require\('passport-sms-otp\/store'\)/;
    expect(everyDoc().filter(({ text }) => fromSubpath.test(text)).map(({ file }) => file)).toEqual([]);
    const said = everyDoc().filter(({ text }) => /`passport-sms-otp\/store` also exports `MemoryOtpStore`, `RedisOtpStore`[^.]*kept there for compatibility/.test(text.replace(/\s+/g, ' ')));
    expect(said.map(({ file }) => file)).toEqual(['docs/reference/store.md']);
  });
});
