import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { Annotation } from './types.js'

export interface DiagnosticContext {
  /** The compiler's working directory: relative paths in its output start here. */
  readonly cwd: string
  /** The repository root: annotation paths must be relative to it for GitHub to show them. */
  readonly workspace: string
  /** Annotation title, e.g. `go build`. */
  readonly title: string
}

// `path:line:col: message` and `path:line: message`; a path never starts with
// blanks, which keeps gcc's indented "   from x.c:1:" context lines out.
const GO_LINE = /^(\S[^:]*):(\d+)(?::(\d+))?: (.+)$/
const C_LINE = /^(\S[^:]*):(\d+)(?::(\d+))?: (fatal error|error|warning): (.+)$/

/** A path as GitHub wants it (workspace-relative, `/`-separated), or undefined outside the workspace. */
function workspacePath(path: string, context: DiagnosticContext): string | undefined {
  const absolute = isAbsolute(path) ? path : resolve(context.cwd, path)
  const inside = relative(context.workspace, absolute)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined
  return inside.split(sep).join('/')
}

function located(
  severity: Annotation['severity'],
  path: string,
  line: string,
  column: string | undefined,
  message: string,
  context: DiagnosticContext
): Annotation {
  const file = workspacePath(path, context)
  return {
    severity,
    // Outside the workspace GitHub cannot show the file, so the message keeps the place.
    message: file === undefined ? `${path}:${line}: ${message}` : message,
    ...(file === undefined ? {} : { file, line: Number(line) }),
    ...(file === undefined || column === undefined ? {} : { column: Number(column) }),
    title: context.title
  }
}

/**
 * Annotations from `go build` output. Go prints every problem as an error at
 * `file:line:col`, with tab-indented continuation lines (have/want) that
 * belong to the message above them.
 */
export function goDiagnostics(output: string, context: DiagnosticContext): Annotation[] {
  const found: Annotation[] = []
  let continues = false
  for (const line of output.split(/\r?\n/)) {
    const last = found.at(-1)
    if (continues && last && line.startsWith('\t')) {
      found[found.length - 1] = { ...last, message: `${last.message}\n${line.trim()}` }
      continue
    }
    const m = GO_LINE.exec(line)
    if (m) found.push(located('error', m[1], m[2], m[3], m[4], context))
    continues = m !== null
  }
  return found
}

/** Annotations from gcc/clang output: errors and warnings; notes stay in the log. */
export function cDiagnostics(output: string, context: DiagnosticContext): Annotation[] {
  const found: Annotation[] = []
  for (const line of output.split(/\r?\n/)) {
    const m = C_LINE.exec(line)
    if (!m) continue
    const severity = m[4] === 'warning' ? 'warning' : 'error'
    found.push(located(severity, m[1], m[2], m[3], m[5], context))
  }
  return found
}
