// Snapshots of read models on KurrentDB: one internal stream per projection name, outside
// the service's namespace, so readAll and subscribe never see it (as checkpoints).
//
// A snapshot may be far larger than one append may carry (KurrentDB's MaxAppendSize is
// 1 MiB by default), so each of its parts' JSON texts is written as binary chunks, one
// append each, and then a small marker naming each part's chunks' revisions. The stream is truncated before the
// newest snapshot's first chunk. Two replicas saving at once may interleave; loading
// reads the stream backwards and takes the newest marker whose chunks are all there.
import {
  ANY,
  BACKWARDS,
  END,
  StreamNotFoundError,
  binaryEvent,
  jsonEvent,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import type { Snapshot, SnapshotStore } from '../event-store.port';
import { checkSnapshotParts, snapshotText } from '../projection-snapshots';

/** Bytes per chunk: well under the default MaxAppendSize, with room for the event's envelope. */
const CHUNK_BYTES = 512 * 1024;

interface SnapshotMarker {
  position: string;
  version: string;
  /** Per part, the revisions of its chunks in order; their bytes joined are the part's JSON text. */
  parts?: string[][];
  /** Markers written before snapshots had parts: the one part's chunks. */
  chunks?: string[];
}

export class KurrentSnapshotStore implements SnapshotStore {
  constructor(
    private readonly client: KurrentDBClient,
    /** The adapter's prefix for internal streams (namespace included). */
    private readonly internalPrefix: string,
    private readonly toStoreError: (error: unknown) => unknown,
  ) {}

  private stream(name: string): string {
    return `${this.internalPrefix}snapshot-${name}`;
  }

  async load(name: string): Promise<Snapshot | undefined> {
    const chunks = new Map<bigint, Uint8Array>();
    const markers: SnapshotMarker[] = [];
    try {
      for await (const resolved of this.client.readStream(this.stream(name), {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: Number.MAX_SAFE_INTEGER,
      })) {
        const event = resolved.event;
        if (!event) continue;
        if (event.type === 'SnapshotChunk') chunks.set(event.revision, event.data as Uint8Array);
        else if (event.type === 'SnapshotSaved') markers.push(event.data as unknown as SnapshotMarker);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw this.toStoreError(error);
    }
    // Newest first: the first marker whose chunks were not truncated away.
    for (const marker of markers) {
      const revisions = marker.parts ?? (marker.chunks ? [marker.chunks] : []);
      const texts = revisions.map((chunkRevisions) => {
        const bytes = chunkRevisions.map((revision) => chunks.get(BigInt(revision)));
        return bytes.some((b) => b === undefined) ? undefined : Buffer.concat(bytes as Uint8Array[]).toString('utf8');
      });
      if (texts.length === 0 || texts.some((text) => text === undefined)) continue;
      return {
        position: BigInt(marker.position),
        version: marker.version,
        parts: texts.map((text) => JSON.parse(text!) as unknown),
      };
    }
    return undefined;
  }

  async save(name: string, position: bigint, version: string, parts: readonly unknown[]): Promise<void> {
    checkSnapshotParts(parts);
    // The first part is encoded before the first await (a one-part state may be the
    // caller's model, which it goes on changing); the others as they are written.
    const first = Buffer.from(snapshotText(parts[0]), 'utf8');
    const stream = this.stream(name);
    try {
      const revisions: string[][] = [];
      for (let part = 0; part < parts.length; part += 1) {
        const bytes = part === 0 ? first : Buffer.from(snapshotText(parts[part]), 'utf8');
        const chunks: string[] = [];
        // An empty text cannot happen (the shortest JSON is one character), so every part has a chunk.
        for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
          const result = await this.client.appendToStream(
            stream,
            binaryEvent({ type: 'SnapshotChunk', data: bytes.subarray(offset, offset + CHUNK_BYTES) }),
            { streamState: ANY },
          );
          chunks.push(result.nextExpectedRevision.toString());
        }
        revisions.push(chunks);
      }
      const marker: SnapshotMarker = { position: position.toString(), version, parts: revisions };
      await this.client.appendToStream(stream, jsonEvent({ type: 'SnapshotSaved', data: { ...marker } }), {
        streamState: ANY,
      });
      // Only the newest snapshot matters: let scavenging drop what came before it.
      await this.client.setStreamMetadata(stream, { truncateBefore: Number(revisions[0][0]) });
    } catch (error) {
      throw this.toStoreError(error);
    }
  }
}
