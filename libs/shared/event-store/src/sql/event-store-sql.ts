// Every statement of the SQL event store, written once for PostgreSQL and PGlite alike.
import { createHash } from 'node:crypto';
import type { SqlStatement } from './sql-executor';
import { snapshotPartsMigration, snapshotsMigration } from './snapshot-sql';

/**
 * Several services may share one database with a schema each. The name is spliced into
 * SQL text (identifiers cannot be parameters), so only plain lower-case names pass.
 */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `event store schema "${schema}" must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters)`,
    );
  }
  return schema;
}

/**
 * The global position is (transaction id << 20) + index in the append, so one append
 * may carry at most 2^20 - 1 events.
 */
export const MAX_EVENTS_PER_APPEND = 2 ** 20 - 1;

export interface EventStoreSql {
  schema: string;
  /** Channel for LISTEN/NOTIFY; one per schema so services sharing a database wake only their own subscribers. */
  channel: string;
  /** 64-bit key for pg_advisory_xact_lock, so two processes starting together migrate one after the other. */
  migrationLockKey: string;
  append: SqlStatement;
  appendOne: SqlStatement;
  /** Appends to several streams in one statement (one transaction); one answer row per append. */
  appendMany: SqlStatement;
  readStream: SqlStatement;
  readAll: SqlStatement;
  getCheckpoint: SqlStatement;
  putCheckpoint: SqlStatement;
  inboxHas: SqlStatement;
  inboxAdd: SqlStatement;
  ping: SqlStatement;
  notify: SqlStatement;
  lockMigrations: SqlStatement;
  appliedMigrations: SqlStatement;
  recordMigration: SqlStatement;
  createMigrationsTable: string;
  migrations: Migration[];
}

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Columns every read returns, in this order (reads fetch them as arrays), in the shape `toRecordedEvent` maps. */
export interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  /** UTC, `YYYY-MM-DD HH:MM:SS[.ffffff]`: both executors hand timestamp-without-time-zone over as text. */
  recorded_at: string;
}

/** The one row the append statement answers with (int8 columns arrive as strings). */
export interface AppendRow {
  head_revision: string;
  existing_count: string;
  existing_in_stream: string;
  /** An id of the batch that exists elsewhere (another stream first). */
  duplicate_event_id: string | null;
  /** An id of the batch stored with another type or other data: not a retry. */
  changed_event_id: string | null;
  existing_last_revision: string | null;
  existing_last_position: string | null;
  last_revision: string | null;
  last_position: string | null;
}

/**
 * appendMany answers a row per append, `r` being its index in the request. Its inserted
 * events' revisions and positions follow from what the caller sent: revision
 * head_revision + index in the append, position (transaction id << 20) + index in the
 * statement, the transaction id being inserted_position >> 20.
 */
export interface AppendManyRow {
  r: number;
  head_revision: string;
  /** Its expectation held (with all or nothing, it was inserted only if every append's did). */
  accepted: boolean;
  /** The greatest position the statement inserted; null when it inserted nothing. */
  inserted_position: string | null;
  existing_count: string;
  existing_in_stream: string;
  duplicate_event_id: string | null;
  changed_event_id: string | null;
  existing_last_revision: string | null;
  existing_last_position: string | null;
}

const cache = new Map<string, EventStoreSql>();

export function eventStoreSql(schema: string): EventStoreSql {
  const cached = cache.get(schema);
  if (cached) return cached;
  const built = build(checkSchemaName(schema));
  cache.set(schema, built);
  return built;
}

