// A stand-in for the Rust side in component tests: each test says what the commands answer.
// Events work too: what a component listens to, `emit` from '@tauri-apps/api/event' delivers.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Fault } from '../src/lib/api';

type Handler = (args: Record<string, unknown>) => unknown;

export function fault(code: string, message: string, field?: Fault['field']): Fault {
  return field ? { code, message, field } : { code, message };
}

/** Commands every test may see: a view telling Rust it has painted its data. */
const always: Record<string, Handler> = { view_rendered: () => null };

/** Answers each command with its handler; records every call; unknown commands fail the test. */
export function answer(handlers: Record<string, Handler>) {
  const calls: { command: string; args: Record<string, unknown> }[] = [];
  mockIPC((command, args) => {
    const handler = handlers[command] ?? always[command];
    calls.push({ command, args: (args ?? {}) as Record<string, unknown> });
    if (!handler) throw new Error(`unexpected command ${command}`);
    return handler((args ?? {}) as Record<string, unknown>);
  }, { shouldMockEvents: true });
  return calls;
}

/** A handler that rejects like a Rust command returning Err(Fault). */
export function refuse(f: Fault): Handler {
  return () => {
    throw f;
  };
}
