import { rfc3339 } from '../image/oci/config.js'
import type { Component, ComponentRole, SbomModel } from './model.js'
import type { SbomFacts } from './types.js'

/** The media type an SPDX JSON document is stored and attached as. */
export const SPDX_MEDIA_TYPE = 'application/spdx+json'

const NOASSERTION = 'NOASSERTION'

const PURPOSE: Readonly<Record<ComponentRole, string>> = {
  image: 'CONTAINER',
  binary: 'APPLICATION',
  'go-main': 'APPLICATION',
  'go-module': 'LIBRARY',
  'go-stdlib': 'LIBRARY',
  'c-library': 'LIBRARY',
  extra: 'FILE'
}

const ID_PREFIX: Readonly<Record<ComponentRole, string>> = {
  image: 'Image',
  binary: 'Binary',
  'go-main': 'GoModule',
  'go-module': 'GoModule',
  'go-stdlib': 'GoModule',
  'c-library': 'CLibrary',
  extra: 'Extra'
}

/** SPDXRef ids from the model's refs: only `[A-Za-z0-9.-]`, unique (a suffix where two would clash). */
export function spdxIds(components: readonly Component[]): Map<string, string> {
  const ids = new Map<string, string>()
  const used = new Set<string>()
  for (const component of components) {
    const tail =
      component.role === 'image' || component.role === 'binary'
        ? ''
        : `-${`${component.name}${component.version === null ? '' : `-${component.version}`}`.replace(/[^A-Za-z0-9.]+/g, '-')}`
    const base = `SPDXRef-${ID_PREFIX[component.role]}${tail}`.replace(/-+$/, '')
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    ids.set(component.ref, id)
  }
  return ids
}

function comment(component: Component): string | null {
  const parts: string[] = []
  if (component.comment !== null) parts.push(component.comment)
  if (component.sha256Of === 'go-h1' && component.goSum !== null) {
    // Honest about what the SHA256 is: Go's dirhash over the module's file list, not a hash of a download.
    parts.push(
      `SHA256 is the go.sum hash ${component.goSum} (Go's h1: dirhash, a SHA-256 over the module's sorted file list with each file's SHA-256), decoded from base64; it is not a hash of the module zip.`
    )
  }
  return parts.length === 0 ? null : parts.join(' ')
}

function spdxPackage(component: Component, id: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    SPDXID: id,
    name: component.name,
    versionInfo: component.version ?? NOASSERTION,
    supplier: component.supplier === null ? NOASSERTION : `Organization: ${component.supplier}`,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false
  }
  if (component.sha256 !== null) {
    out.checksums = [{ algorithm: 'SHA256', checksumValue: component.sha256 }]
  }
  out.licenseConcluded = NOASSERTION
  out.licenseDeclared = NOASSERTION
  out.copyrightText = NOASSERTION
  if (component.purl !== null) {
    out.externalRefs = [
      {
        referenceCategory: 'PACKAGE-MANAGER',
        referenceType: 'purl',
        referenceLocator: component.purl
      }
    ]
  }
  out.primaryPackagePurpose = PURPOSE[component.role]
  const text = comment(component)
  if (text !== null) out.comment = text
  return out
}

/** The namespace: unique per image, so the same image gives the same URI and another image another. */
export function spdxNamespace(facts: SbomFacts): string {
  const digest = facts.image.manifestDigest ?? facts.image.imageId
  const name = facts.image.name.replace(/[^A-Za-z0-9._/-]/g, '-')
  return `https://spdx.org/spdxdocs/${facts.tool.name}/${name}/${digest.replace(':', '-')}`
}

/**
 * An SPDX 2.3 JSON document for the model: the image described, a package
 * per component, CONTAINS and DEPENDS_ON between them. Keys in a fixed order
 * and two-space indentation: equal facts give equal bytes.
 */
export function spdxDocument(facts: SbomFacts, model: SbomModel): string {
  const ids = spdxIds(model.components)
  const id = (ref: string): string => ids.get(ref) ?? 'SPDXRef-DOCUMENT'
  const digest = facts.image.manifestDigest ?? facts.image.imageId
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${facts.image.name}@${digest}`,
    documentNamespace: spdxNamespace(facts),
    creationInfo: {
      created: rfc3339(facts.epoch),
      creators: [`Tool: ${facts.tool.name}-${facts.tool.version}`]
    },
    documentDescribes: [id(model.root.ref)],
    packages: model.components.map((component) => spdxPackage(component, id(component.ref))),
    relationships: [
      {
        spdxElementId: 'SPDXRef-DOCUMENT',
        relationshipType: 'DESCRIBES',
        relatedSpdxElement: id(model.root.ref)
      },
      ...model.relations.map((relation) => ({
        spdxElementId: id(relation.from),
        relationshipType: relation.type,
        relatedSpdxElement: id(relation.to)
      }))
    ]
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
