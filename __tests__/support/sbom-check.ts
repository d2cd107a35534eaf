import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { Spec, Validation } from '@cyclonedx/cyclonedx-library'
import { repoRoot } from './paths.js'

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv

/** The SPDX 2.3 JSON schema, vendored from spdx/spdx-spec (support/2.3) with its licence. */
const SPDX_SCHEMA = JSON.parse(
  readFileSync(join(repoRoot, '__tests__', 'fixtures', 'spdx-2.3', 'spdx-schema.json'), 'utf8')
) as object

/** Schema errors of an SPDX document as `path message` lines; empty when it is valid SPDX 2.3. */
export function spdxSchemaErrors(document: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  const validate = ajv.compile(SPDX_SCHEMA)
  if (validate(document)) return []
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`)
}

interface SpdxPackage {
  SPDXID: string
  name?: string
  versionInfo?: string
  supplier?: string
  externalRefs?: { referenceType: string; referenceLocator: string }[]
  checksums?: { algorithm: string; checksumValue: string }[]
  primaryPackagePurpose?: string
  comment?: string
}

export interface SpdxDocument {
  spdxVersion: string
  SPDXID: string
  documentNamespace: string
  documentDescribes: string[]
  creationInfo: { created: string; creators: string[] }
  packages: SpdxPackage[]
  relationships: { spdxElementId: string; relationshipType: string; relatedSpdxElement: string }[]
}

/**
 * The NTIA minimum elements (supplier, component name, version, unique id,
 * dependency relationship, author of the SBOM data, timestamp), as lines
 * naming what is missing; empty when all are there.
 */
export function ntiaMissing(doc: SpdxDocument): string[] {
  const missing: string[] = []
  if (!doc.creationInfo.creators.some((c) => /^(Tool|Organization|Person): \S/.test(c))) {
    missing.push('author (creationInfo.creators)')
  }
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(doc.creationInfo.created)) {
    missing.push('timestamp')
  }
  const ids = doc.packages.map((p) => p.SPDXID)
  if (new Set(ids).size !== ids.length) missing.push('unique ids')
  for (const p of doc.packages) {
    if (!p.name) missing.push(`${p.SPDXID}: name`)
    if (!p.versionInfo) missing.push(`${p.SPDXID}: version`)
    if (!p.supplier) missing.push(`${p.SPDXID}: supplier`)
    const related = doc.relationships.some(
      (r) => r.spdxElementId === p.SPDXID || r.relatedSpdxElement === p.SPDXID
    )
    if (!related) missing.push(`${p.SPDXID}: relationship`)
  }
  return missing
}

/** The purl of each package, by name. */
export function purls(doc: SpdxDocument): Map<string, string> {
  const out = new Map<string, string>()
  for (const p of doc.packages) {
    const purl = p.externalRefs?.find((r) => r.referenceType === 'purl')?.referenceLocator
    if (purl !== undefined && p.name !== undefined) out.set(p.name, purl)
  }
  return out
}

/** The CycloneDX library's own JSON validator for 1.6: null when valid, else its errors. */
export async function cyclonedxErrors(json: string): Promise<unknown> {
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6)
  return validator.validate(json)
}
