import { calendarUid, consultationCalendar } from './calendar';
import { confirmed, context } from './testing/fixtures';

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** RFC 5545 3.1: unfold continuation lines, then split each into name, parameters and value. */
function parseIcs(text: string): Property[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      const [name, ...params] = line.slice(0, colon).split(';');
      return {
        name,
        params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
        value: line.slice(colon + 1),
      };
    });
}

/** The properties of the first component with this name. */
function component(properties: Property[], name: string): Property[] {
  const start = properties.findIndex((p) => p.name === 'BEGIN' && p.value === name);
  const end = properties.findIndex((p, i) => i > start && p.name === 'END' && p.value === name);
  return properties.slice(start + 1, end);
}

const get = (properties: Property[], name: string) => properties.find((p) => p.name === name);

describe('the iCalendar file of a confirmation', () => {
  const ics = consultationCalendar(confirmed, context);
  const all = parseIcs(ics);
  const event = component(all, 'VEVENT');

  it('R60: holds exactly one event, lines ended by CRLF', () => {
    expect(all.filter((p) => p.name === 'BEGIN' && p.value === 'VEVENT')).toHaveLength(1);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    expect(get(all, 'METHOD')?.value).toBe('PUBLISH');
  });

  it('R1/R60: starts and ends at the slot in Asia/Tokyo, with the zone defined', () => {
    expect(get(event, 'DTSTART')).toEqual({
      name: 'DTSTART',
      params: { TZID: 'Asia/Tokyo' },
      value: '20261209T100000',
    });
    expect(get(event, 'DTEND')).toEqual({ name: 'DTEND', params: { TZID: 'Asia/Tokyo' }, value: '20261209T103000' });
    const zone = component(all, 'VTIMEZONE');
    expect(get(zone, 'TZID')?.value).toBe('Asia/Tokyo');
    expect(get(component(zone, 'STANDARD'), 'TZOFFSETTO')?.value).toBe('+0900');
  });

  it('R60: has a UID from the reservation, so the same booking is the same calendar entry', () => {
    expect(get(event, 'UID')?.value).toBe('reservation-r-1@namerikawa.hellowork.example');
    expect(calendarUid('r-1', 'namerikawa.hellowork.example')).toBe('reservation-r-1@namerikawa.hellowork.example');
    expect(
      consultationCalendar({ ...confirmed, meetingUrl: 'https://soudan.example.jp/join/other' }, context),
    ).toContain('UID:reservation-r-1@namerikawa.hellowork.example');
  });

  it('R15: the URL and the location are the meeting URL', () => {
    expect(get(event, 'URL')?.value).toBe('https://soudan.example.jp/join/tok-abc');
    expect(get(event, 'LOCATION')?.value).toBe('https://soudan.example.jp/join/tok-abc');
  });

  it('R60: the summary names the office', () => {
    expect(get(event, 'SUMMARY')?.value).toBe('オンライン職業相談（ハローワーク滑川）');
  });

  it('R22: the description says recording is prohibited and to log in 5 minutes early', () => {
    const description = get(event, 'DESCRIPTION')?.value ?? '';
    expect(description).toContain('録画・録音は禁止');
    expect(description).toContain('開始5分前までにログイン');
  });

  it('RFC 5545: DTSTAMP is UTC and comes from the consent, so the file does not change with the clock', () => {
    expect(get(event, 'DTSTAMP')?.value).toBe('20261202T030405Z');
    expect(consultationCalendar(confirmed, context)).toBe(ics);
  });
});
