import { PostgresEventStore } from '../src/postgres/postgres-event-store';
const s = await PostgresEventStore.connect({ url: 'postgres://postgres@127.0.0.1:5432/es_probe', schema: 'p3', poolSize: 4 });
for (let round = 0; round < 4; round++) {
  const t = performance.now(); let after: bigint | undefined; let n = 0;
  for (;;) { const p = await s.readAll({ after, limit: 2000 }); if (!p.length) break; n += p.length; after = p[p.length - 1].position; }
  console.log(Math.round(n / ((performance.now() - t) / 1000)));
}
await s.close();
