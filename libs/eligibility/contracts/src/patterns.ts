// The request-reply subjects of eligibility (see api.ts for their types).
export const EligibilityPatterns = {
  /** R11, R40-R42: may this seeker request? Asked by scheduling before it accepts a request. */
  check: 'eligibility.check',
  /** Contact data for a pseudonymous seeker id (notification, gateway). */
  getContact: 'eligibility.contact.get',
  /** Records the contact given on a request (R10) in the erasable personal-data store. */
  recordContact: 'eligibility.contact.record',
  /** R63: the seeker's language (web and e-mail), kept with their contact. */
  getPreferences: 'eligibility.seeker.preferences.get',
  setLanguage: 'eligibility.seeker.preferences.language.set',
  /** Sign-in: do this job seeker number and e-mail match the roster? */
  matchSeeker: 'eligibility.seeker.match',
  health: 'eligibility.health',
  /** Staff add or correct one roster entry. */
  registerSeeker: 'eligibility.seeker.register',
  /** Staff view of one roster entry (standing, suspension, open review, contact). */
  getSeeker: 'eligibility.seeker.get',
  /** Roster import, phase 1: checks rows without changing anything (stateless, so batches may go to any replica). */
  validateRoster: 'eligibility.roster.validate',
  /** Roster import, phase 2: applies rows (idempotent: the same rows again change nothing). */
  applyRoster: 'eligibility.roster.apply',
  /** R42: a supervisor's decision, never automatic. */
  suspendSeeker: 'eligibility.seeker.suspend',
  liftSuspension: 'eligibility.seeker.suspension.lift',
  /** R19, R21: a supervisor closes a review without suspending. */
  dismissReview: 'eligibility.review.dismiss',
  /** R54: destroys the seeker's data key; their personal data becomes unreadable everywhere. */
  eraseSeeker: 'eligibility.seeker.erase',
  /** Open no-show and termination reviews, for the staff alerts. */
  openReviews: 'eligibility.reviews.open',
  /** R72: the roster of the member's offices, searched by number or name (the seekers screen). */
  searchRoster: 'eligibility.roster.search',
} as const;
