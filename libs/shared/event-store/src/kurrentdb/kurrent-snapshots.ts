// Snapshots of read models on KurrentDB: one internal stream per projection name, outside
// the service's namespace, so readAll and subscribe never see it (as checkpoints).
//
// A snapshot may be far larger than one append may carry (KurrentDB's MaxAppendSize is
// 1 MiB by default), so its JSON text is written as binary chunks, one append each, and
// then a small marker naming the chunks' revisions. The stream is truncated before the
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
import { snapshotText } from '../projection-snapshots';

/** Bytes per chunk: well under the default MaxAppendSize, with room for the event's envelope. */
const CHUNK_BYTES = 512 * 1024;

interface SnapshotMarker {
  position: string;
  version: string;
  /** Revisions of the chunks, in order; their bytes joined are the state's JSON text. */
  chunks: string[];
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
      const parts = marker.chunks.map((revision) => chunks.get(BigInt(revision)));
      if (parts.some((part) => part === undefined)) continue;
      const text = Buffer.concat(parts as Uint8Array[]).toString('utf8');
      return { position: BigInt(marker.position), version: marker.version, state: JSON.parse(text) };
    }
    return undefined;
  }

  async save(name: string, position: bigint, version: string, state: unknown): Promise<void> {
    // Encoded before the first await: the caller may go on changing its model.
    const bytes = Buffer.from(snapshotText(state), 'utf8');
    const stream = this.stream(name);
    try {
      const chunks: string[] = [];
      for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
        const result = await this.client.appendToStream(
          stream,
          binaryEvent({ type: 'SnapshotChunk', data: bytes.subarray(offset, offset + CHUNK_BYTES) }),
          {
            streamState: ANY,
          },
        );
        chunks.push(result.nextExpectedRevision.toString());
      }
      const marker: SnapshotMarker = { position: position.toString(), version, chunks };
      await this.client.appendToStream(stream, jsonEvent({ type: 'SnapshotSaved', data: { ...marker } }), {
        streamState: ANY,
      });
      // Only the newest snapshot matters: let scavenging drop what came before it.
      await this.client.setStreamMetadata(stream, { truncateBefore: Number(chunks[0]) });
    } catch (error) {
      throw this.toStoreError(error);
    }
  }
}
