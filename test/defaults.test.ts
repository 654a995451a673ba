import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { SMS_OTP_OPTIONS } from '../lib/config/SmsOtpOptions';
import { DEFAULTS, RANGES } from '../lib/config/defaults';

const root = path.join(__dirname, '..');

/** A default as the docs and the TSDoc write it: `6`, `'/login'`, `['A', 'B']`, `{ max: 5, windowSeconds: 900 }`. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `{ ${Object.entries(value).map(([key, item]) => `${key}: ${literal(item)}`).join(', ')} }`;
  return String(value);
}

/** The value at a dotted path of a nested table, or `undefined`. */
function at(table: object, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), table);
}

/** Whether `text` starts with the default in backticks, alone or followed by a comment ("`600`, or …"). */
function startsWithDefault(text: string, value: unknown): boolean {
  const written = `\`${literal(value)}\``;
  return text === written || (text.startsWith(written) && /^[ ,(]/.test(text.slice(written.length)));
}

/** A plain literal in backticks: what a default taken from the table looks like. */
const LITERAL = /^`(-?\d+|'[^']*'|true|false|\[.*\]|\{.*\})`$/;

interface Row {
  option: string;
  defaultCell: string;
  rangeCell: string;
}

/** The rows of the first `| option | default | range | what it does |` table under `heading` in `file`. */
function optionsTable(file: string, heading: string, prefix = ''): Row[] {
  const doc = readFileSync(path.join(root, file), 'utf8');
  const start = doc.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`${file} has no "${heading}" section`);
  const lines = doc.slice(start).split('\n');
  const header = lines.findIndex((line) => /^\| option \| default \| range \| what it does \|$/.test(line.trim()));
  if (header < 0) throw new Error(`no options table under "${heading}" in ${file}`);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [option, defaultCell, rangeCell] = line.split(/(?<!\\)\|/).slice(1, 4).map((cell) => cell.trim());
    rows.push({ option: prefix + option.replace(/^`|`$/g, ''), defaultCell, rangeCell });
  }
  return rows;
}

const OPTIONS = 'docs/reference/options.md';
const optionsRows = optionsTable(OPTIONS, '## Strategy options');
const rows = [
  ...optionsRows,
  ...optionsTable(OPTIONS, '## afterFirstFactor()', 'afterFirstFactor.'),
  ...optionsTable(OPTIONS, '## enrollment', 'enrollment.'),
  ...optionsTable(OPTIONS, '## changeMobile()', 'changeMobile.'),
  ...optionsTable(OPTIONS, '## rememberDevice', 'rememberDevice.'),
  ...optionsTable(OPTIONS, '## requireRecent()', 'requireRecent.'),
  ...optionsTable(OPTIONS, '## recoveryCodes', 'recoveryCodes.'),
  ...optionsTable(OPTIONS, '## recoveryCodes() page', 'recoveryCodesPage.'),
  ...optionsTable('docs/operations/redis.md', '## RedisOtpStore options', 'redisOtpStore.'),
];

