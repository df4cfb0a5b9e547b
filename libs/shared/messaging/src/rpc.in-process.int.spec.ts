import { rpcContract } from './contract/rpc.contract';
import { InProcessHub } from './rpc/in-process.transport';

const hub = new InProcessHub();

// An empty hub has no handler for any pattern: UPSTREAM_UNAVAILABLE at once.
rpcContract('in-process', () => ({
  mode: () => ({ kind: 'in-process', hub }),
  unreachable: () => ({ kind: 'in-process', hub: new InProcessHub() }),
  unreachableCode: 'UPSTREAM_UNAVAILABLE',
}));
