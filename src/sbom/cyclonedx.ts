import { createHash } from 'node:crypto'
// Subpaths, not the package index: the index brings the validators (and ajv) into the bundle.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums'
import * as Models from '@cyclonedx/cyclonedx-library/Models'
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize'
import * as Spec from '@cyclonedx/cyclonedx-library/Spec'
import type { Component, ComponentRole, SbomModel } from './model.js'
import type { SbomFacts } from './types.js'

/** The media type a CycloneDX JSON document is stored and attached as. */
export const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json'

const TYPE: Readonly<Record<ComponentRole, Enums.ComponentType>> = {
  image: Enums.ComponentType.Container,
  binary: Enums.ComponentType.Application,
  'go-main': Enums.ComponentType.Application,
  'go-module': Enums.ComponentType.Library,
  'go-stdlib': Enums.ComponentType.Library,
  'c-library': Enums.ComponentType.Library,
  extra: Enums.ComponentType.Data
}

/**
 * A UUID made from the image digest (SHA-256 of it, shaped as a version 5
 * UUID): the same image gives the same serial number, so equal facts give
 * equal bytes, and another image another one.
 */
export function serialNumberOf(digest: string): string {
  const hex = createHash('sha256').update(`from-scratch sbom ${digest}`).digest('hex')
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16)
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

function cdxComponent(component: Component): Models.Component {
  const out = new Models.Component(TYPE[component.role], component.name, {
    bomRef: component.ref,
    ...(component.version === null ? {} : { version: component.version }),
    ...(component.purl === null ? {} : { purl: component.purl }),
    ...(component.supplier === null
      ? {}
      : { supplier: new Models.OrganizationalEntity({ name: component.supplier }) }),
    ...(component.comment === null ? {} : { description: component.comment })
  })
  if (component.sha256 !== null) out.hashes.set(Enums.HashAlgorithm['SHA-256'], component.sha256)
  if (component.goSum !== null) {
    // What the SHA-256 is a hash of, in the property names cyclonedx-gomod uses for the go.sum hash.
    out.properties.add(new Models.Property('cdx:gomod:hash:h1', component.goSum))
  }
  return out
}

/**
 * A CycloneDX 1.6 JSON document for the model, built and serialised by
 * `@cyclonedx/cyclonedx-library`: the image as metadata.component, every
 * other component listed, the dependency graph from CONTAINS and DEPENDS_ON.
 * Lists sorted and the serial number from the digest: equal facts, equal bytes.
 */
export function cyclonedxDocument(facts: SbomFacts, model: SbomModel): string {
  const made = new Map<string, Models.Component>()
  for (const component of model.components) made.set(component.ref, cdxComponent(component))
  for (const relation of model.relations) {
    const to = made.get(relation.to)
    made.get(relation.from)?.dependencies.add(to?.bomRef ?? new Models.BomRef(relation.to))
  }
  const root = made.get(model.root.ref)
  const tool = new Models.Component(Enums.ComponentType.Application, facts.tool.name, {
    version: facts.tool.version
  })
  const bom = new Models.Bom({
    metadata: new Models.Metadata({
      timestamp: new Date(facts.epoch * 1000),
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
      ...(root === undefined ? {} : { component: root })
    }),
    serialNumber: serialNumberOf(facts.image.manifestDigest ?? facts.image.imageId)
  })
  for (const component of model.components) {
    if (component.ref === model.root.ref) continue
    const cdx = made.get(component.ref)
    if (cdx) bom.components.add(cdx)
  }
  const serializer = new Serialize.JsonSerializer(
    new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6)
  )
  return `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n`
}
