import { readdirSync, readFileSync } from 'node:fs';
import type { CpuMeter, CpuSample } from './types';

// CPU time from /proc: utime + stime of a process and all its descendants (Postgres forks a backend
// per connection, so the postmaster alone would show almost nothing).
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime + stime, plus cutime + cstime: children that exited and were waited for (Postgres
    // backends of closed connections) still count for their parent.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), ticks };
  } catch {
    return undefined; // gone meanwhile
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((s): s is ProcStat => s !== undefined);
}

/**
 * Measures the named processes' trees (e.g. { postgres: <postmaster pid>, messaging: <pid> }); a
 * tree stops where another measured root starts (a peer server the load generator spawned counts
 * for the peer, not for the load generator).
 */
export function procCpuMeter(initial: Record<string, number>): CpuMeter {
  const roots = { ...initial };
  return {
    track(name: string, pid: number) {
      roots[name] = pid;
    },
    sample(): CpuSample {
      const rootPids = new Set(Object.values(roots));
      const processes = allProcesses();
      const children = new Map<number, ProcStat[]>();
      for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
      const byPid = new Map(processes.map((p) => [p.pid, p]));
      const treeTicks = (pid: number): number => {
        const self = byPid.get(pid)?.ticks ?? 0;
        return (
          self +
          (children.get(pid) ?? [])
            .filter((c) => !rootPids.has(c.pid))
            .reduce((sum, c) => sum + treeTicks(c.pid), 0)
        );
      };
      const out: CpuSample = {};
      for (const [name, pid] of Object.entries(roots)) out[name] = treeTicks(pid) / TICKS_PER_SECOND;
      return out;
    },
  };
}
