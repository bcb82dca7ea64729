/** The Huinong mark: a wheat ear over a coin, drawn inline so it needs no asset. */
export function BankMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" role="img" aria-label="Huinong">
      <circle cx="24" cy="24" r="22" fill="#f5c242" />
      <circle cx="24" cy="24" r="18" fill="#1a7f5a" />
      <path d="M24 36V14" stroke="#f5c242" strokeWidth="2.4" strokeLinecap="round" />
      <path d="M24 18c-4-1-6-4-6-7 4 0 6 3 6 7zm0 0c4-1 6-4 6-7-4 0-6 3-6 7z" fill="#f5c242" />
      <path d="M24 25c-4-1-6-4-6-7 4 0 6 3 6 7zm0 0c4-1 6-4 6-7-4 0-6 3-6 7z" fill="#f5c242" />
      <path d="M24 32c-4-1-6-4-6-7 4 0 6 3 6 7zm0 0c4-1 6-4 6-7-4 0-6 3-6 7z" fill="#f5c242" />
    </svg>
  );
}
