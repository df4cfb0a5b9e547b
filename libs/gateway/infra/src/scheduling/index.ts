export * from './join.controller';
export * from './public-scheduling.controller';
export * from './reservation.dto';
export * from './scheduling.dto';
export * from './seeker-reservations.controller';
export * from './staff-reservations.controller';
export * from './scheduling-http.module';
