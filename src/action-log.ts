import * as core from '@actions/core'
import type { Log } from './ground/log.js'

/** The stages' log on a runner: groups fold in the job log, annotations land on files. */
export const actionLog: Log = {
  info: (message) => core.info(message),
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
