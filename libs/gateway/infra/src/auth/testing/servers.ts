// The real servers under a gateway integration test file (@soudan/testing's nats-server and
// database of the file's own), with a backbone (NATS connections and the gateway's store)
// for each gateway replica the file starts. One call in beforeAll, one in afterAll.
import { startTestServers, type TestServers } from '@soudan/testing';
import { backbone, type TestBackbone } from './harness';

export interface GatewayTestServers extends TestServers {
  /** One more backbone on these servers, its own connections and store pool as a replica has. */
  backbone(): Promise<TestBackbone>;
  /** Closes every backbone, then drops the database and stops the servers; what the file started on them goes first. */
  stop(): Promise<void>;
}

/** `database` prefixes the test database's name. */
export async function startServers(database: string): Promise<GatewayTestServers> {
  const servers = await startTestServers(database);
  const backbones: TestBackbone[] = [];
  return {
    ...servers,
    backbone: async () => {
      const parts = await backbone(servers.nats.url, servers.db.url);
      backbones.push(parts);
      return parts;
    },
    stop: async () => {
      for (const parts of backbones.reverse()) await parts.close();
      await servers.stop();
    },
  };
}
