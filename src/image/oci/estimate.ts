import type { Platform } from '../../ground/platform.js'
import { materialiseLayer } from '../materialise.js'
import type { RootfsPlan } from '../rootfs.js'
import { imageConfig, type ContainerConfig } from './config.js'
import { measureLayer } from './layer.js'
import type { PullSizeEstimate } from '../types.js'

/**
 * Config + gzip of each layer, exactly as the daemonless writer would make
 * them, without writing anything. For an engine whose layers we do not
 * compress ourselves (buildx --load never compresses), this is the estimate:
 * the same file contents gzipped at the level BuildKit pushes with. It runs
 * while buildx builds, instead of `docker save` and a second gzip after it.
 */
export async function estimatePullSize(
  plan: RootfsPlan,
  config: ContainerConfig,
  epoch: number,
  platform: Platform
): Promise<PullSizeEstimate> {
  const layers = []
  for (const layer of plan.layers) {
    const { entries } = await materialiseLayer(layer)
    layers.push({ kind: layer.kind, ...(await measureLayer(entries, epoch)) })
  }
  const configBytes = imageConfig({ config, layers, epoch, platform }).length
  const sizes = layers.map((layer) => layer.size)
  return {
    pullSize: sizes.reduce((sum, size) => sum + size, configBytes),
    config: configBytes,
    layers: sizes
  }
}
