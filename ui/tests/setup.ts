import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach } from 'vitest';

afterEach(async () => {
  cleanup();
  clearMocks();
  window.location.hash = '';
  // The router hears of it through 'hashchange', a task of its own: the next test starts after.
  await new Promise((resolve) => setTimeout(resolve, 0));
});
