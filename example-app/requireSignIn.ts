import type { RequestHandler } from 'express';

/** Lets signed-in users through and sends everyone else to the sign-in page. */
export const requireSignIn: RequestHandler = (req, res, next) => {
  if (req.isAuthenticated()) return next();
  res.redirect('/login');
};
