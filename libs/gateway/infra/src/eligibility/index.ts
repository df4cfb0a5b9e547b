export * from './eligibility-http.module';
export * from './roster-csv';
export * from './roster-importer';
export * from './seeker-preferences.controller';
export * from './seekers.controller';
export * from './seekers.dto';
