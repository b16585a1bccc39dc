/** A few DOM helpers: elements are built with text nodes, never from HTML strings. */
type Attrs = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces an element's content; does nothing when the text is already the same (no flicker). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

export function byTestId<T extends HTMLElement = HTMLElement>(root: ParentNode, id: string): T {
  const el = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element ${id}`);
  return el;
}

/** Runs `fn` every `ms` while the page is visible, and at once when it becomes visible again. */
export function whileVisible(fn: () => void, ms: number): void {
  setInterval(() => {
    if (document.visibilityState === 'visible') fn();
  }, ms);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') fn();
  });
}

/** Tells tests that a tie read after a (re)connection was answered and handled, taken or not. */
export function countTieAnswer(main: HTMLElement): void {
  main.dataset.tieAnswers = String(Number(main.dataset.tieAnswers ?? 0) + 1);
}
