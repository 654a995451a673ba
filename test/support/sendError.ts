import { SmsSendError } from '../../lib';

/** The SmsSendError a send rejected with; fails the test when it resolved or rejected with anything else. */
export async function sendError(promise: Promise<unknown>): Promise<SmsSendError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsSendError);
  return err as SmsSendError;
}
