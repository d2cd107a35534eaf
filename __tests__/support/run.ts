import { systemExec, type ExecOptions, type ExecResult } from '../../src/ground/exec.js'

/** Runs a program for a test's set-up and fails loudly, with its output, when it fails. */
export async function mustRun(
  file: string,
  args: readonly string[],
  options: ExecOptions = {}
): Promise<ExecResult> {
  const result = await systemExec.run(file, args, options)
  if (result.exitCode !== 0) {
    throw new Error(
      `${file} ${args.join(' ')} exited ${result.exitCode}\n${result.stdout}\n${result.stderr}`
    )
  }
  return result
}
