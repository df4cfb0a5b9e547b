// Office settings (domain.md "Actors", R70) for a deployment that runs one office: read
// from OFFICE_CONFIG (JSON) when given, else Hello Work Namerikawa. What an office's
// settings are and when they are acceptable is @soudan/offices, shared with the
// national registry, so that the file and the registry refuse the same things.
import { readFileSync } from 'node:fs';
import { NAMERIKAWA, officeProblems, withDefaults, type OfficeSettings } from '@soudan/offices';
import { ConfigError } from './config';

export { meetingAppOf, NAMERIKAWA, type OfficeSettings } from '@soudan/offices';

export function loadOffice(path: string | undefined): OfficeSettings {
  if (!path) return NAMERIKAWA;
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('OFFICE_CONFIG', `cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('OFFICE_CONFIG', `${path} is not valid JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigError('OFFICE_CONFIG', `${path} must hold one JSON object of office settings`);
  const office = withDefaults(parsed as Record<string, unknown>);
  // A wrong value must stop the start, not fall back: retention decides when data is
  // erased, the hours which slots exist.
  const problems = Object.entries(officeProblems(office));
  if (problems.length > 0)
    throw new ConfigError(
      'OFFICE_CONFIG',
      problems.map(([field, messages]) => `${field}: ${messages.join('; ')}`).join(' | '),
    );
  return office as OfficeSettings;
}
