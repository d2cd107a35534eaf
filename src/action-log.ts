import * as core from '@actions/core'
import { neutralizeCommands } from './ground/log-safety.js'
import type { Log } from './ground/log.js'

/**
 * The stages' log on a runner: groups fold in the job log, annotations land on
 * files. Messages carry untrusted text (file names, strings from the binary),
 * so no line of them may read as a workflow command; @actions/core escapes
 * what goes into annotations and groups itself.
 */
export const actionLog: Log = {
  info: (message) => core.info(neutralizeCommands(message)),
  warning: (message) => core.warning(message),
  annotate(a) {
    const properties: core.AnnotationProperties = {
      title: a.title,
      file: a.file,
      startLine: a.line,
      startColumn: a.column
    }
    if (a.severity === 'error') core.error(a.message, properties)
    else if (a.severity === 'warning') core.warning(a.message, properties)
    else core.notice(a.message, properties)
  },
  group: (title, work) => core.group(title, work)
}
