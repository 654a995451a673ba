// Issue 16, a code is bound to its number: a code of a sign-in with a number on file, or of a
// step-up, counts only while the number it was texted to is still the user's number on file; and
// an enrollment saves its number only while the user still has none. Otherwise nobody is signed
// in, nothing is saved, and the verification ends at loginUrl saying why.
import { backends } from './support/backends';
import { closeAllInstances, TwoInstances } from './support/twoInstances';
import { enrollingUsers, NUMBER_CHANGED, redirectOf, Visitor } from './support/visitors';

afterAll(() => closeAllInstances());

const ALICE_E164 = '+12015550123';
const ATTACKER_NUMBER = '+1 555 555 0166';
const BOB_NUMBER = '+1 555 555 0177';
const BOB_E164 = '+15555550177';
const NEW_NUMBER = '+1 555 555 0188';
const NEW_E164 = '+15555550188';

describe.each(backends('codeBoundToNumber'))('with the $name backend', (backend) => {
  afterAll(() => backend.close());

  async function scenario() {
    const { users, saved, enrollment } = enrollingUsers();
    const pair = new TwoInstances(await backend.open(), { enrollment, phoneValidation: 'possible' }, { users });
    return { pair, users, saved };
  }

  /** The code of the latest text to `e164`. */
  function latestCodeTo(pair: TwoInstances, e164: string): string {
    const message = pair.outbox.messages.filter((candidate) => candidate.to === e164).at(-1);
    if (!message) throw new Error(`no SMS was sent to ${e164}`);
    return pair.outbox.codeIn(message.body);
  }

  describe('an enrollment whose user got a number meanwhile', () => {
    it('saves nothing and signs nobody in when its code comes back after the user enrolled another number elsewhere', async () => {
      const { pair, users, saved } = await scenario();
      const attacker = new Visitor(pair);
      expect((await attacker.passFirstFactor(users[1], pair.a)).text).toContain('Add your mobile number');
      expect(redirectOf(await attacker.send(pair.a, 'post', '/login/sms', { mobile: ATTACKER_NUMBER }))).toEqual({ status: 303, location: '/login/sms' });
      const attackerCode = pair.outbox.latestCode();

      const owner = new Visitor(pair);
      expect((await owner.passFirstFactor(users[1], pair.b)).text).toContain('Add your mobile number');
      await owner.send(pair.b, 'post', '/login/sms', { mobile: BOB_NUMBER });
      expect(pair.outbox.messages.at(-1)?.to).toBe(BOB_E164);
      expect((await owner.send(pair.b, 'post', '/login/sms', { code: pair.outbox.latestCode() })).headers.location).toBe('/account');
      expect(saved).toEqual([{ userId: 'u2', mobile: BOB_E164 }]);

      const late = await attacker.send(pair.a, 'post', '/login/sms', { code: attackerCode });
      expect(redirectOf(late)).toEqual({ status: 303, location: '/login' });
      expect(await attacker.sessionMessages()).toContain(NUMBER_CHANGED);
      expect(await attacker.signedInAs(pair.b)).toBeNull();
      expect(users[1].mobile).toBe(BOB_E164);
      expect(saved).toEqual([{ userId: 'u2', mobile: BOB_E164 }]);
      expect(pair.eventsOf('failed', 'number_added')).toHaveLength(1);
      expect(pair.eventsOf('enrolled')).toHaveLength(1);

      await attacker.send(pair.b, 'post', '/login/sms', { code: attackerCode });
      expect(await attacker.signedInAs()).toBeNull();
      expect(saved).toHaveLength(1);
    });
  });

  describe('a sign-in code texted to a number that is no longer the user\'s', () => {
    /** Alice passes the password in one browser: a code goes to her number, and the browser keeps it. */
    async function codeSentToOldNumber() {
      const context = await scenario();
      const browser = new Visitor(context.pair);
      expect((await browser.passFirstFactor(context.users[0])).status).toBe(200);
      expect(context.pair.outbox.messages.at(-1)?.to).toBe(ALICE_E164);
      return { ...context, browser, code: context.pair.outbox.latestCode() };
    }

    /** The code ends the sign-in at loginUrl, saying why; the code is spent. */
    async function expectNumberChangedEnding(context: Awaited<ReturnType<typeof codeSentToOldNumber>>) {
      const { pair, browser, code } = context;
      const late = await browser.send(pair.b, 'post', '/login/sms', { code });
      expect(redirectOf(late)).toEqual({ status: 303, location: '/login' });
      expect(await browser.signedInAs()).toBeNull();
      expect(await browser.sessionMessages()).toContain(NUMBER_CHANGED);
      expect(pair.eventsOf('failed', 'number_changed')).toHaveLength(1);

      const again = await browser.send(pair.a, 'post', '/login/sms', { code });
      expect(again.headers.location).not.toBe('/account');
      expect(await browser.signedInAs(pair.b)).toBeNull();
    }

    it('signs nobody in after the number was changed through changeMobile in another browser', async () => {
      const context = await codeSentToOldNumber();
      const { pair, users, saved } = context;
      const other = new Visitor(pair);
      await other.signIn(users[0], pair.b);
      expect((await other.send(pair.b, 'get', '/account/mobile')).status).toBe(200);
      await other.send(pair.a, 'post', '/account/mobile', { mobile: NEW_NUMBER });
      expect(redirectOf(await other.send(pair.b, 'post', '/account/mobile', { code: latestCodeTo(pair, NEW_E164) }))).toEqual({ status: 303, location: '/account' });
      expect(saved).toEqual([{ userId: 'u1', mobile: NEW_E164 }]);

      await expectNumberChangedEnding(context);
    });

    it('signs nobody in after the app changed the number in its database', async () => {
      const context = await codeSentToOldNumber();
      context.users[0].mobile = '+1 201 555 0199';
      await expectNumberChangedEnding(context);

      // Spent: not even the old number coming back revives it.
      context.users[0].mobile = '+1 201 555 0123';
      await context.browser.send(context.pair.b, 'post', '/login/sms', { code: context.code });
      expect(await context.browser.signedInAs()).toBeNull();
    });
  });

  it('passes no step-up with a code texted to the number the user had before', async () => {
    const { pair, users } = await scenario();
    const browser = new Visitor(pair);
    await browser.signIn(users[0]);
    pair.now += 301_000;
    expect(redirectOf(await browser.send(pair.a, 'get', '/security'))).toEqual({ status: 303, location: '/login/sms' });
    expect((await browser.send(pair.b, 'get', '/login/sms')).status).toBe(200);
    expect(pair.outbox.messages.at(-1)?.to).toBe(ALICE_E164);
    const code = pair.outbox.latestCode();

    users[0].mobile = '+1 201 555 0199';
    const late = await browser.send(pair.a, 'post', '/login/sms', { code });
    expect(redirectOf(late)).toEqual({ status: 303, location: '/login' });
    expect(await browser.sessionMessages()).toContain(NUMBER_CHANGED);
    expect(pair.eventsOf('failed', 'number_changed')).toMatchObject([{ purpose: 'step_up' }]);
    expect((await browser.send(pair.b, 'get', '/security')).status).toBe(303);
    expect(pair.eventsOf('verified').filter((event) => event.purpose === 'step_up')).toEqual([]);
  });
});
