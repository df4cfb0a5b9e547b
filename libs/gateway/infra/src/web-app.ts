// The seeker's web app (apps/web, built to static files) at `/`, beside the API: files
// as they are, and index.html for every other page path, so links in e-mails such as
// /auth/seeker#token=… open the app (history fallback). /api and /join stay the API's.
// Static files are not API accesses: they are served before the access record (R50).
import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';

const NOT_THE_APP = /^\/(api|join)(\/|$)/;

/** The folder holds a built web app (its index.html). */
export function isWebAppBuilt(root: string): boolean {
  return existsSync(join(root, 'index.html'));
}

export function webApp(root: string): express.Router {
  const dir = resolve(root);
  const index = join(dir, 'index.html');
  const router = express.Router();
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // react-aria positions popovers with style attributes
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The sign-in token travels in the fragment, which no Referer carries; no-referrer all the same.
    referrerPolicy: { policy: 'no-referrer' },
  });
  const gate = (request: Request, _response: Response, next: NextFunction) =>
    (request.method === 'GET' || request.method === 'HEAD') && !NOT_THE_APP.test(request.path)
      ? next()
      : next('router');
  router.use(gate, headers, (_request: Request, response: Response, next: NextFunction) => {
    // The device check (getUserMedia) needs the camera and microphone of this origin, nothing else.
    response.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), payment=()');
    next();
  });
  router.use(
    gate,
    express.static(dir, {
      index: false,
      redirect: false,
      setHeaders(response, path) {
        // Vite names assets by their content: they never change under the same name.
        response.setHeader(
          'Cache-Control',
          path.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  router.use(gate, (request: Request, response: Response, next: NextFunction) => {
    // A missing file (with an extension) is a 404 of the API's shape, not the app's page.
    if (extname(request.path) !== '' || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index, (error) => error && next(error));
  });
  return router;
}
