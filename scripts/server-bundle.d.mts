import type { BuildOptions } from 'esbuild'

export const repoRoot: string
export const serverBundleOptions: BuildOptions
