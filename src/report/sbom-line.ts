import { code } from '../ground/markdown-escape.js'
import type { SbomResult } from '../sbom/types.js'

/**
 * The report's one SBOM line: how many Go modules and components it lists,
 * and where the file is. Its own function so the markdown renderer stays as it
 * is; the path holds the binary's name (repository content): code-spanned.
 */
export function sbomLine(
  sbom: Pick<SbomResult, 'modules' | 'components' | 'path'> | null | undefined
): string {
  if (!sbom) return ''
  const modules = sbom.modules === 1 ? '1 Go module' : `${sbom.modules} Go modules`
  return `\n\nSBOM: ${modules}, ${sbom.components} components in all, in ${code(sbom.path)}.\n`
}
