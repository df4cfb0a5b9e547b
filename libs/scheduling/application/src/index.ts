export * from './request-reservation.handler';
