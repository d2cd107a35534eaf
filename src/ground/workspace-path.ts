import { readlink, realpath } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { UserError } from './errors.js'

/** True when `path` is `root` or below it (both absolute). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

export interface WorkspacePath {
  /** The repository checkout: GITHUB_WORKSPACE, or the terminal's current folder. */
  readonly workspace: string
  /** Folder a relative `written` path starts from (working-directory). */
  readonly base: string
  /** The path as the workflow wrote it. */
  readonly written: string
  /** Which input it came from, for the message: `files`, `binary`. */
  readonly what: string
}

const HINT =
  'A path in the repository may only lead to files inside the workspace. Copy the file into the repository, or, if it is meant to come from the runner, write its absolute path in the workflow.'

/**
 * The absolute path of a file the workflow names, refused when a `..` or a
 * symlink leads from inside the workspace to outside it: repository content
 * (a link `cfg -> /etc/shadow`) must not pull the runner's files into an
 * image. An absolute path outside the workspace is the workflow author's
 * choice and taken as written. The result is not resolved through links, so
 * messages and reports show the path as the user knows it.
 */
export async function pathInWorkspace(input: WorkspacePath): Promise<string> {
  const workspace = resolve(input.workspace)
  const base = resolve(workspace, input.base)
  const full = resolve(base, input.written)
  if (isAbsolute(input.written) && !isWithin(workspace, full)) return full
  // A working-directory the workflow put outside the workspace is its own root.
  const root = isWithin(workspace, base) ? workspace : base
  if (!isWithin(root, full)) {
    throw new UserError(
      `${input.what}: \`${input.written}\` leads outside the workspace (to ${full}).`,
      [HINT]
    )
  }
  let realRoot: string
  try {
    realRoot = await realpath(root)
  } catch {
    return full
  }
  let at = root
  for (const part of relative(root, full)
    .split(sep)
    .filter((p) => p !== '')) {
    at = join(at, part)
    let real: string
    try {
      real = await realpath(at)
    } catch {
      // Missing or dangling: the stage that reads it says so.
      return full
    }
    if (!isWithin(realRoot, real)) {
      const target = await readlink(at).catch(() => real)
      throw new UserError(
        `${input.what}: \`${relative(workspace, at) || at}\` is a symlink to ${target}, which leads outside the workspace (to ${real}).`,
        [HINT]
      )
    }
  }
  return full
}
