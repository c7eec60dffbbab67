// The CLI bound to the real process and terminal but to the stand-in core (terminal tests).
import { runProcess } from '../../../src/frontends/cli/run-process.js'
import { fakeDeps } from './fake-core.js'

await runProcess(fakeDeps())
