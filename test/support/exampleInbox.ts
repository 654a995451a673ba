import type request from 'supertest';
import type { ExampleApp } from '../../example-app/createApp';
import type { InboxMessage } from '../../example-app/devInbox';
import { csrfTokenIn } from './exampleApp';

/** The development inbox's "Mark …" buttons, by the value they post. */
export type InboxMark = 'delivered' | 'undelivered' | 'cannot-receive-texts';

/** The newest message of the development inbox. */
export function newestMessage(example: ExampleApp): InboxMessage {
  const message = example.inbox?.messages[0];
  if (!message) throw new Error('the development inbox is empty');
  return message;
}

/**
 * Presses one of the inbox page's "Mark …" buttons for a message, as a developer would: opens
 * `/dev/sms` (for its CSRF token and the message's form), posts the form, and follows the 303 back.
 * Answers the inbox page it lands on.
 */
export async function markInInbox(agent: request.Agent, message: InboxMessage, mark: InboxMark): Promise<request.Response> {
  const inbox = await agent.get('/dev/sms').expect(200);
  expect(inbox.text).toContain(`name="id" value="${message.id}"`);
  await agent.post('/dev/sms/mark').type('form').send({ _csrf: csrfTokenIn(inbox.text), id: message.id, mark }).expect(303).expect('Location', '/dev/sms');
  return agent.get('/dev/sms').expect(200);
}

/** The code a call spoke, from the inbox's "Voice call: 1 2 3 4 5 6": its characters without the spaces. */
export function codeSpokenIn(inboxLine: string): string {
  const digits = /Voice call: ((?:[0-9A-Z] )*[0-9A-Z])\b/.exec(inboxLine)?.[1];
  if (!digits) throw new Error(`no voice call in: ${inboxLine}`);
  return digits.replace(/ /g, '');
}
