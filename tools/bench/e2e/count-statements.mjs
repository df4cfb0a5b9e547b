// Preload for a server process under the bench (`--import`): counts the SQL statements
// it sends through pg, by statement, and writes the counts so far to STATEMENT_COUNTS
// (JSON, its own process id appended) every half second; a reader diffs two readings.
// Which statements a request costs, for the profile's biggest item (a socket write per
// statement).
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const counts = new Map();
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(config, values, callback) {
  const text = typeof config === 'string' ? config : (config?.text ?? config?.name ?? '?');
  const key = String(text).replace(/\s+/g, ' ').trim().slice(0, 160);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return query.call(this, config, values, callback);
};
const file = process.env.STATEMENT_COUNTS;
if (file) setInterval(() => writeFileSync(`${file}.${process.pid}`, JSON.stringify([...counts])), 500).unref();
