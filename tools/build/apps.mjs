/** The processes an operator starts; apps/e2e holds tests only, apps/web is built by build:web. */
export const SERVER_APPS = ['standalone', 'gateway', 'scheduling', 'eligibility', 'notification', 'audit'];
