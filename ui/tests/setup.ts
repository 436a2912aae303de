import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, expect } from 'vitest';
import { takeUnknownCodes } from './ipc';

afterEach(async () => {
  const unknownCodes = takeUnknownCodes();
  cleanup();
  clearMocks();
  window.location.hash = '';
  // The router hears of it through 'hashchange', a task of its own: the next test starts after.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // A component shows a fault whatever its code: a code Rust never sends fails the test here.
  expect(unknownCodes, 'fault codes the Rust side never sends').toEqual([]);
});
