import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { getMetaMap } from '@sfs/shared'
import { countWriters } from './workshop-report.ts'

it('counts the people who wrote, by the identity the server gave them, not their devices or page loads', () => {
  const doc = new Y.Doc()
  const write = (client: number) => {
    const writer = new Y.Doc()
    writer.clientID = client
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc))
    getMetaMap(writer).set(`k${client}`, 1)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(doc)))
  }
  // Anna on two page loads, Bo once, a guest tool, and the server.
  for (const client of [11, 12, 21, 31, 41]) write(client)
  const owners = new Map([
    [11, 'person:anna'],
    [12, 'person:anna'],
    [21, 'person:bo'],
    [41, 'server'],
    // Cecilia joined but wrote nothing.
    [51, 'person:cecilia'],
  ])
  expect(countWriters(doc, owners)).toBe(2)
})
