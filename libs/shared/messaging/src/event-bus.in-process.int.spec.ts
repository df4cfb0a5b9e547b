import { eventBusContract } from './contract/event-bus.contract';
import { InProcessEventBus } from './events/in-process-event-bus';
import { MemoryEventStore } from './testing/memory-event-store';

eventBusContract('in-process', () => ({
  bus: async (options) => new InProcessEventBus({ inbox: options?.inbox, backoffMs: [20] }),
  store: async () => new MemoryEventStore(),
  backoffMs: [20],
  quietMs: 100,
}));
