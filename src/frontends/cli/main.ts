// The yql-backup executable (bin/yql-backup.js imports this file).
import { runProcess } from './run-process.js'

await runProcess()
