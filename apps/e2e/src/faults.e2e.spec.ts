// The short form of `npm run test:faults` (issue 15, item 1), for CI: the distributed
// form (two replicas of scheduling and notification, a three-node NATS cluster with
// streams replicated three times, a throwaway PostgreSQL cluster, an SMTP sink) under a
// steady load of the whole journey, with a subset of the faults in turn: kill -9 of the
// gateway, of a scheduling and a notification replica, of the NATS stream leader, the
// mail server refusing, stalling and accepting, and SIGSTOP of a notification replica
// past the ack wait while its mails are at the server. The long form adds the other
// replicas, a follower node, the whole NATS cluster, PostgreSQL and random faults.
import { runFaults } from './support/faults/faults';

describe('faults under load (short form of npm run test:faults)', () => {
  it('R4, R10, R13, R53, R61, R62: after kills, a NATS leader loss, a frozen replica and a failing mail server, nothing is lost or doubled', async () => {
    const lines: string[] = [];
    const report = await runFaults({
      durationMs: 60_000,
      inTurn: [
        'kill-notification-2',
        'kill-nats-leader',
        'smtp-refuse-stall-accept',
        'kill-gateway',
        'kill-scheduling-1',
        'sigstop-notification-mid-send',
      ],
      random: [],
      gapMs: 5000,
      pauseMs: 35_000,
      seekers: 4,
      seed: 15,
      log: (line) => {
        lines.push(line);
        process.stdout.write(`${line}\n`);
      },
    });
    expect(report.injected.map((i) => i.fault)).toEqual(
      expect.arrayContaining(['kill-notification-2', 'kill-nats-leader', 'smtp-refuse-stall-accept', 'kill-gateway']),
    );
    expect(report.figures.requestsBy201).toBeGreaterThan(0);
    expect(report.figures.mails.owed).toBeGreaterThan(0);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  }, 420_000);
});
