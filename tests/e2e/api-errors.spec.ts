/** What a caller of the API is told about a bad request, from the server as npm start runs it (the bundle). */
import { expect, test } from './fixtures.ts'

test('a request the API refuses says which field was wrong and why, in words', async ({ request }) => {
  const response = await request.post('/api/workshops', { data: { title: 'Steg 1', city: 5 } })
  expect(response.status()).toBe(400)
  const body = (await response.json()) as { error: { message: string } }
  expect(body.error.message).toBe('city: Invalid input: expected string, received number')
})
