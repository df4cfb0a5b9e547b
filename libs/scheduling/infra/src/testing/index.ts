export { checkPlaces, type PlacesReport } from './places-check';
export { schedulingDriver, alwaysEligible, type SchedulingDriver } from './scheduling-driver';
