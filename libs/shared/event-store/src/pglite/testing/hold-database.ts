// A process that opens an embedded database, appends one event, says "open" and holds the
// database until it is killed: the other process of the directory-lock test
// (pglite-event-store.int.spec.ts).
import { randomUUID } from 'node:crypto';
import { PgliteEventStore } from '../pglite-event-store';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-database.ts <data directory>');
const store = await PgliteEventStore.open({ dataDir });
await store.append(
  'held',
  [
    {
      eventId: randomUUID(),
      type: 'Held',
      data: { pid: process.pid },
      metadata: { correlationId: 'c', schemaVersion: 1 },
    },
  ],
  'any',
);
process.stdout.write('open\n');
setInterval(() => undefined, 60_000);
