/**
 * What the customer page remembers while it is open: the identity verified in this visit (kept in
 * memory only, so an application can carry occupation and income with it; a reload forgets it and
 * the cookie session stands alone) and the public products list, loaded once.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useAsync } from '../shared/useAsync';
import { mobileApi, type CustomerBrief, type IdentityInput, type PublicProduct, type PublicProductList } from './api';

interface PortalValue {
  identity: IdentityInput | null;
  customer: CustomerBrief | null;
  setVerified: (identity: IdentityInput | null, customer: CustomerBrief) => void;
  forget: () => void;
}

const PortalCtx = createContext<PortalValue | null>(null);

export function PortalProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<IdentityInput | null>(null);
  const [customer, setCustomer] = useState<CustomerBrief | null>(null);
  const setVerified = useCallback((id: IdentityInput | null, c: CustomerBrief) => {
    setIdentity(id);
    setCustomer(c);
  }, []);
  const forget = useCallback(() => {
    setIdentity(null);
    setCustomer(null);
  }, []);
  const value = useMemo(() => ({ identity, customer, setVerified, forget }), [identity, customer, setVerified, forget]);
  return <PortalCtx.Provider value={value}>{children}</PortalCtx.Provider>;
}

export function usePortal(): PortalValue {
  const v = useContext(PortalCtx);
  if (!v) throw new Error('usePortal() used outside <PortalProvider>');
  return v;
}

let productsCache: Promise<PublicProductList> | null = null;

function loadProducts(): Promise<PublicProductList> {
  productsCache ??= mobileApi.products().then(
    (r) => r,
    (e: unknown) => {
      productsCache = null; // try again next time
      throw e;
    },
  );
  return productsCache;
}

/**
 * The public products list (code, names, ranges, methods, indicative rates) and the bank's business
 * date, which trial schedules start on (the device's date when the server does not say).
 */
export function useProducts() {
  const r = useAsync(() => loadProducts(), []);
  return { ...r, data: r.data?.items, businessDate: r.data?.businessDate ?? null };
}

export function findProduct(list: PublicProduct[] | undefined, code: string | null | undefined): PublicProduct | null {
  if (!list || !code) return null;
  return list.find((p) => p.code === code) ?? null;
}
