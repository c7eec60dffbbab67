// A child process for the crash-safety and concurrency tests: opens the
// embedded database at argv[2] (database argv[3]) and runs the YQL in argv[4]
// through a Session, printing one line per result. With argv[5] = 'loop' it
// repeats the script until killed.
import { openEmbeddedCluster } from '../../../src/backends/cluster/embedded/embedded-cluster.js'
import { Session } from '../../../src/exec/session.js'
import { SourceText } from '../../../src/source/source-text.js'

const [dataDir, database, text, mode] = process.argv.slice(2) as [string, string, string, string | undefined]
const cluster = await openEmbeddedCluster({ dataDir, database })
const session = new Session({ cluster })
process.stdout.write('ready\n')
do {
  for await (const r of session.run(new SourceText(text, 'child.yql'))) {
    process.stdout.write(r.kind === 'Error' ? `error ${r.diagnostics.map((d) => d.message).join('; ')}\n` : `${r.kind}\n`)
  }
} while (mode === 'loop')
await session.close()
