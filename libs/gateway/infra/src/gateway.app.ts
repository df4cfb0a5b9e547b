// The HTTP edge: JSON only, bounded bodies, a correlation id on every request, api.md's
// error shape for everything that goes wrong, OpenAPI at /api/docs.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { currentCorrelationId, PinoNestLogger, runWithCorrelation, sanitizeCorrelationId, type ServiceRuntime } from '@soudan/platform';
import { errorResponse, HttpErrorFilter } from './http-error.filter';
import { GatewayModule } from './gateway.module';
import { validationPipe } from './validation';

export const API_PREFIX = 'api/v1';
const BODY_LIMIT = '64kb';

export async function createGatewayApp(runtime: ServiceRuntime): Promise<INestApplication> {
  const logger = runtime.logger;
  const app = await NestFactory.create(GatewayModule.register(runtime), { bodyParser: false, logger: new PinoNestLogger(logger) });
  app.getHttpAdapter().getInstance().disable('x-powered-by');

  app.use((request: Request, response: Response, next: NextFunction) => {
    const correlationId = sanitizeCorrelationId(request.headers['x-correlation-id']);
    runWithCorrelation(correlationId, () => {
      // Echo the id so a caller can quote it when reporting a problem.
      response.setHeader('X-Correlation-Id', currentCorrelationId() ?? '');
      next();
    });
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && !request.is('application/json')) {
      const { status, body } = errorResponse(Object.assign(new Error('unsupported media type'), { type: 'charset.unsupported' }), request, logger);
      response.status(status).json(body);
      return;
    }
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    const { status, body } = errorResponse(error, request, logger);
    response.status(status).json(body);
  });

  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('soudan').setDescription('オンライン職業相談 予約システム API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
