-- 信e快贷 is lent only to pre-credited customers (预授信白名单, issue 14 §7): the product parameter
-- whiteListOnly, true on every stored version of XIN_E_KUAI_DAI. Versions of other products, and any
-- stored before the flag existed, read it as false (products/params.ts); later changes go through review.
UPDATE product_param_versions
   SET params = params || '{"whiteListOnly": true}'::jsonb
 WHERE product_code = 'XIN_E_KUAI_DAI' AND NOT (params ? 'whiteListOnly');
