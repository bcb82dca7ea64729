/**
 * data-testid for props typed without data attributes (onRow, okButtonProps…). JSX attributes can
 * carry data-* directly; object-typed props cannot, hence this cast in one place.
 */
export function tid<T = Record<string, string>>(id: string): T {
  return { 'data-testid': id } as T;
}
