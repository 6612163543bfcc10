import { describe, expect, it } from 'vitest'
import { createTLSchema, defaultBindingSchemas, defaultShapeSchemas } from '@tldraw/tlschema'
import { workshopSchema } from './record-schema.ts'

describe('workshopSchema', () => {
  it('orders the migrations exactly as tldraw does in the browser, though it never loads the collation data to do so', () => {
    const ids = (schema: { sortedMigrations: readonly { id: string }[] }) => schema.sortedMigrations.map((m) => m.id)
    const ours = ids(workshopSchema())
    // tldraw's own order, with the locale-aware comparison it uses.
    const tldraws = ids(createTLSchema({ shapes: defaultShapeSchemas, bindings: defaultBindingSchemas }))
    expect(ours).toEqual(tldraws)
    expect(ours.length).toBeGreaterThan(50)
    // And the comparison is the engine's own again afterwards: the collation puts ä before z, the stand-in would not.
    expect(['z', 'ä'].sort((x, y) => x.localeCompare(y))).toEqual(['ä', 'z'])
  })
})
