// What other services may know of eligibility (issue: eligibility service).
export const ELIGIBILITY_CONTEXT = 'eligibility';

export const EligibilityPatterns = {
  health: 'eligibility.health',
} as const;
