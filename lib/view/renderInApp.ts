import { SmsOtpError } from '../errors';
import type { PageRenderer } from './PageRenderer';

/**
 * Renders through the app's own view engine: `res.render(view, { smsOtp, title }, callback)`, so
 * Express adds `app.locals` and `res.locals` (the package's two fields win a clash) and finds
 * `view` as it finds any of the app's views. A render error rejects, reaching the app's error handler.
 */
export function renderInApp(view: string): PageRenderer {
  return (res, smsOtp) =>
    new Promise((resolve, reject) => {
      if (typeof res.render !== 'function') {
        reject(new SmsOtpError("passport-sms-otp's render: 'app' draws its pages with res.render, which Express sets."));
        return;
      }
      res.render(view, { smsOtp, title: smsOtp.text.title }, (err, html) => (err ? reject(err) : resolve(html ?? '')));
    });
}
