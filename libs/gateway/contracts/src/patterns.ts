// The request-reply subjects of gateway (see api.ts for their types).
export const GatewayPatterns = {
  /** R52, R54: opens device data sealed with a seeker's own key, for an approved disclosure (the audit service asks). */
  unsealDeviceData: 'gateway.device-data.unseal',
} as const;
