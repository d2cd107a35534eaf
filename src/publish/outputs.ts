import type { Inspection } from '../elf/types.js'
import type { Composed } from '../report/compose.js'

/** Output values from what was learned about the binary; set even when it is rejected. */
export function binaryOutputs(inspection: Inspection): Record<string, string> {
  return {
    binary: inspection.path,
    'binary-size': String(inspection.size),
    linkage: inspection.verdict.linkage,
    'go-version': inspection.go?.version ?? ''
  }
}

/** What the outputs say of an image: plain data, so publishers need no image-stage types. */
export interface ImageOutputFacts {
  readonly name: string
  readonly tags: readonly string[]
  /** The ID the local engine uses for the image. */
  readonly imageId: string
  readonly pushed: boolean
  readonly digest: string | null
  readonly size: number
  readonly layout: { readonly dir: string; readonly archive: string } | null
}

/** Output values for the image; `digest` stays empty unless every tag landed in the registry. */
export function imageOutputs(image: ImageOutputFacts): Record<string, string> {
  return {
    image: image.name,
    tags: image.tags.join('\n'),
    imageid: image.imageId,
    digest: image.pushed && image.digest !== null ? image.digest : '',
    'image-size': String(image.size),
    'oci-layout': image.layout?.dir ?? '',
    'image-archive': image.layout?.archive ?? ''
  }
}

/** `sbom` and `sbom-digest`: set only when an SBOM was written. */
export function sbomOutputs(
  sbom: { readonly path: string; readonly digest: string } | null | undefined
): Record<string, string> {
  return sbom ? { sbom: sbom.path, 'sbom-digest': sbom.digest } : {}
}

/** Output values from the report: sizes as measured, the delta the gates saw, the report itself. */
export function reportOutputs(composed: Composed, reportFile: string): Record<string, string> {
  const pullSize = composed.report.image?.pullSize ?? null
  return {
    'pull-size': pullSize === null ? '' : String(pullSize),
    'size-delta': composed.evaluation.sizeDelta,
    report: composed.markdown,
    'report-json': reportFile
  }
}
