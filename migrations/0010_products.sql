-- Products (DESIGN §3): the five online products, their parameter versions and the LPR.
-- Settings shared by the whole bank: reference tables under Citus. Every parameter change is a new
-- version made through review (AB角); the version in effect on a date D is the highest version whose
-- effective_date <= D. Amounts inside params are fen as strings (JSON has no 64-bit integers).
CREATE TABLE products (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
  kind text NOT NULL CHECK (kind IN ('CREDIT', 'GUARANTEE', 'PLEDGE')),
  name_zh text NOT NULL CHECK (length(btrim(name_zh)) > 0),
  name_en text NOT NULL CHECK (length(btrim(name_en)) > 0),
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'SUSPENDED')),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE product_param_versions (
  product_code text NOT NULL REFERENCES products (code),
  version integer NOT NULL CHECK (version >= 1),
  effective_date date NOT NULL,
  params jsonb NOT NULL CHECK (jsonb_typeof(params) = 'object' AND params ->> 'code' = product_code),
  -- the approved change request that made this version; NULL for the seeded first version
  review_request_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (product_code, version)
);
CREATE INDEX product_param_versions_date_idx ON product_param_versions (product_code, effective_date);

CREATE TABLE lpr_rates (
  tenor text NOT NULL CHECK (tenor IN ('1Y', '5Y')),
  effective_date date NOT NULL,
  rate_pct numeric(9, 4) NOT NULL CHECK (rate_pct > 0 AND rate_pct <= 20),
  review_request_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenor, effective_date)
);

INSERT INTO products (code, kind, name_zh, name_en, sort_order) VALUES
  ('XIN_E_DAI', 'CREDIT', '信e贷', 'Xin e-Dai credit line', 1),
  ('XIN_E_KUAI_DAI', 'CREDIT', '信e快贷', 'Xin e-Kuai-Dai quick loan', 2),
  ('JI_E_DAI', 'CREDIT', '济e贷', 'Ji e-Dai local loan', 3),
  ('BAOZHENG_E_DAI', 'GUARANTEE', '保证e贷', 'Baozheng e-Dai guaranteed loan', 4),
  ('ZHIYA_E_DAI', 'PLEDGE', '质押e贷', 'Zhiya e-Dai CD-pledged loan', 5);

