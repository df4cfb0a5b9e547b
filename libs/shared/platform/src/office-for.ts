// The office settings a process runs with: the OFFICE_CONFIG file (or Hello Work
// Namerikawa), with the public address of the system taken from PUBLIC_BASE_URL when set.
// Without either, the one process of `npm start` makes its links follow the port it
// listens on, so that `PORT=8080 npm start` does not mail links to port 3000. (A service
// in its own process does not serve HTTP itself: set PUBLIC_BASE_URL for all of them.)
import type { SoudanConfig } from './config';
import { loadOffice, NAMERIKAWA, type OfficeSettings } from './office';

export function officeFor(
  config: Pick<SoudanConfig, 'mode' | 'officeConfigPath' | 'publicBaseUrl' | 'port'>,
): OfficeSettings {
  const office = loadOffice(config.officeConfigPath);
  if (config.publicBaseUrl) return { ...office, publicBaseUrl: config.publicBaseUrl };
  if (
    config.mode === 'embedded' &&
    office.publicBaseUrl === NAMERIKAWA.publicBaseUrl &&
    config.port !== 3000 &&
    config.port !== 0
  ) {
    return { ...office, publicBaseUrl: `http://localhost:${config.port}` };
  }
  return office;
}
