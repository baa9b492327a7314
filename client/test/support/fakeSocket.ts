import type { THotlineSocket } from '../../src/realtime/realtimeContext';

type TListener = (...args: unknown[]) => void;

/** Enough of a socket.io client for the console: listeners, emits recorded, server pushes on demand. */
export class FakeSocket {
  connected = true;
  active = true;
  readonly emitted: { event: string; args: unknown[] }[] = [];
  private readonly listeners = new Map<string, Set<TListener>>();

  on(event: string, listener: TListener): this {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: TListener): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as (res: unknown) => void)({ ok: true });
    return this;
  }

  disconnect(): this {
    this.connected = false;
    this.active = false;
    return this;
  }

  /** Pretends the server sent `event`. */
  serverPush(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener(payload);
  }

  asSocket(): THotlineSocket {
    return this as unknown as THotlineSocket;
  }
}
