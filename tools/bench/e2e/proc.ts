// What each server process uses, read from /proc (Linux): resident memory and CPU time
// (user + system). A process is counted with every process of its group (each app runs
// in a group of its own), so a wrapper's child is not missed.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export interface ProcSample {
  /** CPU seconds used so far, summed over the group. */
  cpuSeconds: number;
  rssBytes: number;
}

function stat(pid: number): { pgid: number; cpu: number; rss: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // Fields from state (3rd of stat(5)): pgrp is 5th, utime 14th, stime 15th, rss 24th.
    return {
      pgid: Number(fields[2]),
      cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      rss: Number(fields[21]) * PAGE_BYTES,
    };
  } catch {
    return undefined;
  }
}

/** CPU and RSS of every process in the group `pgid`. */
export function sampleGroup(pgid: number): ProcSample {
  let cpuSeconds = 0;
  let rssBytes = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.pgid !== pgid) continue;
    cpuSeconds += s.cpu;
    rssBytes += s.rss;
  }
  return { cpuSeconds, rssBytes };
}

/** The CPU and RSS of this process alone (the load generator). */
export function sampleSelf(): ProcSample {
  const s = stat(process.pid)!;
  return { cpuSeconds: s.cpu, rssBytes: s.rss };
}