-- Version 1 of every product, in effect since 2025-01-01 (before the demo bank's first business date).
INSERT INTO product_param_versions (product_code, version, effective_date, params) VALUES
('XIN_E_DAI', 1, DATE '2025-01-01', '{
  "code": "XIN_E_DAI", "nameZh": "信e贷", "nameEn": "Xin e-Dai credit line",
  "descriptionZh": "纯信用、全线上的个人循环授信额度，一次授信、随借随还，额度有效期内可循环使用。",
  "kind": "CREDIT", "revolving": true,
  "minAmountFen": "100000", "maxAmountFen": "20000000",
  "minTermMonths": 1, "maxTermMonths": 36,
  "repaymentMethods": ["EQUAL_INSTALLMENT", "EQUAL_PRINCIPAL", "MONTHLY_INTEREST", "BULLET"],
  "bulletMaxTermMonths": 12,
  "pricing": {"spreadPctByGrade": {"A": "0.45", "B": "0.95", "C": "1.65", "D": "2.65"}, "floorPct": "3.00", "ceilingPct": "8.00"},
  "penaltyUpliftPct": "50", "minAge": 25, "maxAge": 55, "serviceRegionPrefixes": ["3708"],
  "internetLoanCapFen": "20000000", "autoApproveMaxFen": "5000000",
  "pledgeRatePct": null, "guarantor": null,
  "lineValidityMonths": 12, "dayCountBasis": 360, "referralDeadlineHours": 24,
  "repaymentOrder": ["FEES", "PENALTY", "INTEREST", "PRINCIPAL"]
}'::jsonb),
('XIN_E_KUAI_DAI', 1, DATE '2025-01-01', '{
  "code": "XIN_E_KUAI_DAI", "nameZh": "信e快贷", "nameEn": "Xin e-Kuai-Dai quick loan",
  "descriptionZh": "面向预授信白名单客户的小额信用贷款，全程自动审批，秒级放款。",
  "kind": "CREDIT", "revolving": false,
  "minAmountFen": "100000", "maxAmountFen": "3000000",
  "minTermMonths": 1, "maxTermMonths": 12,
  "repaymentMethods": ["EQUAL_INSTALLMENT", "EQUAL_PRINCIPAL", "MONTHLY_INTEREST", "BULLET"],
  "bulletMaxTermMonths": 12,
  "pricing": {"spreadPctByGrade": {"A": "0.65", "B": "1.15", "C": "1.85", "D": "2.85"}, "floorPct": "3.00", "ceilingPct": "8.00"},
  "penaltyUpliftPct": "50", "minAge": 22, "maxAge": 60, "serviceRegionPrefixes": ["3708"],
  "internetLoanCapFen": "20000000", "autoApproveMaxFen": "3000000",
  "pledgeRatePct": null, "guarantor": null,
  "lineValidityMonths": 12, "dayCountBasis": 360, "referralDeadlineHours": 24,
  "repaymentOrder": ["FEES", "PENALTY", "INTEREST", "PRINCIPAL"]
}'::jsonb),
('JI_E_DAI', 1, DATE '2025-01-01', '{
  "code": "JI_E_DAI", "nameZh": "济e贷", "nameEn": "Ji e-Dai local loan",
  "descriptionZh": "面向济宁本地市场商户和重点客群的信用贷款，支持按月付息、到期还本。",
  "kind": "CREDIT", "revolving": false,
  "minAmountFen": "500000", "maxAmountFen": "30000000",
  "minTermMonths": 1, "maxTermMonths": 36,
  "repaymentMethods": ["EQUAL_INSTALLMENT", "EQUAL_PRINCIPAL", "MONTHLY_INTEREST", "BULLET"],
  "bulletMaxTermMonths": 12,
  "pricing": {"spreadPctByGrade": {"A": "0.55", "B": "1.05", "C": "1.75", "D": "2.75"}, "floorPct": "3.00", "ceilingPct": "8.00"},
  "penaltyUpliftPct": "50", "minAge": 22, "maxAge": 60, "serviceRegionPrefixes": ["3708"],
  "internetLoanCapFen": "20000000", "autoApproveMaxFen": "10000000",
  "pledgeRatePct": null, "guarantor": null,
  "lineValidityMonths": 12, "dayCountBasis": 360, "referralDeadlineHours": 24,
  "repaymentOrder": ["FEES", "PENALTY", "INTEREST", "PRINCIPAL"]
}'::jsonb),
('BAOZHENG_E_DAI', 1, DATE '2025-01-01', '{
  "code": "BAOZHENG_E_DAI", "nameZh": "保证e贷", "nameEn": "Baozheng e-Dai guaranteed loan",
  "descriptionZh": "由本行信用良好的客户提供连带责任保证的个人贷款，担保人线上确认，最多 2 名担保人。",
  "kind": "GUARANTEE", "revolving": false,
  "minAmountFen": "1000000", "maxAmountFen": "30000000",
  "minTermMonths": 1, "maxTermMonths": 36,
  "repaymentMethods": ["EQUAL_INSTALLMENT", "EQUAL_PRINCIPAL", "MONTHLY_INTEREST"],
  "bulletMaxTermMonths": 12,
  "pricing": {"spreadPctByGrade": {"A": "0.35", "B": "0.85", "C": "1.45", "D": "2.25"}, "floorPct": "3.00", "ceilingPct": "7.50"},
  "penaltyUpliftPct": "50", "minAge": 22, "maxAge": 60, "serviceRegionPrefixes": ["3708"],
  "internetLoanCapFen": "20000000", "autoApproveMaxFen": "10000000",
  "pledgeRatePct": null, "guarantor": {"required": true, "maxCount": 2},
  "lineValidityMonths": 12, "dayCountBasis": 360, "referralDeadlineHours": 24,
  "repaymentOrder": ["FEES", "PENALTY", "INTEREST", "PRINCIPAL"]
}'::jsonb),
('ZHIYA_E_DAI', 1, DATE '2025-01-01', '{
  "code": "ZHIYA_E_DAI", "nameZh": "质押e贷", "nameEn": "Zhiya e-Dai CD-pledged loan",
  "descriptionZh": "以本行定期存单质押的贷款，金额最高为存单本金的 90%，到期日不晚于存单到期日，存单在结清前冻结。",
  "kind": "PLEDGE", "revolving": false,
  "minAmountFen": "100000", "maxAmountFen": "100000000",
  "minTermMonths": 1, "maxTermMonths": 36,
  "repaymentMethods": ["EQUAL_INSTALLMENT", "MONTHLY_INTEREST", "BULLET"],
  "bulletMaxTermMonths": 12,
  "pricing": {"spreadPctByGrade": {"A": "0.00", "B": "0.20", "C": "0.40", "D": "0.60"}, "floorPct": "2.80", "ceilingPct": "6.00"},
  "penaltyUpliftPct": "50", "minAge": 18, "maxAge": 70, "serviceRegionPrefixes": ["3708"],
  "internetLoanCapFen": "20000000", "autoApproveMaxFen": "50000000",
  "pledgeRatePct": "90", "guarantor": null,
  "lineValidityMonths": 12, "dayCountBasis": 360, "referralDeadlineHours": 24,
  "repaymentOrder": ["FEES", "PENALTY", "INTEREST", "PRINCIPAL"]
}'::jsonb);

-- Loan prime rates (贷款市场报价利率) as published by the National Interbank Funding Center.
INSERT INTO lpr_rates (tenor, effective_date, rate_pct) VALUES
  ('1Y', DATE '2024-10-21', 3.10),
  ('1Y', DATE '2025-05-20', 3.00),
  ('5Y', DATE '2024-10-21', 3.60),
  ('5Y', DATE '2025-05-20', 3.50);

INSERT INTO citus_table_kinds (table_name, kind) VALUES
  ('products', 'reference'), ('product_param_versions', 'reference'), ('lpr_rates', 'reference');
SELECT huinong_citus_apply();
