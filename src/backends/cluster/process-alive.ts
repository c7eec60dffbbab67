/**
 * Whether the process `pid` is still running (undefined: unknown, taken as alive).
 * Used to tell a killed runner's leftovers (staged copies, PROGRESS operations)
 * from those of a runner that is still at work.
 */
export function processAlive(pid: number | undefined): boolean {
  if (pid === undefined || pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
