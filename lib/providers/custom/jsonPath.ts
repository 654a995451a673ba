import { InvalidOptionError } from '../../errors';
import { required } from '../../config/validate';

/** A compiled dot path into a JSON document: keys, array indexes, and `*` for every element of an array. */
export type JsonPath = readonly string[];

const INDEX = /^(0|[1-9]\d*)$/;

/**
 * Reads a dot path option such as `messages.0.id` or `id`: names of object fields and indexes of
 * array elements; with `each`, also `*` for every element of an array (`messages.*.id`).
 *
 * @throws {InvalidOptionError} for anything but a non-blank string of non-empty segments (and no `*` without `each`).
 */
export function compileJsonPath(option: string, value: unknown, { each = false } = {}): JsonPath {
  const expected = each ? 'a dot path into the JSON, such as "messages.0.id", "id" or "messages.*.id"' : 'a dot path into the JSON, such as "status" or "data.status"';
  const segments = required.string(option, value, expected).trim().split('.').map((segment) => segment.trim());
  if (segments.some((segment) => segment === '')) throw new InvalidOptionError(option, expected, 'a path with an empty segment');
  if (!each && segments.includes('*')) throw new InvalidOptionError(option, expected, 'a path with *');
  return Object.freeze(segments);
}

/**
 * The message ids a path finds in a document: one id (a non-empty string, or an integer written as
 * its digits), or every element of the array it ends at, or of each array a `*` crosses. All or
 * nothing: `undefined` when any step is missing or any element is not an id, since tracking only
 * some parts of a message could show it delivered when an untracked part failed.
 */
export function idsAt(document: unknown, path: JsonPath): string[] | undefined {
  const found = valuesAt(document, path);
  if (found === undefined) return undefined;
  const ids = found.flatMap((value) => (Array.isArray(value) ? value : [value])).map(asId);
  return ids.length > 0 && ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

/** The value a path compiled without `each` finds, or `undefined`. */
export function valueAt(document: unknown, path: JsonPath): unknown {
  return valuesAt(document, path)?.[0];
}

/** A value as a message id: a non-empty string as is, a safe integer as its digits, else `undefined`. */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function valuesAt(document: unknown, path: JsonPath): unknown[] | undefined {
  let current: unknown[] = [document];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const node of current) {
      if (segment === '*') {
        if (!Array.isArray(node)) return undefined;
        next.push(...node);
        continue;
      }
      const child = childOf(node, segment);
      if (child === undefined) return undefined;
      next.push(child);
    }
    current = next;
  }
  return current;
}

/** An array's element by index, or an object's own field: never `length` or anything inherited. */
function childOf(node: unknown, segment: string): unknown {
  if (Array.isArray(node)) return INDEX.test(segment) ? node[Number(segment)] : undefined;
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) return (node as Record<string, unknown>)[segment];
  return undefined;
}