describe('the defaults table', () => {
  it.each(rows.map((row) => [row.option, row] as const))('is what the docs say of %s', (option, row) => {
    // A group whose members have rows of their own (`rememberDevice`: `rememberDevice.days`…) has no default of its own.
    const group = rows.some((other) => other.option.startsWith(`${option}.`));
    const value = group ? undefined : at(DEFAULTS, option);
    if (value === undefined) {
      expect(row.defaultCell).not.toMatch(LITERAL);
    } else {
      if (!startsWithDefault(row.defaultCell, value)) throw new Error(`The docs say ${option} defaults to ${row.defaultCell}; the table (lib/config/defaults.ts) says \`${literal(value)}\``);
    }
    const range = at(RANGES, option) as readonly number[] | undefined;
    if (Array.isArray(range)) {
      for (const bound of range) expect(row.rangeCell).toMatch(new RegExp(`(^|[^\\d])${bound}([^\\d]|$)`));
    }
  });

  it('has every option of SmsOtpStrategy in the options reference, and nothing else', () => {
    const documented = new Set(optionsRows.map((row) => row.option.split('.')[0]));
    expect([...documented].filter((name) => !SMS_OTP_OPTIONS.includes(name))).toEqual([]);
    expect(SMS_OTP_OPTIONS.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('has every default of the strategy, its middleware and RedisOtpStore in the docs', () => {
    const documented = rows.map((row) => row.option);
    const covered = (dotted: string) => documented.some((option) => dotted === option || dotted.startsWith(`${option}.`));
    const leaves = (node: object, prefix: string): string[] =>
      Object.entries(node).flatMap(([key, value]) =>
        value !== null && typeof value === 'object' && !Array.isArray(value) && !covered(prefix + key) ? leaves(value, `${prefix}${key}.`) : [prefix + key],
      );
    const ofTheStrategy = leaves(DEFAULTS, '').filter((dotted) => !/^(twilio|vonage|custom|console)\./.test(dotted));
    expect(ofTheStrategy.filter((dotted) => !covered(dotted))).toEqual([]);
  });
});

/** Each options interface, the file it is in, and where its defaults are in the table. */
const INTERFACES: readonly [name: string, file: string, prefix: string][] = [
  ['SmsOtpOptions', 'lib/config/SmsOtpOptions.ts', ''],
  ['FormFields', 'lib/config/SmsOtpOptions.ts', 'fields'],
  ['SendQuotaOptions', 'lib/limits/SendQuotas.ts', 'sendQuotas'],
  ['LockoutOptions', 'lib/limits/Lockout.ts', 'lockout'],
  ['TollFraudOptions', 'lib/limits/TollFraudOptions.ts', 'tollFraud'],
  ['ConversionOptions', 'lib/limits/TollFraudOptions.ts', 'tollFraud.conversion'],
  ['RememberDeviceOptions', 'lib/device/RememberDeviceOptions.ts', 'rememberDevice'],
  ['RecoveryCodesOptions', 'lib/recovery/RecoveryCodesOptions.ts', 'recoveryCodes'],
  ['RecoveryCodesPageOptions', 'lib/middleware/recoveryCodesPage.ts', 'recoveryCodesPage'],
  ['RequireRecentOptions', 'lib/middleware/requireRecent.ts', 'requireRecent'],
  ['ChangeMobileOptions', 'lib/middleware/changeMobile.ts', 'changeMobile'],
  ['RecoveryCodesOptions', 'lib/recovery/RecoveryCodesOptions.ts', 'recoveryCodes'],
  ['RecoveryCodesPageOptions', 'lib/middleware/recoveryCodesPage.ts', 'recoveryCodesPage'],
  ['RedisOtpStoreOptions', 'lib/store/redis/RedisOtpStore.ts', 'redisOtpStore'],
  ['TwilioProviderOptions', 'lib/providers/TwilioProvider.ts', 'twilio'],
  ['VonageProviderOptions', 'lib/providers/VonageProvider.ts', 'vonage'],
  ['CustomHttpProviderOptions', 'lib/providers/CustomHttpProvider.ts', 'custom'],
  ['ConsoleProviderOptions', 'lib/providers/ConsoleProvider.ts', 'console'],
];

/** `@defaultValue` of each property of an interface, by property name. */
function defaultValueTags(file: string, name: string): Map<string, string | undefined> {
  const source = ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const found = source.statements.find((node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === name);
  if (!found) throw new Error(`${file} has no interface ${name}`);
  const tags = new Map<string, string | undefined>();
  for (const member of found.members) {
    if (!member.name || !ts.isIdentifier(member.name)) continue;
    const tag = ts.getJSDocTags(member).find((candidate) => candidate.tagName.text === 'defaultValue');
    tags.set(member.name.text, tag ? ts.getTextOfJSDocComment(tag.comment)?.trim() : undefined);
  }
  return tags;
}

describe('the TSDoc of each option', () => {
  const prefixes = new Set(INTERFACES.map(([, , prefix]) => prefix));

  it.each(INTERFACES)('%s says each default as the table does', (name, file, prefix) => {
    const tags = defaultValueTags(file, name);
    const problems: string[] = [];
    for (const [property, tag] of tags) {
      const dotted = prefix === '' ? property : `${prefix}.${property}`;
      const value = at(DEFAULTS, dotted);
      if (tag !== undefined && (value === undefined || !startsWithDefault(tag, value))) problems.push(`${dotted}: @defaultValue ${tag}, table ${value === undefined ? 'none' : literal(value)}`);
      const hasOwnInterface = prefixes.has(dotted) && typeof value === 'object' && !Array.isArray(value);
      if (tag === undefined && value !== undefined && !hasOwnInterface) problems.push(`${dotted}: no @defaultValue, table ${literal(value)}`);
    }
    const table = at(DEFAULTS, prefix) ?? DEFAULTS;
    for (const key of Object.keys(prefix === '' ? DEFAULTS : (table as object))) {
      const dotted = prefix === '' ? key : `${prefix}.${key}`;
      if (!tags.has(key) && !(prefix === '' && prefixes.has(dotted))) problems.push(`${dotted}: in the table, not in ${name}`);
    }
    expect(problems).toEqual([]);
  });
});
