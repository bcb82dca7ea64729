/**
 * The bank's business date changes only through end-of-day. A page that runs end-of-day announces it,
 * and whatever shows the date (the console header) reads it again.
 */
const EVENT = 'hn:business-date-changed';

export function announceBusinessDateChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `listener` whenever the business date may have changed; returns the unsubscribe function. */
export function onBusinessDateChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
