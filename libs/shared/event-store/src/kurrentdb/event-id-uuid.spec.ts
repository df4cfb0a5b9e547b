import { eventIdToUuid, isCanonicalUuid } from './event-id-uuid';

describe('KurrentDB event ids', () => {
  it('keeps an id that already is a lower-case UUID', () => {
    const id = '0b6c4a4e-2f7d-4c1a-9a51-3f0e8c2d7b11';
    expect(eventIdToUuid(id)).toBe(id);
  });

  it('derives the same version-5-layout UUID from the same id, every time', () => {
    const uuid = eventIdToUuid('reservation-42:requested');
    expect(uuid).toBe(eventIdToUuid('reservation-42:requested'));
    expect(isCanonicalUuid(uuid)).toBe(true);
    expect(uuid[14]).toBe('5');
    expect(['8', '9', 'a', 'b']).toContain(uuid[19]);
  });

  it('derives different UUIDs from different ids, including an upper-case UUID and its lower-case form', () => {
    const upper = '0B6C4A4E-2F7D-4C1A-9A51-3F0E8C2D7B11';
    expect(eventIdToUuid(upper)).not.toBe(upper.toLowerCase());
    expect(eventIdToUuid('a')).not.toBe(eventIdToUuid('b'));
  });
});
