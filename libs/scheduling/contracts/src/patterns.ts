// The request-reply subjects of scheduling (see api.ts for their types).
export const SchedulingPatterns = {
  requestReservation: 'scheduling.reservation.request',
  getReservation: 'scheduling.reservation.get',
  listMyReservations: 'scheduling.reservation.list-mine',
  consent: 'scheduling.reservation.consent',
  /** R61: what notification needs to read an e-mail reply to an offer (`OfferForReply`); service-internal. */
  offerForReply: 'scheduling.reservation.offer-for-reply',
  cancelBySeeker: 'scheduling.reservation.cancel-by-seeker',
  /** R15: the signed-in seeker joins their booked session (the join link's record, without the link). */
  joinBySeeker: 'scheduling.reservation.join-by-seeker',
  /** R60: what a calendar entry of a booked session needs (`BookedSession`); NOT_BOOKED otherwise. */
  bookedSession: 'scheduling.reservation.booked-session',
  offer: 'scheduling.staff.offer',
  reject: 'scheduling.staff.reject',
  checkIn: 'scheduling.staff.check-in',
  complete: 'scheduling.staff.complete',
  terminate: 'scheduling.staff.terminate',
  cancelByStaff: 'scheduling.staff.cancel',
  followUp: 'scheduling.staff.follow-up',
  listStaffReservations: 'scheduling.staff.reservations',
  schedule: 'scheduling.staff.schedule',
  alerts: 'scheduling.staff.alerts',
  setCapacity: 'scheduling.staff.capacity',
  /** R4: the capacity an office has set (`CapacityView`). */
  getCapacity: 'scheduling.staff.capacity.get',
  availability: 'scheduling.availability',
  publishTerms: 'scheduling.terms.publish',
  currentTerms: 'scheduling.terms.current',
  openReservations: 'scheduling.reservations.open',
  /** R70: the office registry (the national administrator's). */
  listOffices: 'scheduling.offices.list',
  getOffice: 'scheduling.offices.get',
  /** R71: what anyone may read of an office (name, phone, hours), for a seeker's pages. */
  publicOffice: 'scheduling.offices.public',
  /** R71: the settings of the office a mail speaks for (a reservation's, or by code); notification's. */
  officeForMail: 'scheduling.offices.for-mail',
  setOffice: 'scheduling.offices.set',
  /** R70: an office's hours and closures, by its own supervisors. */
  setOfficeCalendar: 'scheduling.offices.calendar',
  importOffices: 'scheduling.offices.import',
  join: 'scheduling.join',
  /** R52, R54: whose meeting link a token is (`{ token }` -> `{ seekerId }`), so the gateway seals the join's device data with that seeker's own key. */
  joinSeeker: 'scheduling.join.seeker',
  health: 'scheduling.health',
} as const;
