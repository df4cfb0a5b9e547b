// R50: text that no store can keep (a NUL character, an unpaired UTF-16 surrogate) is
// refused at the edge, in every field of every route: the JSON body, the query string and
// the path. JSON can carry both (`"\u0000"`, `"\ud800"`), a URL can carry NUL (`%00`).
// Let through, such text fails the append of whatever service stores it; the access
// record of the request itself is made storable instead (access-record.ts), so refusing
// here never costs the record of the refusal.
import type { NextFunction, Request, Response } from 'express';
import { findUnstorableText, isUnstorableText } from '@soudan/event-store';
import { AppError } from '@soudan/platform';

/** Where the request holds unstorable text (`body.name`, `query.status`, `path`), or undefined. */
export function unstorableField(request: Pick<Request, 'body' | 'query' | 'path'>): string | undefined {
  if (pathIsUnstorable(request.path)) return 'path';
  // The raw body of the CSV import is a Buffer: its text is checked when it is decoded (roster-csv.ts).
  if (!Buffer.isBuffer(request.body)) {
    const inBody = findUnstorableText(request.body, 'body');
    if (inBody !== undefined) return inBody;
  }
  return findUnstorableText(request.query, 'query');
}

function pathIsUnstorable(path: string): boolean {
  // Route parameters are the decoded segments; one that cannot be decoded is express's 400 anyway.
  if (!path.includes('%')) return isUnstorableText(path);
  return path.split('/').some((segment) => {
    try {
      return isUnstorableText(decodeURIComponent(segment));
    } catch {
      return false;
    }
  });
}

/** 400 UNSTORABLE_TEXT naming the field (never echoing its value), before any guard or route runs. */
export function refuseUnstorableText() {
  return (request: Request, _response: Response, next: NextFunction) => {
    const field = unstorableField(request);
    if (field === undefined) return next();
    next(
      new AppError('UNSTORABLE_TEXT', 400, 'the request holds text that cannot be stored', { field: fieldName(field) }),
    );
  };
}

/** The path of the field, its keys cleaned: a hostile key must not reach the answer or a log line. */
function fieldName(path: string): string {
  return path.replace(/[^\p{L}\p{N}_.[\]-]/gu, '?').slice(0, 200);
}
