import { HtmlValidate } from 'html-validate';

/** The example's pages use no inline styles or scripts, so the recommended rules apply as they are. */
const validator = new HtmlValidate({ extends: ['html-validate:recommended'] });

/** Fails with every html-validate message the page gets. */
export async function expectValidHtml(html: string): Promise<void> {
  const report = await validator.validateString(html);
  expect(report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))).toEqual([]);
}
