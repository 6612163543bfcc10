import { expect, it } from 'vitest'
import { configFromEnv } from './config.ts'

it('reads DURABILITY and LOG_LEVEL, defaults them, and refuses values it does not know', () => {
  expect(configFromEnv({})).toMatchObject({ durability: 'written', logLevel: 'info' })
  expect(configFromEnv({ DURABILITY: 'flushed', LOG_LEVEL: 'warn' })).toMatchObject({ durability: 'flushed', logLevel: 'warn' })
  expect(() => configFromEnv({ DURABILITY: 'fsync' })).toThrow('DURABILITY must be one of written, flushed; got "fsync"')
  expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be one of debug, info, warn, error, silent')
})
