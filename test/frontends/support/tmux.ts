// Drives a program in a real pseudo-terminal through tmux, typed as a person would.
import { execFileSync, spawnSync } from 'node:child_process'

export const hasTmux = spawnSync('tmux', ['-V']).status === 0

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export class TmuxSession {
  private static seq = 0
  readonly name = `yqlb-${process.pid}-${TmuxSession.seq++}`

  constructor(command: string, env: Record<string, string> = {}) {
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}'; `).join('')
    // The shell stays after the program so the test can read its exit code; its
    // Ctrl-C trap keeps it alive when the terminal sends SIGINT to the program.
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '160', '-y', '50', `sh -c "trap 'true' INT; ${exports}${command}; echo EXITED:\\$?; sleep 600"`])
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-2000', '-t', this.name], { encoding: 'utf8' })
  }

  /** Types text (literally), then optional keys like 'Enter', 'Tab', 'C-c'. */
  type(text: string, ...keys: string[]): void {
    // tmux reads an argument's trailing ';' as a command separator unless escaped
    if (text) execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text.replace(/;$/, '\\;')])
    for (const k of keys) execFileSync('tmux', ['send-keys', '-t', this.name, k])
  }

  /** Waits until the screen satisfies `test` (the test runner's timeout bounds it). */
  async waitFor(test: RegExp | ((s: string) => boolean)): Promise<string> {
    for (;;) {
      const s = this.screen()
      if (typeof test === 'function' ? test(s) : test.test(s)) return s
      await sleep(50)
    }
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name])
  }
}
