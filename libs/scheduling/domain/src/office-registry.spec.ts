// R70: the national registry of offices, as the national administrator and OFFICE_CONFIG change it.
import type { OfficeChangeSource } from '@soudan/scheduling-contracts';
import { deciderSpec } from '@soudan/testing/decider';
import { DomainError } from './domain-error';
import {
  assessImport,
  assessOffice,
  decideOfficeRegistry,
  evolveOfficeRegistry,
  initialOfficeRegistryState,
  officeRegistryDecider,
  type OfficeChange,
  type OfficeRegistryCommand,
  type OfficeRegistryEvent,
  type OfficeRegistryState,
} from './office-registry';

const NOW = '2027-01-05T00:00:00.000Z';
const TOYAMA = {
  name: 'ハローワーク富山',
  phone: '076-431-8609',
  email: '16010hw01@mhlw.go.jp',
  meetingBaseUrl: 'https://meet.soudan.example/room',
  publicBaseUrl: 'https://soudan.example.jp',
};
const set = (
  code: string,
  settings: Record<string, unknown>,
  source: { kind: 'api' } | { kind: 'file'; digest: string } = { kind: 'api' },
): OfficeRegistryCommand => ({
  type: 'SetOffice',
  data: { code, settings, source, by: 'staff:admin' },
  metadata: { now: NOW },
});
const run = (state: OfficeRegistryState, command: OfficeRegistryCommand) => {
  const events = decideOfficeRegistry(command, state);
  return { events, state: events.reduce(evolveOfficeRegistry, state) };
};
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe('office registry (R70)', () => {
  it('R70: registers an office with the national defaults for what it leaves out', () => {
    const { events, state } = run(initialOfficeRegistryState(), set('16010', TOYAMA));
    expect(events.map((e) => e.type)).toEqual(['OfficeRegistered']);
    const office = state.offices.get('16010')!;
    expect(office.settings).toMatchObject({
      code: '16010',
      name: 'ハローワーク富山',
      defaultCapacity: 1,
      closures: [],
    });
    expect(office.settings.hours).toEqual({ open: '10:00', close: '16:00', slotMinutes: 30 });
    expect(office).toMatchObject({ registeredAt: NOW, updatedAt: NOW, changes: 0 });
  });

  it('R70: a change is an event naming what changed; the same settings again record nothing', () => {
    const registered = run(initialOfficeRegistryState(), set('16010', TOYAMA)).state;
    const changed = run(registered, set('16010', { ...TOYAMA, closures: ['2027-02-12'], phone: '076-431-8600' }));
    expect(changed.events).toEqual([
      expect.objectContaining({
        type: 'OfficeSettingsChanged',
        data: expect.objectContaining({ code: '16010', changed: ['closures', 'phone'], by: 'staff:admin' }),
      }),
    ]);
    expect(changed.state.offices.get('16010')!.changes).toBe(1);
    expect(
      run(changed.state, set('16010', { ...TOYAMA, closures: ['2027-02-12'], phone: '076-431-8600' })).events,
    ).toEqual([]);
  });

  it("R70, R2, R3: an office's supervisors change its hours and closed days; every other setting stays", () => {
    const registered = run(
      initialOfficeRegistryState(),
      set('16010', { ...TOYAMA, staffEmail: 'staff@16010.example.jp', defaultCapacity: 2 }),
    ).state;
    const calendar = (data: { hours?: unknown; closures?: unknown }): OfficeRegistryCommand => ({
      type: 'SetOfficeCalendar',
      data: { code: '16010', ...data, by: 'staff:iida' },
      metadata: { now: NOW },
    });
    const closed = run(registered, calendar({ closures: ['2027-02-12'] }));
    expect(closed.events).toEqual([
      {
        type: 'OfficeSettingsChanged',
        data: expect.objectContaining({ changed: ['closures'], source: { kind: 'office' }, by: 'staff:iida', at: NOW }),
      },
    ]);
    const settings = closed.state.offices.get('16010')!.settings;
    expect(settings).toMatchObject({
      closures: ['2027-02-12'],
      staffEmail: 'staff@16010.example.jp',
      defaultCapacity: 2,
      hours: { open: '10:00', close: '16:00', slotMinutes: 30 },
    });
    // The hours alone: the closures just set stay.
    const hours = run(closed.state, calendar({ hours: { open: '09:00', close: '17:00', slotMinutes: 60 } }));
    expect(hours.events[0].data).toMatchObject({ changed: ['hours'] });
    expect(hours.state.offices.get('16010')!.settings).toMatchObject({
      closures: ['2027-02-12'],
      hours: { open: '09:00', close: '17:00', slotMinutes: 60 },
    });
    // The same again records nothing; both left out change nothing.
    expect(run(hours.state, calendar({ closures: ['2027-02-12'] })).events).toEqual([]);
    expect(run(hours.state, calendar({})).events).toEqual([]);
    // Checked as any other change, with the setting named; an office not registered is not found.
    const bad = refusal(() =>
      run(
        hours.state,
        calendar({ hours: { open: '10:00', close: '16:10', slotMinutes: 30 }, closures: ['2027-02-30'] }),
      ),
    );
    expect(bad.code).toBe('OFFICE_SETTINGS_INVALID');
    expect(Object.keys(bad.details.fields as object).sort()).toEqual(['closures.0', 'hours.slotMinutes']);
    const missing = refusal(() =>
      run(hours.state, {
        type: 'SetOfficeCalendar',
        data: { code: '13010', closures: [], by: 'staff:iida' },
        metadata: { now: NOW },
      }),
    );
    expect([missing.code, missing.details]).toEqual(['OFFICE_NOT_FOUND', { code: '13010' }]);
  });

  it('R70: settings are given whole: an optional setting left out goes back to its default', () => {
    const withStaff = run(
      initialOfficeRegistryState(),
      set('16010', { ...TOYAMA, staffEmail: 'staff@16010.example.jp' }),
    );
    const { events } = run(withStaff.state, set('16010', TOYAMA));
    expect(events[0].data).toMatchObject({ changed: ['staffEmail'] });
    expect(events[0].data.settings.staffEmail).toBeUndefined();
  });

  it('R70: refuses invalid settings with every problem by field, and a body naming another code', () => {
    const error = refusal(() =>
      run(initialOfficeRegistryState(), set('16010', { ...TOYAMA, phone: 'x', hours: 'all day' })),
    );
    expect(error.code).toBe('OFFICE_SETTINGS_INVALID');
    expect(Object.keys(error.details.fields as object).sort()).toEqual(['hours', 'phone']);
    expect(
      refusal(() => run(initialOfficeRegistryState(), set('16010', { ...TOYAMA, code: '13010' }))).details,
    ).toEqual({
      fields: { code: ['the code in the settings differs from the office named'] },
    });
    expect(refusal(() => run(initialOfficeRegistryState(), set('1601', TOYAMA))).details.fields).toHaveProperty('code');
  });

  it('R70: OFFICE_CONFIG applies once per version of the file: a later change by the administrator stands at the next start', () => {
    const file = { kind: 'file', digest: 'sha256:aaa' } as const;
    let state = run(initialOfficeRegistryState(), set('16010', TOYAMA, file)).state;
    state = run(state, set('16010', { ...TOYAMA, phone: '076-431-8600' })).state;
    expect(run(state, set('16010', TOYAMA, file)).events).toEqual([]);
    const edited = run(
      state,
      set('16010', { ...TOYAMA, name: 'ハローワーク富山（本所）' }, { kind: 'file', digest: 'sha256:bbb' }),
    );
    expect(edited.events[0].data).toMatchObject({
      changed: ['name', 'phone'],
      source: { kind: 'file', digest: 'sha256:bbb' },
    });
  });

  it('R70: a new version of the file is remembered even when it changes nothing, so it does not undo later changes', () => {
    let state = run(initialOfficeRegistryState(), set('16010', TOYAMA)).state;
    const same = run(state, set('16010', TOYAMA, { kind: 'file', digest: 'sha256:ccc' }));
    expect(same.events[0]).toMatchObject({ type: 'OfficeSettingsChanged', data: { changed: [] } });
    state = run(same.state, set('16010', { ...TOYAMA, phone: '076-431-8600' })).state;
    expect(run(state, set('16010', TOYAMA, { kind: 'file', digest: 'sha256:ccc' })).events).toEqual([]);
  });

  it('R70: an import writes all its rows or none, and says per row what it would do', () => {
    const state = run(initialOfficeRegistryState(), set('16010', TOYAMA)).state;
    const rows = [
      { code: '16010', ...TOYAMA },
      { code: '16020', ...TOYAMA, name: 'ハローワーク高岡' },
      { code: '16010', ...TOYAMA },
      { code: '16030', ...TOYAMA, hours: { open: '10:00', close: '15:50' } },
      'not an office',
    ];
    expect(assessImport(state, rows, 'staff:admin', NOW).rows.map((r) => [r.row, r.code, r.outcome])).toEqual([
      [1, '16010', 'unchanged'],
      [2, '16020', 'registered'],
      [3, '16010', 'refused'],
      [4, '16030', 'refused'],
      [5, null, 'refused'],
    ]);
    const error = refusal(() =>
      run(state, { type: 'ImportOffices', data: { offices: rows, by: 'staff:admin' }, metadata: { now: NOW } }),
    );
    expect(error.code).toBe('OFFICE_IMPORT_REFUSED');
    expect((error.details.rows as Array<{ row: number }>).map((r) => r.row)).toEqual([3, 4, 5]);
    const imported = run(state, {
      type: 'ImportOffices',
      data: { offices: rows.slice(0, 2), by: 'staff:admin' },
      metadata: { now: NOW },
    });
    expect(imported.events.map((e) => [e.type, e.data.code])).toEqual([['OfficeRegistered', '16020']]);
    expect([...imported.state.offices.keys()].sort()).toEqual(['16010', '16020']);
  });

  it('R70: a change names the settings that differ in alphabetical order', () => {
    const registered = run(initialOfficeRegistryState(), set('16010', TOYAMA)).state;
    const { events } = run(
      registered,
      set('16010', { ...TOYAMA, phone: '076-431-8600', email: 'info@16010.example.jp' }),
    );
    expect(events[0].data).toMatchObject({ changed: ['email', 'phone'] });
  });

  it('R70: registering an office again starts its history anew', () => {
    const [event] = run(initialOfficeRegistryState(), set('16010', TOYAMA)).events;
    const later = { ...event, data: { ...event.data, at: '2027-01-06T00:00:00.000Z' } } as OfficeRegistryEvent;
    const state = [event, later].reduce(evolveOfficeRegistry, initialOfficeRegistryState());
    expect(state.offices.get('16010')).toMatchObject({
      registeredAt: '2027-01-06T00:00:00.000Z',
      updatedAt: '2027-01-06T00:00:00.000Z',
      changes: 0,
    });
  });

  it('R70: settings that are not a JSON object are refused as a whole, with the code only when it is a string', () => {
    const assess = (code: unknown, settings: unknown) =>
      assessOffice(
        initialOfficeRegistryState(),
        { code, settings } as OfficeChange,
        { kind: 'api' },
        'staff:admin',
        NOW,
      );
    const notAnObject = { office: ['office settings must be a JSON object'] };
    for (const settings of [null, 'all day', [], [TOYAMA]])
      expect(assess('16010', settings)).toEqual({ outcome: 'refused', code: '16010', problems: notAnObject });
    expect(assess(16010, TOYAMA)).toMatchObject({ outcome: 'refused', code: null });
  });

  it('R70: says what a change would do: registered, changed, or unchanged (a new file is still recorded)', () => {
    const assess = (state: OfficeRegistryState, settings: Record<string, unknown>, source: OfficeChangeSource) =>
      assessOffice(state, { code: '16010', settings }, source, 'staff:admin', NOW);
    const file = { kind: 'file', digest: 'sha256:aaa' } as const;
    const first = assess(initialOfficeRegistryState(), TOYAMA, file);
    expect(first).toMatchObject({ outcome: 'registered', code: '16010', changed: [] });
    const state = run(initialOfficeRegistryState(), set('16010', TOYAMA, file)).state;
    expect(assess(state, { ...TOYAMA, phone: '076-431-8600' }, file)).toEqual({
      outcome: 'unchanged',
      code: '16010',
      changed: [],
    });
    expect(assess(state, TOYAMA, { kind: 'api' })).toEqual({
      outcome: 'unchanged',
      code: '16010',
      changed: [],
    });
    expect(assess(state, { ...TOYAMA, phone: '076-431-8600' }, { kind: 'api' })).toMatchObject({
      outcome: 'changed',
      changed: ['phone'],
      event: { type: 'OfficeSettingsChanged' },
    });
    expect(assess(state, TOYAMA, { kind: 'file', digest: 'sha256:bbb' })).toMatchObject({
      outcome: 'unchanged',
      changed: [],
      event: { type: 'OfficeSettingsChanged', data: { changed: [] } },
    });
  });

  it('R70: an import refuses a row that is not an office object with a string code, or repeats a code', () => {
    const noCode = { code: ['each office needs its 5-digit code'] };
    const rows = [
      null,
      42,
      'not an office',
      Object.assign(['16010'], { code: '16010' }),
      Object.assign(() => undefined, { code: '16010' }),
      { ...TOYAMA, code: 16010 },
    ];
    expect(assessImport(initialOfficeRegistryState(), rows, 'staff:admin', NOW).rows).toEqual(
      rows.map((_, index) => ({ row: index + 1, outcome: 'refused', code: null, problems: noCode })),
    );
    const twice = assessImport(
      initialOfficeRegistryState(),
      [
        { ...TOYAMA, code: '16010' },
        { ...TOYAMA, code: '16010' },
      ],
      'staff:admin',
      NOW,
    ).rows[1];
    expect(twice).toEqual({
      row: 2,
      outcome: 'refused',
      code: '16010',
      problems: { code: ['office 16010 appears twice in the file'] },
    });
  });

  it('R70: an import records its rows as imported, and gives the registry as it would stand after them', () => {
    const { rows, state } = assessImport(
      initialOfficeRegistryState(),
      [
        { ...TOYAMA, code: '16010' },
        { ...TOYAMA, code: '16020', phone: 'x' },
      ],
      'staff:admin',
      NOW,
    );
    expect(rows[0]).toMatchObject({ event: { data: { source: { kind: 'import' }, by: 'staff:admin', at: NOW } } });
    expect([...state.offices.keys()]).toEqual(['16010']);
  });

  it('R70: the registry decider registers an office', () => {
    deciderSpec(officeRegistryDecider)([])
      .when(set('16010', TOYAMA))
      .then([{ type: 'OfficeRegistered' }]);
  });
});
