import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repoTempDir';

// No markdown library is installed (markdown-it, marked, remark: none), so this reads just what the
// docs checks need, as GitHub renders it: code blocks and code spans hold no links, ATX headings
// give anchors under github-slugger's rules, links are inline, reference, autolink, bare or HTML.

/** The repository's docs, relative to its root: README.md, CONTRIBUTING.md, BENCHMARKS.md and docs/**\/*.md. */
export function docFiles(): string[] {
  const underDocs = (dir: string): string[] =>
    readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return underDocs(relative);
      return entry.name.endsWith('.md') ? [relative] : [];
    });
  return ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', ...underDocs('docs').sort()];
}

/** A doc's text, by its path from the repository's root. */
export function readDoc(file: string): string {
  return readFileSync(path.join(repoRoot, file), 'utf8');
}

/** A fence that opens or closes a code block: three or more backticks or tildes. */
const FENCE = /^\s*(`{3,}|~{3,})/;

/** The text with every fenced code block's lines and every HTML comment blanked (line numbers kept). */
function withoutCodeBlocks(markdown: string): string {
  let open: string | undefined;
  const lines = markdown.split('\n').map((line) => {
    const fence = FENCE.exec(line)?.[1];
    if (open === undefined) {
      if (fence === undefined) return line;
      open = fence;
      return '';
    }
    if (fence !== undefined && fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined;
    return '';
  });
  return lines.join('\n').replace(/<!--[\s\S]*?-->/g, (comment) => comment.replace(/[^\n]/g, ''));
}

/** A code span: a run of backticks, then anything but a blank line, then the same run. */
const CODE_SPAN = /(?<!`)(`+)(?!`)((?:(?!\n\s*\n)[\s\S])*?)(?<!`)\1(?!`)/g;

/** The text a reader sees of inline markdown, as GitHub slugs it: code spans' content, link text, no emphasis or tags. */
function renderedText(inline: string): string {
  const parts = inline.split(CODE_SPAN);
  // split() with two groups gives: text, backticks, code, text, backticks, code, …
  return parts
    .map((part, index) => {
      if (index % 3 === 2) return part.trim() === '' ? part : part.replace(/^ (.*) $/, '$1');
      if (index % 3 === 1) return '';
      return part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/\\([!-/:-@[-`{-~])/g, '$1')
        .replace(/\*+/g, '')
        .replace(/(^|[^\p{L}\p{N}])_+|_+(?=[^\p{L}\p{N}]|$)/gu, '$1');
    })
    .join('');
}

/** github-slugger's slug of a heading's text: lower case, punctuation and symbols dropped, each space a hyphen. */
export function githubSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor of a doc: its headings' slugs (a repeated one gets -1, -2, …) and any `<a id>` or `<a name>`. */
export function anchorsOf(markdown: string): Set<string> {
  const text = withoutCodeBlocks(markdown);
  const anchors = new Set<string>();
  for (const line of text.split('\n')) {
    const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) continue;
    const slug = githubSlug(renderedText(heading[1] ?? '').trim());
    let unique = slug;
    for (let count = 1; anchors.has(unique); count++) unique = `${slug}-${count}`;
    anchors.add(unique);
  }
  for (const match of text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*"([^"]+)"/gi)) anchors.add(match[1]);
  return anchors;
}

/** A link of a doc: where it points, and the line it is on. */
export interface DocLink {
  readonly target: string;
  readonly line: number;
}

/** The destination of an inline link: `<…>`, or text with balanced parentheses one level deep. */
const DESTINATION = String.raw`(<[^>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)`;
const TITLE = String.raw`(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?`;
const LINK_TEXT = String.raw`\[(?:[^\[\]]|\[[^\[\]]*\])*\]`;
const INLINE_LINK = new RegExp(String.raw`!?${LINK_TEXT}\(\s*${DESTINATION}${TITLE}\s*\)`, 'g');
const REFERENCE_USE = new RegExp(String.raw`${LINK_TEXT}\[([^\[\]\n]*)\]`, 'g');
const REFERENCE_DEFINITION = /^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi;
const BARE_URL = /(?<![\w/"'=(<[])https?:\/\/[^\s<>]*[^\s<>.,:;!?"')*_~\]]/g;
const HTML_ATTRIBUTE = /\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/** A reference label as CommonMark matches it: case-folded, inner whitespace collapsed. */
const label = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Every link of a doc outside code: inline links and images, reference definitions, autolinks,
 * bare http(s) URLs and HTML `href`/`src`. A reference use without its definition is returned as a
 * link to `[label]`, which no check accepts.
 */
export function linksOf(markdown: string): DocLink[] {
  const text = withoutCodeBlocks(markdown).replace(CODE_SPAN, (span) => span.replace(/[^\n]/g, ' '));
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const links: DocLink[] = [];
  const add = (target: string, index: number) => links.push({ target: target.replace(/^<(.*)>$/, '$1'), line: lineAt(index) });

  const definitions = new Set<string>();
  for (const match of text.matchAll(REFERENCE_DEFINITION)) {
    definitions.add(label(match[1]));
    add(match[2], match.index);
  }
  for (const match of text.matchAll(INLINE_LINK)) add(match[1], match.index);
  for (const match of text.matchAll(REFERENCE_USE)) {
    const used = label(match[1] === '' ? match[0].slice(1, match[0].indexOf(']')) : match[1]);
    if (!definitions.has(used)) add(`[${used}]`, match.index);
  }
  const outsideInlineLinks = text.replace(INLINE_LINK, (link) => link.replace(/[^\n]/g, ' '));
  for (const match of outsideInlineLinks.matchAll(AUTOLINK)) add(match[1], match.index);
  for (const match of outsideInlineLinks.matchAll(BARE_URL)) add(match[0], match.index);
  for (const match of text.matchAll(HTML_ATTRIBUTE)) add(match[1] ?? match[2], match.index);
  return links.sort((a, b) => a.line - b.line);
}

/** A runnable snippet's marker, `<!-- readme-test: <name> -->`, and the code block right after it. */
const SNIPPET = /<!-- readme-test: ([\w-]+) -->\n(?:```\w+\n([\s\S]*?)\n```\n)?/g;

/** The names of the runnable snippets a doc marks, with or without a code block after the marker. */
export function snippetNames(markdown: string): string[] {
  return [...markdown.matchAll(SNIPPET)].map((match) => match[1]);
}

/** The code block that follows `<!-- readme-test: <name> -->` in `file`, for a test to run. */
export function markedSnippet(file: string, name: string): string {
  const found = [...readDoc(file).matchAll(SNIPPET)].find((match) => match[1] === name);
  if (found?.[2] === undefined) throw new Error(`${file} has no code block marked <!-- readme-test: ${name} -->`);
  return found[2];
}
