/**
 * R71: a seeker belongs to the office whose code begins their job seeker number (the
 * fallback for a number that does not begin with five digits, which validation refuses
 * before it gets here).
 */
export function officeOfNumber(jobSeekerNumber: string, fallback: string): string {
  const prefix = /^(\d{5})/.exec(jobSeekerNumber);
  return prefix ? prefix[1] : fallback;
}
