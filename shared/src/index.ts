export * from './doc-format.ts'
export * from './rich-text.ts'
export * from './api.ts'
export * from './boards.ts'
