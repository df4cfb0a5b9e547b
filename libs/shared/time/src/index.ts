export * from './clock';
export * from './business-calendar';
