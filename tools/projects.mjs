// The single list of workspace projects: tsconfig paths, jest module mapping and
// the Nx project files are generated from, or checked against, this list.
export const libs = [
  { name: 'event-store', dir: 'libs/shared/event-store', scope: 'shared', type: 'infra' },
  { name: 'messaging', dir: 'libs/shared/messaging', scope: 'shared', type: 'infra' },
  { name: 'time', dir: 'libs/shared/time', scope: 'shared', type: 'util' },
  { name: 'platform', dir: 'libs/shared/platform', scope: 'shared', type: 'infra' },
  { name: 'testing', dir: 'libs/shared/testing', scope: 'shared', type: 'util' },
  { name: 'scheduling-domain', dir: 'libs/scheduling/domain', scope: 'scheduling', type: 'domain' },
  { name: 'scheduling-application', dir: 'libs/scheduling/application', scope: 'scheduling', type: 'application' },
  { name: 'scheduling-contracts', dir: 'libs/scheduling/contracts', scope: 'scheduling', type: 'contracts' },
  { name: 'scheduling-infra', dir: 'libs/scheduling/infra', scope: 'scheduling', type: 'infra' },
  { name: 'notification-contracts', dir: 'libs/notification/contracts', scope: 'notification', type: 'contracts' },
  { name: 'notification-domain', dir: 'libs/notification/domain', scope: 'notification', type: 'domain' },
  { name: 'notification-infra', dir: 'libs/notification/infra', scope: 'notification', type: 'infra' },
  { name: 'audit-contracts', dir: 'libs/audit/contracts', scope: 'audit', type: 'contracts' },
  { name: 'audit-domain', dir: 'libs/audit/domain', scope: 'audit', type: 'domain' },
  { name: 'audit-infra', dir: 'libs/audit/infra', scope: 'audit', type: 'infra' },
  { name: 'eligibility-domain', dir: 'libs/eligibility/domain', scope: 'eligibility', type: 'domain' },
  { name: 'eligibility-application', dir: 'libs/eligibility/application', scope: 'eligibility', type: 'application' },
  { name: 'eligibility-contracts', dir: 'libs/eligibility/contracts', scope: 'eligibility', type: 'contracts' },
  { name: 'eligibility-infra', dir: 'libs/eligibility/infra', scope: 'eligibility', type: 'infra' },
  { name: 'gateway-contracts', dir: 'libs/gateway/contracts', scope: 'gateway', type: 'contracts' },
  { name: 'gateway-infra', dir: 'libs/gateway/infra', scope: 'gateway', type: 'infra' },
];
export const apps = [
  { name: 'gateway', dir: 'apps/gateway', scope: 'gateway' },
  { name: 'scheduling', dir: 'apps/scheduling', scope: 'scheduling' },
  { name: 'eligibility', dir: 'apps/eligibility', scope: 'eligibility' },
  { name: 'notification', dir: 'apps/notification', scope: 'notification' },
  { name: 'audit', dir: 'apps/audit', scope: 'audit' },
  { name: 'standalone', dir: 'apps/standalone', scope: 'standalone' },
  { name: 'e2e', dir: 'apps/e2e', scope: 'standalone' },
];
