export * from './mailer';
export * from './delivery-ledger';
export * from './notification.consumer';
export * from './notification.module';
export * from './tokens';
export * from './notification.service';
export * from './sign-in-link.mail';
export * from './sign-in-link.rpc-controller';
