/**
 * What each kind of verification may do: the whole policy of the flow, on one screen ({@link RULES}).
 * The handlers ask this module; none of them decides it again.
 */

/** What a verification is for: the `purpose` of its events and of its pages. */
export type VerificationKind = 'sign_in' | 'enroll' | 'change_mobile' | 'step_up';

/**
 * Where a verification stands: `number`, at the number form (no number given yet); `code`, codes go
 * to a known number (the number on file, or the one given, whether or not its send went through).
 */
export type Stage = 'number' | 'code';

/** What a page of the flow posts; each is a form field (named by the `fields` option). */
export type Action = 'code' | 'resend' | 'call' | 'mobile' | 'changeMobile' | 'remember' | 'recoveryCode';

/** The rules of one kind of verification. */
export interface KindRules {
  /** The actions each stage accepts; every other one is refused (400), and a stage left out never happens. */
  readonly accepts: Readonly<Partial<Record<Stage, readonly Action[]>>>;
  /** Where codes go: the user's number on file, or the number given in this verification (bound to its codes). */
  readonly textsTo: 'number_on_file' | 'number_given';
  /**
   * What must still hold when a right code is checked, before anything is saved: the number the
   * code went to is still on file, or the user still has no number on file.
   */
  readonly holdsUntilVerified: 'same_number_on_file' | 'no_number_on_file' | 'nothing';
  /** What a right code does to the user's number: nothing, save the first one, or replace the one on file. */
  readonly saves: 'nothing' | 'first_number' | 'new_number';
  /** Whether a right code signs the user in, or verifies a signed-in user again and goes back to their page. */
  readonly ends: 'sign_in' | 'verified_again';
  /** Whether a new number is taken only after a recent code (binding a new authenticator needs one). */
  readonly newNumberNeedsRecentCode: boolean;
}

export const RULES: Readonly<Record<VerificationKind, KindRules>> = Object.freeze({
  sign_in: {
    accepts: { code: ['code', 'resend', 'call', 'remember', 'recoveryCode'] },
    textsTo: 'number_on_file',
    holdsUntilVerified: 'same_number_on_file',
    saves: 'nothing',
    ends: 'sign_in',
    newNumberNeedsRecentCode: false,
  },
  enroll: {
    // A sign-in without a number on file: a recovery code signs in without saving a number.
    accepts: { number: ['mobile', 'recoveryCode'], code: ['code', 'resend', 'changeMobile', 'remember', 'recoveryCode'] },
    textsTo: 'number_given',
    holdsUntilVerified: 'no_number_on_file',
    saves: 'first_number',
    ends: 'sign_in',
    newNumberNeedsRecentCode: false,
  },
  change_mobile: {
    accepts: { number: ['mobile'], code: ['code', 'resend', 'changeMobile'] },
    textsTo: 'number_given',
    holdsUntilVerified: 'nothing',
    saves: 'new_number',
    ends: 'verified_again',
    newNumberNeedsRecentCode: true,
  },
  step_up: {
    accepts: { code: ['code', 'resend', 'call', 'recoveryCode'] },
    textsTo: 'number_on_file',
    holdsUntilVerified: 'same_number_on_file',
    saves: 'nothing',
    ends: 'verified_again',
    newNumberNeedsRecentCode: false,
  },
});

/**
 * When one form posts several actions (a prompt whose form carries the code field and the resend
 * button), the first of these runs. `remember` never runs alone: it only modifies `code`.
 */
const PRECEDENCE = ['resend', 'call', 'changeMobile', 'mobile', 'code', 'recoveryCode'] as const;

/** What a request asks for: an action, or only the page (`show`, a GET or a POST with no action). */
export type Choice = { readonly action: 'show' } | { readonly action: Exclude<Action, 'remember'>; readonly remember: boolean };

/** The options that turn actions on: `remember` needs `rememberDevice`, `recoveryCode` needs `recoveryCodes`, `call` needs `voice`. */
export interface ActionsOn {
  readonly rememberDevice: boolean;
  readonly recoveryCodes: boolean;
  readonly voice: boolean;
}

/**
 * What to do with the actions a request posted, or `undefined` when the kind and stage do not accept
 * every one of them (then nothing is done: the request is refused). `remember` is accepted only with
 * `code`, only where the kind offers it, and only when `rememberDevice` is on; `recoveryCode` only
 * when `recoveryCodes` is on.
 */
export function chooseAction(kind: VerificationKind, stage: Stage, posted: ReadonlySet<Action>, on: ActionsOn): Choice | undefined {
  const accepted = RULES[kind].accepts[stage] ?? [];
  for (const action of posted) if (!accepted.includes(action)) return undefined;
  const remember = posted.has('remember');
  if (remember && (!on.rememberDevice || !posted.has('code'))) return undefined;
  if (posted.has('recoveryCode') && !on.recoveryCodes) return undefined;
  if (posted.has('call') && !on.voice) return undefined;
  const action = PRECEDENCE.find((candidate) => posted.has(candidate));
  return action === undefined ? { action: 'show' } : { action, remember };
}

/** Whether this kind of verification takes a recovery code instead of an SMS code (when `recoveryCodes` is on). */
export function takesRecoveryCode(kind: VerificationKind): boolean {
  return Object.values(RULES[kind].accepts).some((actions) => actions.includes('recoveryCode'));
}

/** Whether the code prompt of this kind offers "call me instead" (when `voice` is on): only to a number someone verified. */
export function offersCall(kind: VerificationKind): boolean {
  return RULES[kind].accepts.code?.includes('call') ?? false;
}

/** Whether the code prompt of this kind offers "remember this device" (when `rememberDevice` is on). */
export function offersRemember(kind: VerificationKind): boolean {
  return RULES[kind].accepts.code?.includes('remember') ?? false;
}

/** The actions a form posted, by the names the `fields` option gives them. */
export function postedActions(body: Readonly<Record<string, unknown>>, fields: Readonly<Record<Action, string>>): ReadonlySet<Action> {
  const posted = new Set<Action>();
  for (const action of ACTIONS) if (Object.hasOwn(body, fields[action])) posted.add(action);
  return posted;
}

const ACTIONS: readonly Action[] = ['code', 'resend', 'call', 'mobile', 'changeMobile', 'remember', 'recoveryCode'];
