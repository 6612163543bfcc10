/**
 * Structured one-line JSON logs. Callers pass ids, counts and codes only: never note
 * text, names or keys (URLs with ?key= are never logged).
 */
type Level = 'debug' | 'info' | 'warn' | 'error'
type Fields = Record<string, string | number | boolean | null | undefined>

export interface Logger {
  debug(event: string, fields?: Fields): void
  info(event: string, fields?: Fields): void
  warn(event: string, fields?: Fields): void
  error(event: string, fields?: Fields): void
}

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function createLogger(minLevel: Level | 'silent' = 'info', write: (line: string) => unknown = (line) => process.stdout.write(line + '\n')): Logger {
  const threshold = minLevel === 'silent' ? Infinity : ORDER[minLevel]
  const emit = (level: Level) => (event: string, fields: Fields = {}) => {
    if (ORDER[level] < threshold) return
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }))
  }
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') }
}

/** The error's class and code, never its message (a message may quote user input). */
export function errorFields(err: unknown): Fields {
  if (err instanceof Error) return { error: err.name, code: (err as { code?: string }).code ?? null }
  return { error: typeof err }
}
