// Copies text for the user: the Clipboard API where the webview grants it, else the older
// select-and-copy through a hidden text area (styled by a class: the CSP forbids inline styles).

function copyThroughTextArea(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.className = 'clipboard-helper';
  area.setAttribute('aria-hidden', 'true');
  area.tabIndex = -1;
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.appendChild(area);
  try {
    area.select();
    area.setSelectionRange(0, text.length);
    return typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    focused?.focus();
  }
}

/** Resolves to whether the text reached the clipboard. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, no focus): the fallback below may still work.
  }
  return copyThroughTextArea(text);
}
