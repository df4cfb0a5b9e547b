// The roster import's file (up to 20 MB) is read only once the caller is known to be
// allowed to send it: here, in an interceptor, which Nest runs after the guards (rate
// limit, authentication, roles). A global body parser would read and buffer the whole
// file first and answer an anonymous caller only then.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import express, { type Request, type Response } from 'express';
import type { Observable } from 'rxjs';

export const CSV_BODY_LIMIT = '20mb';

@Injectable()
export class CsvBodyInterceptor implements NestInterceptor {
  private readonly parse = express.raw({ type: 'text/csv', limit: CSV_BODY_LIMIT });

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      this.parse(http.getRequest<Request>(), http.getResponse<Response>(), (error?: unknown) =>
        error ? reject(error) : resolve(),
      ),
    );
    return next.handle();
  }
}
