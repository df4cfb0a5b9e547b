export const MAILER = Symbol('MAILER');
export const INBOUND_REPLY_LOG = Symbol('INBOUND_REPLY_LOG');
export const INBOUND_REPLY_HANDLER = Symbol('INBOUND_REPLY_HANDLER');
