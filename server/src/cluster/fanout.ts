/** How a server instance hears about the workshops it holds from the other instances. */
import type { ClusterMessage } from './messages.ts'

export interface Fanout {
  /** This instance, so that it can ignore its own messages. */
  readonly instanceId: string
  /** Starts receiving the workshop's messages; resolves once they will arrive (or the wait was given up). */
  subscribe(workshopId: string): Promise<void>
  unsubscribe(workshopId: string): void
  /** Sends to every other instance holding the workshop; at most once: a message can be lost. */
  publish(workshopId: string, message: ClusterMessage): void
  /** Called with every message from another instance. */
  onMessage(handler: (workshopId: string, message: ClusterMessage) => void): void
  /** Called when the connection came back after a loss: messages may have been missed meanwhile. */
  onResumed(handler: () => void): void
  close(): Promise<void>
}
