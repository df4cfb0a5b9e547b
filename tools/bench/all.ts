// `npm run bench`: every benchmark of the project, one after the other. Each prints its
// figures beside a baseline measured in the same run, with the ratio.
const benches: Array<[string, string]> = [['event store', '../../libs/shared/event-store/bench/store.bench.ts']];

for (const [name, path] of benches) {
  console.log(`\n=== ${name} ===`);
  await import(new URL(path, import.meta.url).href);
}
