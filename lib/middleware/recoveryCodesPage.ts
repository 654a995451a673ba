import { DEFAULTS, RANGES } from '../config/defaults';
import type { Settings } from '../config/resolveSettings';
import { optionNames, optional, required } from '../config/validate';
import { InvalidOptionError } from '../errors';
import { accountEvent } from '../events/accountEvent';
import type { Outcome } from '../flow/Outcome';
import { toLogin } from '../flow/outcomes';
import { startStepUp, type RecentCodeRule } from '../flow/startStepUp';
import type { FlowRequest } from '../flow/Verification';
import { pipelineMiddleware } from '../http/pipeline';
import { requestPathname } from '../http/requestPath';
import { SITE_PATH } from '../http/safePath';
import type { Middleware } from '../http/types';
import { createRecoveryCodes } from '../recovery/createRecoveryCodes';
import { newCreationToken, takeCreationToken } from '../recovery/creationToken';
import type { RecoveryCodeSettings } from '../recovery/RecoveryCodesOptions';
import { hasRecentCode } from '../session/recentVerification';
import { isSignedIn, type SignedInRequest } from '../session/signedIn';
import { identifyUser } from '../session/userId';
import { sendNoticeToNumberOnFile } from '../sms/sendNotice';
import { buildPromptView, type PageParts } from '../view/buildPromptView';

/** Options of `strategy.recoveryCodes(options)`. */
export interface RecoveryCodesPageOptions {
  /** Where "Done" leads from the page of new codes, such as `'/account/security'`. Required. */
  successRedirect: string;
  /**
   * How recent the session's last code (SMS or recovery code) must be for a new set, in seconds.
   * Integer from 30 to 86400; 5 minutes by default. An older one (or a sign-in through a remembered
   * device) first sends the user through the code prompt, to their number on file, and back.
   * @defaultValue `300`
   */
  maxAgeSeconds?: number;
  /**
   * The code prompt's route (where `passport.authenticate` of this strategy is mounted), for that step-up.
   * @defaultValue `'/login/sms'`
   */
  redirectTo?: string;
}

const RECOVERY_CODES_PAGE_OPTIONS = optionNames<RecoveryCodesPageOptions>({ successRedirect: true, maxAgeSeconds: true, redirectTo: true });

const CREATION_PAGE = { name: 'recoveryCodes()', readsForm: true };

/** The form field that carries the creation form's one-time token. */
const TOKEN_FIELD = 'recoveryCodesToken';

/**
 * The middleware of the page where a signed-in user creates a new set of recovery codes: a form (a
 * GET shows it), then the codes, shown once, on the answer to its post. Only after a recent code
 * (a step-up first, otherwise). A new set replaces the old one, and the number on file is told.
 *
 * @throws {InvalidOptionError} without `recoveryCodes`, or when an option is missing or out of range.
 */
export function recoveryCodesPage(settings: Settings, options: RecoveryCodesPageOptions): Middleware {
  const recovery = settings.recoveryCodes;
  if (!recovery) throw new InvalidOptionError('recoveryCodes', 'set (with save, consume and count) to use recoveryCodes()');
  const given = required.options<RecoveryCodesPageOptions>('recoveryCodes()', options, RECOVERY_CODES_PAGE_OPTIONS, 'an object { successRedirect, maxAgeSeconds?, redirectTo? }');
  const doneUrl = required.pattern('recoveryCodes().successRedirect', given.successRedirect, SITE_PATH, 'a path of this site, such as "/account/security"');
  const defaults = DEFAULTS.recoveryCodesPage;
  const recentCode: RecentCodeRule = {
    maxAgeMs: optional.integer('recoveryCodes().maxAgeSeconds', given.maxAgeSeconds, ...RANGES.recoveryCodesPage.maxAgeSeconds, defaults.maxAgeSeconds) * 1000,
    redirectTo: optional.string('recoveryCodes().redirectTo', given.redirectTo, defaults.redirectTo),
  };
  return pipelineMiddleware(settings, CREATION_PAGE, (req, fields) => creationPage(req, settings, recovery, fields, doneUrl, recentCode));
}

async function creationPage(
  req: FlowRequest & SignedInRequest,
  settings: Settings,
  recovery: RecoveryCodeSettings,
  fields: Readonly<Record<string, unknown>>,
  doneUrl: string,
  recentCode: RecentCodeRule,
): Promise<Outcome> {
  if (!isSignedIn(req)) return toLogin(settings);
  const user = await identifyUser(settings, req.user, req);
  if (!hasRecentCode(req.session, settings.name, settings.clock(), recentCode.maxAgeMs)) return startStepUp(req, settings, user, recentCode, requestPathname(req));
  const locale = settings.locales.pick(req, req.user);
  const page = (parts: Omit<PageParts, 'locale' | 'mobile' | 'purpose'>): Outcome => ({
    kind: 'page',
    view: buildPromptView(req, settings, { locale, mobile: '', purpose: 'step_up', doneUrl, ...parts }),
  });
  const creationForm = (status: number, error?: string) => page({ state: 'create_recovery_codes', status, error, createToken: newCreationToken(req.session, settings.name) });

  if (req.method !== 'POST' || !Object.hasOwn(fields, TOKEN_FIELD)) return creationForm(200);
  // The same post again (a reload of the page of codes) finds its token spent: its codes are never shown again.
  if (!takeCreationToken(req.session, settings.name, fields[TOKEN_FIELD])) return creationForm(409, locale.messages.text('recoveryCodesShownOnce'));
  const codes = await createRecoveryCodes(recovery, req.user, req);
  accountEvent(settings, 'recovery_codes_created', user.userKey, req, { codesLeft: codes.length });
  const body = locale.messages.text('recoveryCodesCreatedSms', { appName: locale.sms.appName });
  await sendNoticeToNumberOnFile(settings, req.user, req, { body, locale: locale.tag }, (failure) => accountEvent(settings, 'send_failed', user.userKey, req, { ...failure, reason: 'recovery_codes_notice' }));
  return page({ state: 'recovery_codes', status: 200, recoveryCodes: codes });
}
