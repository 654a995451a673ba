import path from 'node:path';

/** The package's own views: the full page, and the partials it is made of. */
const VIEWS_DIR = path.join(__dirname, '..', '..', 'views');

/** The page shipped with the package: the default `view` of `render: 'package'`. */
export const DEFAULT_VIEW = path.join(VIEWS_DIR, 'sms-otp.ejs');

/**
 * The folder of the package's EJS partials, for an app that draws the pages in its own layout
 * (`render: 'app'`): add it to Express's `views`, after your own folder, and include
 * `sms-otp-content` (the heading, messages and forms) with the page's `smsOtp`.
 *
 * @example
 * app.set('views', [path.join(__dirname, 'views'), partialsDir]);
 * // views/sms-otp.ejs: <%- include('header') %> <%- include('sms-otp-content', smsOtp) %> <%- include('footer') %>
 */
export const partialsDir = path.join(VIEWS_DIR, 'partials');
