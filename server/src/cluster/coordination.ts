/**
 * Work that must happen once although several instances could do it: a facilitator's action
 * on a workshop (ending a vote, starting the timer), the retention sweep.
 */
export interface Coordination {
  /** False where there is nobody to take turns with: `exclusive` then just runs. */
  readonly takesTurns: boolean
  /** Runs `run` while no other instance runs one for `key`, waiting for its turn. */
  exclusive<T>(key: string, run: () => Promise<T>): Promise<T>
  /** Runs `run` unless another instance is running one for `key`; then resolves null at once. */
  ifFree<T>(key: string, run: () => Promise<T>): Promise<T | null>
  close(): Promise<void>
}

/** One instance: nobody else to wait for. */
export const singleInstance: Coordination = {
  takesTurns: false,
  exclusive: (_key, run) => run(),
  ifFree: (_key, run) => run(),
  close: async () => {},
}
