import { InvalidOptionError } from '../../errors';
import { describe, optionNames, required } from '../../config/validate';
import type { DeliveryReceipt, DeliveryReceiptReader, DeliveryState, ReceiptReading, ReceiptRequest } from '../DeliveryReceipt';
import { asId, compileJsonPath, valueAt, type JsonPath } from './jsonPath';
import { hasReceiptSignature } from './receiptSignature';

/**
 * The `receipts` option of `CustomHttpProvider`: how the gateway's delivery receipts are signed and
 * read. The gateway POSTs each receipt as JSON, signed in the header
 * `X-Sms-Otp-Signature: sha256=<hex HMAC-SHA256 of the raw body under secret>`, to the URL where the
 * app mounts `deliveryReceipts(name)` behind `express.raw({ type: 'application/json' })`.
 * Needs `messageIdPath`, so that receipts can name the messages `send` reported.
 */
export interface CustomReceiptsOptions {
  /** The key the gateway signs receipts with: at least 16 characters. Required. Never appears in errors. */
  readonly secret: string;
  /** Where the receipt holds the message id: a field name or a dot path (`data.id`). Required. */
  readonly idField: string;
  /** Where the receipt holds the message's status: a field name or a dot path. Required. */
  readonly statusField: string;
  /**
   * The statuses that mean the handset got the message, such as `['delivered']`; compared without
   * regard to case, a number status as its digits (`'0'`). At least one. Required.
   */
  readonly deliveredValues: readonly string[];
  /**
   * The statuses that mean it will never arrive, such as `['failed', 'undelivered', 'expired',
   * 'rejected']`. At least one, none of them among `deliveredValues`. Required. Any other status
   * reads as `accepted` (on its way), so list every final failure the gateway reports.
   */
  readonly failedValues: readonly string[];
  /** Where a failed receipt holds the gateway's error code: a field name or a dot path. Default: unset, failures carry no code. */
  readonly codeField?: string;
}

const RECEIPTS_OPTIONS = optionNames<CustomReceiptsOptions>({ secret: true, idField: true, statusField: true, deliveredValues: true, failedValues: true, codeField: true });

/** Shorter keys are guessable; the strategy's own secret has the same floor. */
const MIN_SECRET_LENGTH = 16;

/**
 * Checks the `receipts` option into its reader.
 *
 * @throws {InvalidOptionError} naming the first wrong sub-option (`receipts.secret`, `receipts.failedValues`…).
 */
export function resolveCustomReceipts(value: unknown): DeliveryReceiptReader {
  const options = required.options<CustomReceiptsOptions>('receipts', value, RECEIPTS_OPTIONS);
  required.present('receipts', options, ['secret', 'idField', 'statusField', 'deliveredValues', 'failedValues'], (key) => `receipts.${key}`);
  const secret = options.secret;
  if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) {
    throw new InvalidOptionError('receipts.secret', `a string of at least ${MIN_SECRET_LENGTH} characters, the key the gateway signs receipts with`, describe(secret));
  }
  const delivered = statusValues('receipts.deliveredValues', options.deliveredValues);
  const failed = statusValues('receipts.failedValues', options.failedValues);
  const both = [...failed].find((status) => delivered.has(status));
  if (both !== undefined) throw new InvalidOptionError('receipts.failedValues', 'statuses none of which is among receipts.deliveredValues', `"${both}" in both`);
  return new SignedJsonReceipts({
    secret,
    idField: compileJsonPath('receipts.idField', options.idField),
    statusField: compileJsonPath('receipts.statusField', options.statusField),
    codeField: options.codeField === undefined ? undefined : compileJsonPath('receipts.codeField', options.codeField),
    delivered,
    failed,
  });
}

/** A list of statuses, as the reader compares them: trimmed, in lower case. */
function statusValues(option: string, value: unknown): ReadonlySet<string> {
  const expected = 'a non-empty list of non-empty strings';
  const list = required.array(option, value, expected);
  if (list.length === 0) throw new InvalidOptionError(option, expected, 'an empty list');
  return new Set(list.map((status, index) => required.string(`${option}.${index}`, status, 'a non-empty string').trim().toLowerCase()));
}

interface ReceiptFields {
  readonly secret: string;
  readonly idField: JsonPath;
  readonly statusField: JsonPath;
  readonly codeField: JsonPath | undefined;
  readonly delivered: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
}

/** Reads a custom gateway's receipts: signed JSON, mapped through the configured fields and statuses. */
class SignedJsonReceipts implements DeliveryReceiptReader {
  readonly #fields: ReceiptFields;

  constructor(fields: ReceiptFields) {
    this.#fields = Object.freeze(fields);
    Object.freeze(this);
  }

  read(request: ReceiptRequest): ReceiptReading {
    const { secret } = this.#fields;
    // Without the exact bytes the gateway signed (a JSON parser ran first), nothing can be checked.
    if (request.rawBody === undefined || !hasReceiptSignature(request.headers, request.rawBody, secret)) return { signed: false };
    return { signed: true, receipt: this.#receiptIn(request.rawBody) };
  }

  /** The receipt a signed body carries, or `undefined` when it is not JSON or lacks the id or the status. */
  #receiptIn(rawBody: Buffer): DeliveryReceipt | undefined {
    let document: unknown;
    try {
      document = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return undefined;
    }
    const { idField, statusField, codeField } = this.#fields;
    const messageId = asId(valueAt(document, idField));
    const status = valueAt(document, statusField);
    if (messageId === undefined || (typeof status !== 'string' && typeof status !== 'number')) return undefined;
    const state = this.#stateOf(String(status).trim().toLowerCase());
    const code = state === 'failed' && codeField ? valueAt(document, codeField) : undefined;
    return { messageId, state, code: typeof code === 'string' || typeof code === 'number' ? String(code) : '' };
  }

  #stateOf(status: string): DeliveryState {
    if (this.#fields.delivered.has(status)) return 'delivered';
    if (this.#fields.failed.has(status)) return 'failed';
    return 'accepted';
  }
}