function build(schema: string): EventStoreSql {
  const s = `"${schema}"`;
  const digest = createHash('sha1').update(`soudan-event-store:${schema}`).digest();
  // pg keeps prepared statements per connection by name; the schema hash keeps two
  // schemas' statements apart should a pool ever serve both.
  const tag = digest.subarray(0, 4).toString('hex');
  const statement = (name: string, text: string): SqlStatement => ({ name: `soudan_es_${tag}_${name}`, text });
  // recorded_at leaves as UTC text (timestamp without time zone) that the row mapping
  // reshapes into ISO-8601: parsing it into a Date and printing it again costs more than
  // the rest of a row's mapping, and the text does not depend on the session's TimeZone.
  const columns = `position, stream_id, revision, event_id, type, data, metadata, recorded_at AT TIME ZONE 'UTC' AS recorded_at`;

  return {
    schema,
    channel: `soudan_events_${schema}`.slice(0, 63),
    migrationLockKey: digest.readBigInt64BE(0).toString(),

    // One statement, hence one round trip and one implicit transaction per append:
    // - `existing` comes first so a retry of an append that already committed answers
    //   with the original result even if the stream has moved on since;
    // - `accepted` is empty when the expected revision does not hold, and then nothing
    //   is inserted; the caller reads why from the returned row;
    // - two appends racing for the same revision both pass `accepted` (each reads its
    //   own snapshot) but the unique (stream_id, revision) index lets only one commit;
    //   the loser gets 23505 and the caller runs the statement again, which now sees
    //   the winner.
    append: statement(
      'append',
      `WITH batch AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS b(n int, id text, type text, data jsonb, metadata jsonb)
       ), existing AS (
         SELECT e.event_id, e.stream_id, e.revision, e.position,
                (e.type = b.type AND e.data = coalesce(b.data, 'null'::jsonb)) AS same_content
           FROM ${s}.events e JOIN batch b ON b.id = e.event_id
          WHERE e.event_id = ANY (ARRAY(SELECT id FROM batch))
       ), head AS (
         SELECT coalesce(max(revision), -1) AS revision FROM ${s}.events WHERE stream_id = $1
       ), accepted AS (
         SELECT head.revision FROM head
          WHERE NOT EXISTS (SELECT FROM existing)
            AND CASE $3::text
                  WHEN 'any' THEN true
                  WHEN 'no_stream' THEN head.revision = -1
                  WHEN 'stream_exists' THEN head.revision >= 0
                  ELSE head.revision = $4::bigint
                END
       ), inserted AS (
         INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT (pg_current_xact_id()::text::bigint << 20) + batch.n, $1, accepted.revision + batch.n,
                batch.id, batch.type, coalesce(batch.data, 'null'::jsonb), batch.metadata
           FROM accepted CROSS JOIN batch
         RETURNING revision, position
       )
       SELECT h.revision AS head_revision,
              x.existing_count, x.existing_in_stream, x.duplicate_event_id, x.changed_event_id,
              x.existing_last_revision, x.existing_last_position,
              i.last_revision, i.last_position
         FROM head h,
              (SELECT count(*) AS existing_count,
                      count(*) FILTER (WHERE stream_id = $1) AS existing_in_stream,
                      coalesce(min(event_id) FILTER (WHERE stream_id <> $1), min(event_id)) AS duplicate_event_id,
                      min(event_id) FILTER (WHERE NOT same_content) AS changed_event_id,
                      max(revision) AS existing_last_revision,
                      max(position) AS existing_last_position
                 FROM existing) x,
              (SELECT max(revision) AS last_revision, max(position) AS last_position FROM inserted) i`,
    ),

    // The same append for the most common case, one event, with plain parameters: no
    // batch document to unpack and no aggregates, which takes about a third off the
    // server's work per append (measured with pgbench, 16 clients). Same answer row.
    appendOne: statement(
      'append_one',
      `WITH existing AS (
         SELECT stream_id, revision, position, (type = $3 AND data = $4::jsonb) AS same_content
           FROM ${s}.events WHERE event_id = $2
       ), head AS (
         SELECT coalesce(max(revision), -1) AS revision FROM ${s}.events WHERE stream_id = $1
       ), inserted AS (
         INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT (pg_current_xact_id()::text::bigint << 20) + 1, $1, head.revision + 1, $2, $3, $4::jsonb, $5::jsonb
           FROM head
          WHERE NOT EXISTS (SELECT FROM existing)
            AND CASE $6::text
                  WHEN 'any' THEN true
                  WHEN 'no_stream' THEN head.revision = -1
                  WHEN 'stream_exists' THEN head.revision >= 0
                  ELSE head.revision = $7::bigint
                END
         RETURNING revision, position
       )
       SELECT h.revision AS head_revision,
              (CASE WHEN e.stream_id IS NULL THEN 0 ELSE 1 END)::bigint AS existing_count,
              (CASE WHEN e.stream_id = $1 THEN 1 ELSE 0 END)::bigint AS existing_in_stream,
              CASE WHEN e.stream_id IS NULL THEN NULL ELSE $2 END AS duplicate_event_id,
              CASE WHEN e.stream_id IS NULL OR e.same_content THEN NULL ELSE $2 END AS changed_event_id,
              e.revision AS existing_last_revision,
              e.position AS existing_last_position,
              i.revision AS last_revision,
              i.position AS last_position
         FROM head h LEFT JOIN existing e ON true LEFT JOIN inserted i ON true`,
    ),

    // Several appends, each to its own stream with its own expectation, in one statement:
    // the group commit of concurrent single appends, and EventStore.appendMany. $1 lists
    // the appends (r: index, s: stream, k/v: expectation, c: event count), $2 their
    // events (n: index in the whole statement, so positions stay unique within the one
    // transaction id; i: index in its append). Each append is checked as the one-stream
    // statement checks it, and gets its own answer row: an append whose expectation fails
    // inserts nothing and does not stop the others, unless $3 (all or nothing) is true,
    // when nothing is inserted unless every append is accepted or is a whole retry. The
    // callers never put one stream or one event id in two appends of a statement.
    appendMany: statement(
      'append_many',
      `WITH req AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS q(r int, s text, k text, v bigint, c int)
       ), batch AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS b(r int, n int, i int, id text, type text, data jsonb, metadata jsonb)
       ), existing AS (
         SELECT b.r, e.stream_id, e.revision, e.position, e.event_id,
                (e.type = b.type AND e.data = coalesce(b.data, 'null'::jsonb)) AS same_content
           FROM batch b JOIN ${s}.events e ON e.event_id = b.id
       ), x AS (
         SELECT q.r, count(*) AS existing_count,
                count(*) FILTER (WHERE e.stream_id = q.s) AS existing_in_stream,
                coalesce(min(e.event_id) FILTER (WHERE e.stream_id <> q.s), min(e.event_id)) AS duplicate_event_id,
                min(e.event_id) FILTER (WHERE NOT e.same_content) AS changed_event_id,
                max(e.revision) AS existing_last_revision,
                max(e.position) AS existing_last_position,
                count(*) FILTER (WHERE e.stream_id = q.s AND e.same_content) = q.c AS retry
           FROM existing e JOIN req q ON q.r = e.r
          GROUP BY q.r, q.c
       ), head AS (
         SELECT q.r, q.s, q.k, q.v,
                coalesce((SELECT max(e.revision) FROM ${s}.events e WHERE e.stream_id = q.s), -1) AS revision
           FROM req q
       ), accepted AS (
         SELECT h.r, h.s, h.revision FROM head h
          WHERE NOT EXISTS (SELECT FROM existing e WHERE e.r = h.r)
            AND CASE h.k
                  WHEN 'any' THEN true
                  WHEN 'no_stream' THEN h.revision = -1
                  WHEN 'stream_exists' THEN h.revision >= 0
                  ELSE h.revision = h.v
                END
       ), inserted AS (
         INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT (pg_current_xact_id()::text::bigint << 20) + b.n, a.s, a.revision + b.i,
                b.id, b.type, coalesce(b.data, 'null'::jsonb), b.metadata
           FROM accepted a JOIN batch b ON b.r = a.r
          WHERE NOT $3::boolean
             OR (SELECT count(*) FROM accepted) + (SELECT count(*) FROM x WHERE x.retry) = (SELECT count(*) FROM req)
         RETURNING position
       )
       SELECT h.r, h.revision AS head_revision, a.r IS NOT NULL AS accepted,
              (SELECT max(position) FROM inserted) AS inserted_position,
              coalesce(x.existing_count, 0) AS existing_count, coalesce(x.existing_in_stream, 0) AS existing_in_stream,
              x.duplicate_event_id, x.changed_event_id, x.existing_last_revision, x.existing_last_position
         FROM head h LEFT JOIN accepted a ON a.r = h.r LEFT JOIN x ON x.r = h.r
        ORDER BY h.r`,
    ),

    readStream: statement(
      'read_stream',
      `SELECT ${columns} FROM ${s}.events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
    ),

    // Positions follow transaction ids, but transactions commit in any order: an append
    // that began earlier (smaller xid, smaller position) may commit after a reader has
    // already passed later positions, and would be skipped for good. Every transaction
    // still running has an xid >= the snapshot's xmin, so rows below xmin are final:
    // nothing can appear there later. Reading only those makes "after the last position
    // I saw" a complete cursor. The price: a reader waits for the oldest running
    // transaction in the whole cluster (keep transactions short).
    // The sub-select makes xmin an init-plan, computed once per query: as a plain
    // expression the snapshot is rebuilt for every row scanned (4x slower).
    readAll: statement(
      'read_all',
      `SELECT ${columns} FROM ${s}.events
        WHERE position > $1 AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
        ORDER BY position LIMIT $2`,
    ),

    getCheckpoint: statement('get_checkpoint', `SELECT position FROM ${s}.checkpoints WHERE name = $1`),
    putCheckpoint: statement(
      'put_checkpoint',
      `INSERT INTO ${s}.checkpoints (name, position, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    ),
    inboxHas: statement('inbox_has', `SELECT 1 AS found FROM ${s}.inbox WHERE consumer = $1 AND event_id = $2`),
    inboxAdd: statement(
      'inbox_add',
      `INSERT INTO ${s}.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    ),
    ping: statement('ping', 'SELECT 1 AS ok'),
    // NOTIFY gives its transaction an xid, hence a commit record and a WAL flush, under
    // the database-wide notify lock. A lost wake-up costs only a poll interval, so this
    // commit need not wait for the disk.
    notify: statement('notify', "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)"),

    lockMigrations: statement('lock_migrations', 'SELECT pg_advisory_xact_lock($1::bigint)'),
    appliedMigrations: statement('applied_migrations', `SELECT version FROM ${s}.schema_migrations ORDER BY version`),
    recordMigration: statement(
      'record_migration',
      `INSERT INTO ${s}.schema_migrations (version, description) VALUES ($1, $2)`,
    ),
    createMigrationsTable: `CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
        version integer PRIMARY KEY,
        description text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`,
    migrations: [
      {
        version: 1,
        description: 'events, checkpoints, inbox',
        sql: `
          CREATE TABLE ${s}.events (
            position bigint NOT NULL,
            transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
            stream_id text NOT NULL,
            revision bigint NOT NULL,
            event_id text NOT NULL,
            type text NOT NULL,
            data jsonb NOT NULL,
            metadata jsonb NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT events_position_key PRIMARY KEY (position),
            CONSTRAINT events_stream_revision_key UNIQUE (stream_id, revision),
            CONSTRAINT events_event_id_key UNIQUE (event_id)
          );
          CREATE TABLE ${s}.checkpoints (
            name text PRIMARY KEY,
            position bigint NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
          );
          CREATE TABLE ${s}.inbox (
            consumer text NOT NULL,
            event_id text NOT NULL,
            handled_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
          );`,
      },
      snapshotsMigration(s),
      snapshotPartsMigration(s),
    ],
  };
}
