/**
 * A V8 CPU profile of a window of the run (the measured steps, not start-up), through node:inspector.
 * Summarise it with `npx tsx bench/tools/profile-summary.ts <file>`.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';

export interface CpuProfiler {
  /** Stops profiling and writes the profile to `file`. */
  stop(file: string): Promise<void>;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

export async function startCpuProfile(samplingIntervalUs = 500): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await post(session, 'Profiler.start');
  return {
    async stop(file) {
      const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}
