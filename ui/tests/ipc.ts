// A stand-in for the Rust side in component tests: each test says what the commands answer.
// What Rust tells the window goes through the channel the page opened: `tell` delivers it
// (`authorization` for Rust's answer to a sign-in link, so its fault is type checked).
/// <reference types="vite/client" />
import type { Channel } from '@tauri-apps/api/core';
import { mockIPC } from '@tauri-apps/api/mocks';
import type { AuthorizationOutcome, Fault, FaultCode, WindowEvent } from '../src/lib/api';
import type { CommandName } from '../src/lib/bindings/commands';
import faultCodeSource from '../src/lib/bindings/FaultCode.ts?raw';

type Handler = (args: Record<string, unknown>) => unknown;

/** A fault as Rust sends it: only the codes of Rust's FaultCode type check. */
export function fault(code: FaultCode, message: string, field?: Fault['field']): Fault {
  return field ? { code, message, field } : { code, message };
}

// The page opens its channel once per load (a test file), so channels outlive one test's mock.
const channels: Channel<WindowEvent>[] = [];

/** What Rust sends the window, delivered as the channel would. */
export async function tell(event: WindowEvent) {
  checkCodes(event);
  channels.forEach((channel) => channel.onmessage(event));
  await Promise.resolve();
}

/** Rust's answer to a sign-in link. */
export function authorization(outcome: AuthorizationOutcome) {
  return tell({ kind: 'zoomAuthorization', ...outcome });
}

// The same codes at run time, for what the type check cannot see: handlers answer `unknown`.
const union = faultCodeSource.slice(faultCodeSource.indexOf('export type FaultCode ='));
const rustCodes = new Set([...union.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
const unknownCodes: string[] = [];

/** Notes every fault-like object in `value` whose code Rust does not send. */
function checkCodes(value: unknown, seen = new Set<object>()) {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const { code, message } = value as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && typeof message === 'string' && !rustCodes.has(code)) unknownCodes.push(code);
  for (const inner of Object.values(value)) checkCodes(inner, seen);
}

/** The codes Rust never sends that handlers answered with since the last call (tests/setup.ts). */
export function takeUnknownCodes(): string[] {
  return unknownCodes.splice(0);
}

/** Runs a handler, checking the codes of what it answers or throws, sync or async. */
function checked(handler: Handler, args: Record<string, unknown>): unknown {
  let result: unknown;
  try {
    result = handler(args);
  } catch (error) {
    checkCodes(error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => (checkCodes(value), value),
      (error: unknown) => {
        checkCodes(error);
        throw error;
      },
    );
  }
  checkCodes(result);
  return result;
}

/** Commands every test may see: a view telling Rust it has painted its data. */
const always: Partial<Record<CommandName, Handler>> = {
  view_rendered: () => null,
  listen_to_app: (args) => {
    channels.push(args.onEvent as Channel<WindowEvent>);
    return null;
  },
};

/** Answers each command with its handler; records every call; unknown commands fail the test. */
export function answer(handlers: Partial<Record<CommandName, Handler>>) {
  const calls: { command: string; args: Record<string, unknown> }[] = [];
  mockIPC((command, args) => {
    const handler = handlers[command as CommandName] ?? always[command as CommandName];
    calls.push({ command, args: (args ?? {}) as Record<string, unknown> });
    if (!handler) throw new Error(`unexpected command ${command}`);
    return checked(handler, (args ?? {}) as Record<string, unknown>);
  });
  return calls;
}

/** A handler that rejects like a Rust command returning Err(Fault). */
export function refuse(f: Fault): Handler {
  return () => {
    throw f;
  };
}
