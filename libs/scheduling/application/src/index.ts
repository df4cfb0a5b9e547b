export * from './ports';
export * from './reservation.service';
