import { UserError } from '../ground/errors.js'

/** The comment-key used when the input is empty: one image, one comment. */
export const DEFAULT_COMMENT_KEY = 'default'

/**
 * Validates `comment-key`. It ends up inside an HTML comment and a cache key,
 * so it is kept to characters that are safe in both (no `--`, `>` or commas).
 */
export function normalizeCommentKey(raw: string): string {
  const key = raw.trim()
  if (key === '') return DEFAULT_COMMENT_KEY
  if (!/^[A-Za-z0-9._/-]{1,64}$/.test(key) || key.includes('--')) {
    throw new UserError(`comment-key: "${raw}" cannot be used as a comment key.`, [
      'Use up to 64 letters, digits, dots, underscores, slashes or single dashes, e.g. api or cmd/worker.'
    ])
  }
  return key
}

/**
 * The comment-key an image gets when none is given: its name, with what a key
 * cannot hold (a registry port's `:`) turned into `_`; a name over 64
 * characters keeps its end, where image names differ. Pure.
 */
export function keyFromImage(image: string): string {
  let key = image.replace(/[^A-Za-z0-9._/-]/g, '_').replace(/-{2,}/g, '-')
  if (key.length > 64) key = key.slice(key.length - 64)
  key = key.replace(/^[^A-Za-z0-9]+/, '')
  return key === '' ? DEFAULT_COMMENT_KEY : key
}
