import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { ConsoleProvider, partialsDir, type SmsOtpOptions } from '../../lib';
import { en } from '../../lib/i18n/en';
import { fillPlaceholders } from '../../lib/i18n/fillPlaceholders';
import { resolveSettings } from '../../lib/config/resolveSettings';
import { sendPage } from '../../lib/http/sendPage';
import { buildPromptView, type PageParts } from '../../lib/view/buildPromptView';
import type { PromptView } from '../../lib/view/PromptView';

/** The app's own ejs views for `render: 'app'`: its layout around the package's partial. */
export const APP_EJS_VIEWS = [path.join(__dirname, 'appViews', 'ejs'), partialsDir];

/** What a page of the flow is built from, but its language, which `lang` names. */
export type PageFields = Omit<PageParts, 'locale'>;

export interface DrawOptions {
  /** Options of the strategy whose renderer draws the page (`render`, `view`, `messages`, `locales`…). */
  readonly strategy?: SmsOtpOptions;
  /** The page's language, a shipped or added tag; default `en`. */
  readonly lang?: string;
  /** The request's path and query, which the forms post to; default `/login/sms`. */
  readonly path?: string;
  /** What the app leaves in `res.locals` (`csrfToken`, `cspNonce`, its header's data). */
  readonly locals?: Record<string, unknown>;
}

/**
 * A real Express app whose every GET sends one page of the flow as the flow sends it
 * (`buildPromptView`, then `sendPage` through the strategy's renderer), and the view it last built.
 * With `render: 'app'` the app renders it with ejs from {@link APP_EJS_VIEWS}. `fields` may be a
 * function, asked on every GET, for a page whose state changes between requests.
 */
export function promptPageApp(fields: PageFields | (() => PageFields), options: DrawOptions = {}): { app: Express; lastView(): PromptView } {
  const settings = resolveSettings({ secret: 'test-secret-with-enough-length', provider: new ConsoleProvider({ write: () => undefined }), logger: false, ...options.strategy }, undefined);
  const locale = settings.locales.byTag.get(options.lang ?? 'en');
  if (!locale) throw new Error(`no locale ${options.lang}`);
  const app = express();
  app.set('views', APP_EJS_VIEWS);
  app.set('view engine', 'ejs');
  const locals: RequestHandler = (_req, res, next) => {
    Object.assign(res.locals, { account: 'Signed in as alice', ...options.locals });
    next();
  };
  let view: PromptView | undefined;
  const page: RequestHandler = (req, res, next) => {
    view = buildPromptView(req, settings, { locale, ...(typeof fields === 'function' ? fields() : fields) });
    sendPage(res, settings, view).catch(next);
  };
  app.get(/.*/, locals, page);
  return {
    app,
    lastView: () => {
      if (!view) throw new Error('no page was built');
      return view;
    },
  };
}

/** The page {@link promptPageApp} sends for `options.path` (default `/login/sms`), with the view it was drawn from. */
export async function drawPage(fields: PageFields, options: DrawOptions = {}): Promise<{ page: request.Response; view: PromptView }> {
  const { app, lastView } = promptPageApp(fields, options);
  const page = await request(app).get(options.path ?? '/login/sms');
  return { page, view: lastView() };
}

/** A page of each state the recovery codes and the hold brought, with every optional part it can show. */
export const RECOVERY_PAGES: Readonly<Record<string, PageFields>> = {
  'the code prompt with the recovery link': { state: 'prompt', status: 200, mobile: '•••••••0123', canResend: true, recoveryUrl: '/login/sms?recovery' },
  'the recovery code form': { state: 'recovery', status: 200, mobile: '•••••••0123', codeUrl: '/login/sms', recoveryHelp: 'Call support.' },
  'the recovery code form after a wrong code': { state: 'recovery', status: 400, mobile: '•••••••0123', error: 'That recovery code is not correct, or it was used already.', codeUrl: '/login/sms' },
  'a held user': { state: 'held', status: 423, mobile: '•••••••0123', error: 'Too many wrong codes were entered.', recoveryUrl: '/login/sms?recovery' },
  'a held user without recovery codes': { state: 'held', status: 423, mobile: '•••••••0123', error: 'Too many wrong codes were entered.', recoveryHelp: 'Call support.' },
  'a locked-out user': { state: 'blocked', status: 423, mobile: '•••••••0123', error: 'Locked.', recoveryUrl: '/login/sms?recovery' },
  'a failed send': { state: 'send_failed', status: 503, mobile: '•••••••0123', error: 'We could not send a code.', recoveryUrl: '/login/sms?recovery' },
  'a user without a number': { state: 'enroll', purpose: 'enroll', status: 200, mobile: '', recoveryHelp: 'Call support.' },
  'the offer of new recovery codes': { state: 'create_recovery_codes', purpose: 'step_up', status: 200, mobile: '', createToken: 'token', doneUrl: '/security' },
  'the new recovery codes': { state: 'recovery_codes', purpose: 'step_up', status: 200, mobile: '', recoveryCodes: ['ABCD-EFGH-JKMN-PQRS', '2345-6789-ABCD-EFGH'], doneUrl: '/security' },
};

const MASKED = '•••••••0123';

/** A code prompt whose text's provider sends receipts, in each delivery state, as the flow draws it. */
export const DELIVERY_PAGES: Readonly<Record<string, PageFields>> = {
  'the code prompt while the text is on its way': { state: 'prompt', status: 200, mobile: MASKED, canResend: true, resendWaitSeconds: 30, delivery: 'accepted', canCall: true, recoveryUrl: '/login/sms?recovery' },
  'the code prompt once the text was delivered': { state: 'prompt', status: 200, mobile: MASKED, canResend: true, resendWaitSeconds: 30, delivery: 'delivered', canCall: true },
  'the code prompt after the text failed, offering a new text and a call': {
    state: 'prompt',
    status: 200,
    mobile: MASKED,
    canResend: true,
    delivery: 'failed',
    canCall: true,
    error: fillPlaceholders(en.messages.deliveryFailed, { mobile: MASKED }),
    recoveryUrl: '/login/sms?recovery',
  },
  'the code prompt of a number that cannot receive texts, offering only a call': {
    state: 'prompt',
    status: 200,
    mobile: MASKED,
    canResend: true,
    delivery: 'failed',
    canCall: true,
    cannotReceiveTexts: true,
    error: fillPlaceholders(en.messages.cannotReceiveTexts, { mobile: MASKED }),
    recoveryHelp: en.messages.noRecoveryCodes,
  },
};
