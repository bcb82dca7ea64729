/**
 * Named error codes, mapped to HTTP statuses and messages in one table.
 * Expected business failures are thrown as AppError; anything else becomes a generic 500
 * whose details go only to the log.
 */
export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export const ERROR_TABLE = {
  // generic
  VALIDATION_FAILED: { status: 400, zh: '请求参数有误，请检查后重试', en: 'The request is invalid; check the fields and try again' },
  NOT_FOUND: { status: 404, zh: '未找到该记录', en: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: { status: 409, zh: '数据已被修改，请刷新后重试', en: 'The data changed meanwhile; reload and try again' },
  INTERNAL_ERROR: {
    status: 500,
    zh: '系统内部错误，请稍后重试或联系管理员',
    en: 'Internal error; try again later or contact the administrator',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容过大', en: 'The upload is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, zh: '缺少幂等键 Idempotency-Key', en: 'The Idempotency-Key header is required' },

  // kernel values
  INVALID_AMOUNT: {
    status: 400,
    zh: '金额格式有误，应为最多两位小数的元，如 "8530.99"',
    en: 'Invalid amount; use yuan with at most two decimals, e.g. "8530.99"',
  },
  INVALID_RATE: { status: 400, zh: '利率格式有误，应为百分数，如 "4.35"', en: 'Invalid rate; use a percentage such as "4.35"' },
  INVALID_DATE: { status: 400, zh: '日期格式有误，应为 YYYY-MM-DD', en: 'Invalid date; use YYYY-MM-DD' },
  INVALID_ID_NUMBER: { status: 400, zh: '身份证号码无效', en: 'Invalid resident ID number' },
  INVALID_CREDIT_CODE: { status: 400, zh: '统一社会信用代码无效', en: 'Invalid unified social credit code' },
  INVALID_MOBILE: { status: 400, zh: '手机号码无效', en: 'Invalid mobile number' },

  // access
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please log in' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账户已锁定，请 15 分钟后再试',
    en: 'Too many failed logins; the account is locked for 15 minutes',
  },
  AUTH_ACCOUNT_DISABLED: { status: 403, zh: '账户已停用', en: 'The account is disabled' },
  AUTH_PASSWORD_NOT_SET: {
    status: 403,
    zh: '账户尚未设置密码，请联系系统管理员重置密码',
    en: 'No password is set for this account; ask an administrator to reset it',
  },
  AUTH_SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'The session has expired; log in again' },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: '密码强度不足：至少 10 位，且不能是常见、有规律或容易猜到的密码（可用几个不相关的词加数字或符号）',
    en: 'The password is too weak: at least 10 characters, and not common, patterned or easy to guess (try a few unrelated words with digits or symbols)',
  },
  PASSWORD_CONTAINS_USERNAME: { status: 400, zh: '密码不能包含用户名', en: 'The password must not contain the username' },
  PASSWORD_REUSED: { status: 400, zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '请先修改密码：使用临时或初始密码登录后，须设置新密码才能继续操作',
    en: 'Change your password first: after logging in with a temporary or initial password you must set a new one',
  },
  AUTH_THROTTLED: {
    status: 429,
    zh: '登录失败次数过多，请 15 分钟后再试或联系系统管理员',
    en: 'Too many failed logins; try again in 15 minutes or ask an administrator',
  },
  AUTH_TEMP_PASSWORD_EXPIRED: {
    status: 401,
    zh: '临时密码已过期，请联系系统管理员重新为您重置密码',
    en: 'The temporary password has expired; ask an administrator to reset your password again',
  },
  STAFF_NO_MOBILE: {
    status: 422,
    zh: '该员工未登记手机号，无法发送临时密码，请先补录手机号',
    en: 'The staff member has no registered mobile number to send a temporary password to',
  },
  FORBIDDEN: { status: 403, zh: '没有执行该操作的权限', en: 'You do not have permission for this action' },
  OUT_OF_SCOPE: { status: 404, zh: '未找到该记录或不在您的数据权限范围内', en: 'Not found or outside your data scope' },
  USERNAME_TAKEN: { status: 409, zh: '用户名已存在', en: 'The username is already taken' },
  BRANCH_NOT_FOUND: { status: 404, zh: '机构不存在', en: 'No such branch' },
  BRANCH_CODE_TAKEN: { status: 409, zh: '机构代码已存在', en: 'The branch code is already taken' },
  STAFF_NOT_FOUND: { status: 404, zh: '员工不存在', en: 'No such staff member' },
  ROLE_UNKNOWN: { status: 400, zh: '角色不存在', en: 'Unknown role' },
  ROLE_ALREADY_HELD: { status: 409, zh: '该员工已拥有此角色', en: 'The staff member already holds this role' },
  ROLE_NOT_HELD: { status: 409, zh: '该员工未拥有此角色', en: 'The staff member does not hold this role' },

  // review (AB角)
  REVIEW_NOT_FOUND: { status: 404, zh: '复核申请不存在', en: 'No such review request' },
  REVIEW_SELF_APPROVAL: {
    status: 403,
    zh: '不能复核自己提交的申请（AB角）',
    en: 'You cannot check a change you made yourself (four-eyes rule)',
  },
  REVIEW_NOT_PENDING: { status: 409, zh: '该申请已处理，不能重复复核', en: 'The request has already been decided' },
  REVIEW_CHECKER_FORBIDDEN: { status: 403, zh: '您没有复核此类申请的权限', en: 'You may not check this type of change' },
  REVIEW_APPLY_FAILED: {
    status: 409,
    zh: '申请无法生效，数据已变化，请驳回后重新提交',
    en: 'The change can no longer be applied; reject it and submit again',
  },
  REVIEW_COMMENT_REQUIRED: { status: 400, zh: '驳回时须填写意见', en: 'A comment is required when rejecting' },
  REVIEW_TYPE_UNKNOWN: { status: 400, zh: '不支持的变更类型', en: 'Unknown change type' },
  REVIEW_SUBJECT_CONFLICT: {
    status: 403,
    zh: '变更涉及您本人，不能由您提交或复核（AB角）',
    en: 'The change concerns you: you can neither make nor check it (four-eyes rule)',
  },
  REVIEW_POLICY_LOCKED: { status: 400, zh: '该类变更始终需要复核，不能设为免复核', en: 'This type of change always requires review' },

  // imports
  IMPORT_TYPE_UNKNOWN: { status: 400, zh: '不支持的导入类型', en: 'Unknown import type' },
  IMPORT_FILE_UNREADABLE: {
    status: 422,
    zh: '文件无法读取，请上传 CSV 或 XLSX 文件',
    en: 'The file cannot be read; upload a CSV or XLSX file',
  },
  IMPORT_EMPTY: { status: 422, zh: '文件中没有数据行', en: 'The file has no data rows' },
  IMPORT_MISSING_COLUMNS: { status: 422, zh: '文件缺少必需的列', en: 'The file lacks required columns' },
  IMPORT_HAS_ERRORS: {
    status: 422,
    zh: '文件中有错误行，请修正后重新上传',
    en: 'The file has rows with errors; fix them and upload again',
  },
  IMPORT_NOT_FOUND: { status: 404, zh: '导入批次不存在', en: 'No such import' },
  IMPORT_MAKER_FORBIDDEN: {
    status: 403,
    zh: '您没有维护此类数据的权限，不能上传此类导入',
    en: 'You may not write the data this import carries, so you cannot upload it',
  },
  IMPORT_TOO_MANY_ROWS: { status: 422, zh: '单个文件行数超过上限', en: 'The file has too many rows' },

  // audit
  AUDIT_CHAIN_BROKEN: { status: 409, zh: '审计日志链校验失败', en: 'The audit chain is broken' },

  // schedule
  INVALID_TERM: {
    status: 400,
    zh: '贷款期限有误：按月期限为 1–360 个月，按日期限（仅利随本清）为 1–3660 天',
    en: 'Invalid term: 1–360 months, or 1–3660 days for bullet repayment only',
  },
  INVALID_REPAYMENT_DAY: {
    status: 400,
    zh: '固定还款日有误，应为每月 1–28 日，且不适用于利随本清',
    en: 'Invalid repayment day: use 1–28; not available for bullet repayment',
  },
  UNSUPPORTED_METHOD: { status: 400, zh: '不支持的还款方式', en: 'Unsupported repayment method' },

  // products
  PRODUCT_NOT_FOUND: { status: 404, zh: '产品不存在或未在该日期生效', en: 'No such product, or none effective on that date' },
  PRODUCT_PARAMS_INVALID: {
    status: 422,
    zh: '产品参数不合理，请检查后重新提交',
    en: 'The product parameters are inconsistent; check and submit again',
  },
  EFFECTIVE_DATE_IN_PAST: {
    status: 422,
    zh: '生效日期不能早于当前营业日期',
    en: 'The effective date cannot be before the current business date',
  },
  LPR_NOT_FOUND: { status: 404, zh: '该日期没有有效的 LPR', en: 'No LPR is effective on that date' },
  LPR_RATE_INVALID: {
    status: 422,
    zh: 'LPR 须大于 0 且不超过 20%，最多 4 位小数',
    en: 'The LPR must be above 0 and at most 20%, with at most 4 decimals',
  },

  // customers
  CUSTOMER_NOT_FOUND: { status: 404, zh: '客户不存在或不在您的数据权限范围内', en: 'No such customer, or outside your data scope' },
  CUSTOMER_NAME_MISMATCH: {
    status: 409,
    zh: '姓名与该身份证号已登记的客户姓名不一致',
    en: 'The name does not match the customer registered with this ID number',
  },
  CUSTOMER_MOBILE_MISMATCH: {
    status: 409,
    zh: '手机号与该客户预留手机号不一致',
    en: 'The mobile number does not match the one registered for this customer',
  },
  CUSTOMER_IDENTITY_MISMATCH: {
    status: 409,
    zh: '姓名、身份证号与手机号和本行登记的信息不一致。请核对后重新获取验证码；如已更换手机号，请携带身份证到网点办理变更',
    en: 'The name, ID number and mobile do not match what the bank holds. Check them and request a new code; if your mobile has changed, bring your ID card to a branch to update it',
  },
  CUSTOMER_NAME_INVALID: {
    status: 400,
    zh: '姓名无效：不能为空，不超过 50 个字，且不含数字或特殊控制字符',
    en: 'Invalid name: required, at most 50 characters, no digits or control characters',
  },
  CUSTOMER_PROFILE_INVALID: {
    status: 400,
    zh: '客户资料有误（地址、职业、经营主体名称或月收入不符合要求）',
    en: 'Invalid customer profile (address, occupation, business name or monthly income)',
  },
  // customers: the profile changed through review (AB角, issue 13 §5)
  CUSTOMER_PROFILE_INCONSISTENT: {
    status: 422,
    zh: '客户资料前后矛盾：仅已婚客户可登记配偶姓名',
    en: 'Inconsistent customer profile: a spouse name is recorded only for a married customer',
  },
  CUSTOMER_PROFILE_NO_CHANGE: {
    status: 422,
    zh: '提交的客户资料与现有信息相同，无需复核',
    en: 'The submitted profile equals what the customer holds; there is nothing to review',
  },
  CUSTOMER_PROFILE_CHANGE_PENDING: {
    status: 409,
    zh: '该客户已有一笔待复核的资料变更，请待复核完成后再提交',
    en: 'The customer already has a profile change awaiting review; submit again once it is decided',
  },
  CUSTOMER_PROFILE_STALE: {
    status: 409,
    zh: '客户资料在提交后已被修改，本次变更无法生效，请驳回后重新提交',
    en: 'The customer profile changed after submission; reject this change and submit a new one',
  },
  CUSTOMER_PROFILE_CHANGE_NOT_FOUND: {
    status: 404,
    zh: '该客户没有待复核的资料变更',
    en: 'The customer has no profile change awaiting review',
  },

  // sms
  OTP_INVALID: { status: 400, zh: '短信验证码错误', en: 'Wrong verification code' },
  OTP_EXPIRED: {
    status: 400,
    zh: '短信验证码已过期或已使用，请重新获取',
    en: 'The verification code has expired or been used; request a new one',
  },
  OTP_TOO_MANY_ATTEMPTS: { status: 429, zh: '验证码错误次数过多，请重新获取', en: 'Too many wrong codes; request a new one' },
  OTP_TOO_FREQUENT: {
    status: 429,
    zh: '验证码发送过于频繁，请 60 秒后再试',
    en: 'Codes are sent at most once a minute; try again shortly',
  },
  SMS_MESSAGE_INVALID: { status: 400, zh: '短信内容或模板无效', en: 'Invalid SMS text or template' },
  // reminders (还款提醒)
  REMINDER_PARAMS_INVALID: {
    status: 422,
    zh: '还款提醒参数不符合要求：请按提示修改提醒天数、免打扰时段、客服电话或短信模板后重新提交',
    en: 'The reminder parameters are not acceptable: correct the days, quiet hours, hotline or templates as listed and submit again',
  },

  // referral rewards (转介有礼, docs/marketing.md "Referrals")
  REFERRAL_CODE_UNKNOWN: {
    status: 422,
    zh: '推荐码无效：请核对推荐人分享的链接或推荐码',
    en: 'Unknown referral code: check the link or code the referrer shared',
  },
  REFERRAL_PARAMS_INVALID: {
    status: 422,
    zh: '转介奖励规则不符合要求：请按提示修改奖励金额、上限或生效日期后重新提交',
    en: 'The referral reward rules are not acceptable: correct the amount, caps or effective date as listed and submit again',
  },

  // core banking, bureau, lists
  ACCOUNT_NOT_FOUND: { status: 404, zh: '存款账户不存在', en: 'No such deposit account' },
  ACCOUNT_NOT_ACTIVE: { status: 409, zh: '存款账户状态异常（冻结或销户）', en: 'The deposit account is frozen or closed' },
  INSUFFICIENT_BALANCE: { status: 409, zh: '账户余额不足', en: 'Insufficient balance' },
  CD_NOT_FOUND: { status: 404, zh: '存单不存在或不属于该客户', en: 'No such certificate of deposit for this customer' },
  CD_NOT_PLEDGEABLE: {
    status: 409,
    zh: '存单不可质押（已冻结、已质押、已挂失或已到期）',
    en: 'The certificate cannot be pledged (frozen, pledged, lost or matured)',
  },
  SANDBOX_DISABLED: {
    status: 409,
    zh: '仅内置核心系统支持模拟存取款',
    en: 'Sandbox deposits and withdrawals need the embedded core banking system',
  },
  CORE_REFERENCE_CONFLICT: {
    status: 409,
    zh: '交易流水号已用于另一笔不同的交易',
    en: 'The transaction reference was already used for a different transaction',
  },

  // ledger
  LEDGER_UNBALANCED: { status: 500, zh: '会计分录借贷不平衡', en: 'Unbalanced journal entry' },
  LEDGER_ACCOUNT_UNKNOWN: { status: 500, zh: '会计科目不存在', en: 'Unknown ledger account' },
  LEDGER_ENTRY_NOT_FOUND: { status: 404, zh: '会计分录不存在', en: 'No such journal entry' },
  LEDGER_ENTRY_ALREADY_REVERSED: { status: 409, zh: '该分录已冲正，不能重复冲正', en: 'The journal entry has already been reversed' },
  LEDGER_REVERSAL_NOT_REVERSIBLE: {
    status: 409,
    zh: '冲正分录不能再冲正，请重新记账',
    en: 'A reversal cannot be reversed; post the event again instead',
  },
  LEDGER_REVERSAL_BEFORE_ORIGINAL: {
    status: 422,
    zh: '冲正日期不能早于原分录的营业日期',
    en: 'A reversal cannot be dated before the entry it reverses',
  },

  // decision
  POLICY_NOT_FOUND: { status: 404, zh: '授信策略不存在', en: 'No such credit policy' },
  POLICY_INVALID: {
    status: 422,
    zh: '授信策略有误，请按提示修改后重新提交',
    en: 'The credit policy has errors; correct them as listed and submit again',
  },
  POLICY_VERSION_TAKEN: {
    status: 409,
    zh: '该授信策略版本号已存在，请使用新的版本号',
    en: 'This credit policy version already exists; use a new version',
  },
  DECISION_NOT_FOUND: { status: 404, zh: '授信决策记录不存在', en: 'No such credit decision' },

  // origination
  CONSENT_REQUIRED: {
    status: 400,
    zh: '须同意征信查询、自动化决策及个人信息处理授权后才能申请',
    en: 'Consent to the credit inquiry, automated decision and personal information processing is required',
  },
  APPLICATION_NOT_FOUND: { status: 404, zh: '申请不存在或不在您的数据权限范围内', en: 'No such application, or outside your data scope' },
  APPLICATION_ALREADY_OPEN: {
    status: 409,
    zh: '该客户已有同一产品的在途申请',
    en: 'The customer already has an open application for this product',
  },
  APPLICATION_NOT_REFERRED: { status: 409, zh: '该申请不在人工审批队列中', en: 'The application is not waiting for a manual decision' },
  APPLICATION_NOT_DECLINED: {
    status: 409,
    zh: '只有被拒绝的申请才能申请人工复议',
    en: 'Only a declined application can be sent for a manual review',
  },
  APPLICATION_STATE_INVALID: { status: 409, zh: '申请当前状态不允许该操作', en: 'The application is not in a state that allows this' },
  AMOUNT_OUT_OF_RANGE: { status: 422, zh: '金额超出产品允许范围', en: 'The amount is outside the product range' },
  TERM_OUT_OF_RANGE: { status: 422, zh: '期限超出产品或额度允许范围', en: 'The term is outside what the product or credit line allows' },
  METHOD_NOT_ALLOWED: { status: 422, zh: '该产品不支持此还款方式', en: 'The product does not allow this repayment method' },
  CREDIT_LINE_NOT_FOUND: {
    status: 404,
    zh: '授信额度不存在或不在您的数据权限范围内',
    en: 'No such credit line, or outside your data scope',
  },
  CREDIT_LINE_NOT_ACTIVE: {
    status: 409,
    zh: '授信额度不可用（已冻结、已关闭或已到期）',
    en: 'The credit line is frozen, closed or expired',
  },
  CREDIT_LINE_EXPIRED: { status: 409, zh: '授信额度已到期', en: 'The credit line has expired' },
  CUSTOMER_HAS_OVERDUE: {
    status: 409,
    zh: '您有逾期未还的贷款（或贷款风险分类为次级及以下），请先归还逾期款项后再借款',
    en: 'The customer has a loan past due (or classified substandard or worse); repay the amount past due before drawing again',
  },
  DRAWDOWN_BLOCK_PARAMS_INVALID: {
    status: 422,
    zh: '逾期禁止用信参数不符合要求：容忍天数 0–30 天、容忍金额 0–1,000 元、可用信的最差分类只能是正常或关注，请按提示修改后重新提交',
    en: 'The drawdown-block parameters are not acceptable: tolerated days 0–30, tolerated amount ¥0–1,000, worst class allowed NORMAL or SPECIAL_MENTION; correct them as listed and submit again',
  },
  CREDIT_LIMIT_EXCEEDED: { status: 422, zh: '用信金额超过可用额度', en: 'The amount exceeds the available credit' },
  GUARANTOR_INVALID: {
    status: 422,
    zh: '担保人不符合条件（须为本行信用良好的存量客户，且不能是借款人本人）',
    en: 'The guarantor must be an existing customer in good standing and not the borrower',
  },
  GUARANTEE_NOT_CONFIRMED: {
    status: 409,
    zh: '担保人尚未确认担保，暂不能开立额度',
    en: 'The guarantor has not confirmed the guarantee yet',
  },
  GUARANTEE_NOT_FOUND: { status: 404, zh: '担保邀请不存在或已失效', en: 'No such guarantee invitation, or it has expired' },
  CO_BORROWER_INVALID: {
    status: 422,
    zh: '共同借款人不符合条件（须为本行信用良好的存量客户，不能是借款人本人，也不能同时担任担保人或重复填写）',
    en: 'A co-borrower must be an existing customer in good standing, not the borrower, and not named twice or also as the guarantor',
  },
  PLEDGE_INSUFFICIENT: {
    status: 422,
    zh: '金额超过质押存单本金的质押率上限',
    en: 'The amount exceeds the pledge rate of the certificates',
  },
  PLEDGE_MATURITY_EXCEEDED: {
    status: 422,
    zh: '贷款到期日不能晚于最早到期的质押存单',
    en: 'The loan cannot mature after the earliest pledged certificate',
  },
  CUSTOMER_SESSION_REQUIRED: { status: 401, zh: '请先完成身份验证', en: 'Please verify your identity first' },
  PRE_CREDIT_CARD_INVALID: { status: 404, zh: '预授信卡无效或已激活', en: 'The pre-credit card is invalid or already activated' },
  LOAN_NOT_FOUND: { status: 404, zh: '贷款不存在或不在您的数据权限范围内', en: 'No such loan, or outside your data scope' },

  // servicing
  LOAN_NOT_ACTIVE: { status: 409, zh: '贷款已结清或已核销', en: 'The loan is settled or written off' },
  REPAYMENT_NOT_FOUND: { status: 404, zh: '还款记录不存在', en: 'No such repayment' },
  REPAYMENT_ALREADY_REVERSED: { status: 409, zh: '该笔还款已冲正', en: 'The repayment has already been reversed' },
  REPAYMENT_NOT_REVERSIBLE: {
    status: 409,
    zh: '该笔还款不能冲正：只能按时间倒序冲正最近一笔，提前还款仅限当日冲正，已解押的结清不能冲正',
    en: 'This repayment cannot be reversed: reverse the latest first; early repayments only on the same day; not after the pledge was released',
  },
  PREPAYMENT_NOT_ALLOWED: {
    status: 409,
    zh: '当前不能办理部分提前还款（还款日当天请先归还当期应还款，或选择提前结清）',
    en: 'A partial prepayment is not possible now (on a due date pay the installment first, or settle in full)',
  },
  SERVICING_PARAMS_INVALID: {
    status: 422,
    zh: '分类与停息参数不符合要求：只能比监管标准更严格（各类逾期天数不超过 1/91/271/361 天且逐级递增，停息天数 1–90 天），生效日期须晚于当前营业日期，请按提示修改后重新提交',
    en: 'The classification and non-accrual parameters are not acceptable: they may only be stricter than the regulatory ones (at most 1/91/271/361 days, increasing; non-accrual 1–90 days) and take effect after the current business date; correct them as listed and submit again',
  },
  CLASSIFICATION_NOT_A_DOWNGRADE: {
    status: 422,
    zh: '只能将风险分类下调至比当前更差的类别',
    en: 'A manual change may only move the loan to a worse class than its current one',
  },

  // collection (不良清收) and write-off
  LOAN_NOT_NPL: {
    status: 409,
    zh: '只有五级分类为次级及以下的不良贷款才能核销',
    en: 'Only a loan classified substandard or worse can be written off',
  },
  LOAN_NOT_WRITTEN_OFF: {
    status: 409,
    zh: '该贷款未核销，不能登记核销后收回',
    en: 'The loan is not written off; a recovery after write-off is not possible',
  },
  WRITE_OFF_RECOVERY_EXCEEDS_CLAIM: {
    status: 422,
    zh: '收回金额超过已核销贷款的剩余债权',
    en: 'The recovery exceeds the claim still kept on the written-off loan',
  },
  COLLECTION_CASE_NOT_FOUND: {
    status: 404,
    zh: '清收案件不存在或不在您的数据权限范围内',
    en: 'No such collection case, or outside your data scope',
  },
  COLLECTION_CASE_CLOSED: { status: 409, zh: '清收案件已结案', en: 'The collection case is closed' },
  COLLECTION_PLAN_PENDING: {
    status: 409,
    zh: '该案件已有待复核的清收方案，请待复核后再提交',
    en: 'A collection plan of this case is waiting for review; submit again after it is decided',
  },
  COLLECTION_LOAN_NOT_IN_CASE: {
    status: 422,
    zh: '该贷款不属于本清收案件的客户',
    en: "The loan is not one of this case's customer's loans",
  },
  COLLECTION_DATE_INVALID: {
    status: 422,
    zh: '日期不符合要求：行动日期不能晚于当前营业日期，承诺还款日和目标日期不能早于当前营业日期',
    en: 'Invalid date: an action cannot be dated after the business date; a promise or target date cannot be before it',
  },

  // eod
  EOD_IN_PROGRESS: { status: 409, zh: '日终处理进行中，请稍后再试', en: 'End-of-day is running; try again shortly' },
  EOD_RECONCILIATION_FAILED: {
    status: 500,
    zh: '日终对账不平：总账余额与贷款台账不一致，日终已停止',
    en: 'End-of-day reconciliation failed: the ledger does not match the loan records; the day has stopped',
  },
  EOD_LEASE_HELD: { status: 409, zh: '另一个日终进程正在处理该营业日', en: 'Another end-of-day runner holds this business day' },
  EOD_TARGET_INVALID: {
    status: 422,
    zh: '日终目标日期须晚于当前营业日期',
    en: 'The end-of-day target must be after the current business date',
  },
  EOD_RUN_NOT_FOUND: { status: 404, zh: '该营业日没有日终记录', en: 'No end-of-day run for that business date' },
  EOD_RUN_NOT_FAILED: { status: 409, zh: '只有失败的日终可以重跑', en: 'Only a failed end-of-day run can be rerun' },
  EOD_STEP_FAILED: {
    status: 500,
    zh: '日终步骤执行失败，日终已停止，可在修复后重跑',
    en: 'An end-of-day step failed; the day has stopped and can be rerun once fixed',
  },

  // warning (预警规则)
  WARNING_RULES_INVALID: {
    status: 422,
    zh: '预警规则参数不符合要求（阈值超出范围、逾期天数分段未逐级递增、颜色无效或生效日期早于次一营业日），请按提示修改后重新提交',
    en: 'The warning rule settings are not acceptable (a threshold out of range, day-past-due bands not increasing, an unknown colour, or an effective date before the next business date); correct them as listed and submit again',
  },
  WARNING_CUSTOMER_NOT_FOUND: { status: 404, zh: '客户不存在或不在您的数据权限范围内', en: 'No such customer, or outside your data scope' },
  CONTACT_LOST_ALREADY_SET: { status: 409, zh: '该客户已标记为联系不上', en: 'The customer is already marked as contact lost' },
  CONTACT_LOST_NOT_SET: { status: 409, zh: '该客户未标记为联系不上', en: 'The customer is not marked as contact lost' },

  // risk (预警处置)
  CUSTOMER_RISK_HOLD: {
    status: 409,
    zh: '因贷后风险管理需要，暂停新增用信，请联系您的客户经理',
    en: 'New drawdowns are suspended under post-loan risk management; please contact your loan officer',
  },
  RISK_ALERT_NOT_FOUND: { status: 404, zh: '预警不存在或不在您的数据权限范围内', en: 'No such alert, or outside your data scope' },
  RISK_ALERT_CLOSED: { status: 409, zh: '预警已关闭，不能再登记跟进', en: 'The alert is closed; no more follow-ups can be recorded' },
  RISK_PARAMS_INVALID: {
    status: 422,
    zh: '预警处置时限参数有误：每种颜色 1–30 个营业日，红色不长于橙色、橙色不长于黄色',
    en: 'Invalid alert deadlines: 1–30 business days each, red no longer than orange, orange no longer than yellow',
  },

  // inspections (贷后检查)
  INSPECTION_TASK_NOT_FOUND: { status: 404, zh: '未找到该检查任务', en: 'No such inspection task' },
  INSPECTION_FINDING_NOT_FOUND: { status: 404, zh: '未找到该检查问题', en: 'No such inspection finding' },
  INSPECTION_CAMPAIGN_NOT_FOUND: { status: 404, zh: '未找到该专项检查', en: 'No such special inspection' },
  INSPECTION_TASK_NOT_ASSIGNED: {
    status: 409,
    zh: '该检查任务已分配给其他检查人员，只能由被分配的检查人员办理',
    en: 'This inspection task is assigned to another inspector; only that inspector can work it',
  },
  INSPECTION_TASK_CLOSED: { status: 409, zh: '该检查任务已完成，不能再修改', en: 'This inspection task is done and cannot change' },
  INSPECTION_CHECKLIST_INCOMPLETE: {
    status: 422,
    zh: '检查清单未填完：每一项都须填写检查结论，且只能填写清单中的项目',
    en: 'The checklist is incomplete: answer every item, and only the items of the checklist',
  },
  INSPECTION_FINDING_REQUIRED: {
    status: 422,
    zh: '有检查项结论为“发现问题”，请先登记问题再完成检查',
    en: 'An item is answered "issue found": record the finding before completing the task',
  },
  INSPECTION_FINDING_STATE: {
    status: 409,
    zh: '该问题当前状态不能办理此操作（整改须为待整改或重新整改，复查须为已整改）',
    en: 'The finding is not in a state for this action (rectify an open or reopened finding; verify a rectified one)',
  },
  INSPECTION_VERIFIER_NOT_INDEPENDENT: {
    status: 409,
    zh: 'AB 角复查：整改须由登记问题和办理整改以外的另一名检查人员复查',
    en: 'AB cross-check: the rectification must be verified by an inspector who neither recorded the finding nor rectified it',
  },
  INSPECTION_RESPONSIBLE_INVALID: {
    status: 422,
    zh: '整改责任人不存在或已停用',
    en: 'The staff member responsible for rectification does not exist or is disabled',
  },
  INSPECTION_CAMPAIGN_INVALID: {
    status: 422,
    zh: '专项检查设置有误：检查期间起止日期、检查人员（须为在岗的贷后检查岗）、检查清单（至少一项、编号不重复）请按提示修改',
    en: 'The special inspection is not acceptable: check its period, its inspectors (active post-loan inspectors) and its checklist (at least one item, unique codes)',
  },
  INSPECTION_CAMPAIGN_EMPTY: { status: 422, zh: '没有符合筛选条件的贷款', en: 'No loan matches the selection' },
  INSPECTION_CAMPAIGN_TOO_LARGE: {
    status: 422,
    zh: '抽样数量过大：一次专项检查最多生成 5000 个检查任务，请缩小筛选范围或设置抽样数量',
    en: 'The sample is too large: a special inspection creates at most 5,000 tasks; narrow the selection or set a sample size',
  },
  // feedback tickets (问题反馈, issue 13 §7)
  FEEDBACK_NOT_FOUND: { status: 404, zh: '反馈不存在或您无权查看', en: 'No such feedback ticket, or you may not see it' },
  FEEDBACK_FORBIDDEN: {
    status: 403,
    zh: '您不是该反馈所属部门的处理人',
    en: 'You do not handle feedback of this department',
  },
  FEEDBACK_OWN_TICKET: {
    status: 403,
    zh: '不能处理自己提出的反馈，请由部门其他处理人办理',
    en: 'You cannot handle a ticket you raised; another handler of the department must',
  },
  FEEDBACK_INVALID: {
    status: 400,
    zh: '反馈内容有误：标题和描述不能为空，且不含控制字符',
    en: 'Invalid feedback: the title and the description are required, without control characters',
  },
  FEEDBACK_TRANSITION_INVALID: {
    status: 409,
    zh: '反馈当前状态不允许该操作（待受理 → 已受理 → 处理中 → 已优化，或不予采纳）',
    en: 'The ticket cannot move to that status from its current one (open → accepted → in progress → optimised, or rejected)',
  },
  FEEDBACK_REJECT_REASON_REQUIRED: {
    status: 422,
    zh: '不予采纳须填写原因',
    en: 'A rejection needs a reason',
  },
  FEEDBACK_DEADLINE_INVALID: {
    status: 422,
    zh: '办结期限不能早于当前营业日期，且须在一年以内',
    en: 'The deadline cannot be before the business date, nor more than a year ahead',
  },
  FEEDBACK_ATTACHMENT_TYPE: {
    status: 422,
    zh: '附件仅支持图片（PNG、JPEG、GIF、WebP）和 PDF 文件',
    en: 'Attachments must be images (PNG, JPEG, GIF, WebP) or PDF files',
  },
  FEEDBACK_ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: '附件不能为空，且不超过 2 MB',
    en: 'An attachment must not be empty nor larger than 2 MB',
  },
  FEEDBACK_ATTACHMENT_LIMIT: { status: 409, zh: '每项反馈最多 10 个附件', en: 'A ticket holds at most 10 attachments' },
  FEEDBACK_RELEASE_VERSION_TAKEN: { status: 409, zh: '该版本号已登记', en: 'That release version is already recorded' },
  FEEDBACK_RELEASE_NOT_FOUND: { status: 404, zh: '版本记录不存在', en: 'No such release' },
  FEEDBACK_RELEASE_LINK_INVALID: {
    status: 409,
    zh: '只能关联已受理或处理中的反馈',
    en: 'Only accepted or in-progress tickets can be linked to a release',
  },
  // the 543 service standard (服务时效与问责)
  SLA_PARAMS_INVALID: {
    status: 422,
    zh: '543 服务时效参数不符合要求：请按提示修改生效日期、时限或处罚金额后重新提交',
    en: 'The 543 parameters are not acceptable: correct the date, limits or penalty as listed and submit again',
  },
  SLA_BREACH_NOT_FOUND: { status: 404, zh: '超时问责记录不存在', en: 'No such 543 breach' },
  SLA_BREACH_DECIDED: { status: 409, zh: '该超时记录已确认或已免责', en: 'The breach has already been confirmed or waived' },
  SLA_BREACH_DECISION_PENDING: {
    status: 409,
    zh: '该超时记录已有待复核的处理意见',
    en: 'A decision on this breach is already awaiting review',
  },
  SLA_WAIVER_REASON_REQUIRED: { status: 422, zh: '免责须写明理由', en: 'A waiver needs a reason' },

  // pre-credit (预授信, issue 14 §7)
  PRE_CREDIT_BATCH_NOT_FOUND: {
    status: 404,
    zh: '预授信批次不存在或不在您的数据权限范围内',
    en: 'No such pre-credit batch, or outside your data scope',
  },
  PRE_CREDIT_CARDS_NOT_ISSUED: {
    status: 409,
    zh: '该批次尚未发放预授信卡，请先发卡',
    en: 'No pre-credit cards have been issued for this batch yet',
  },
  // prospect lists (客户清单, issue 14 §1)
  PROSPECT_IMPORT_MULTIPART: {
    status: 400,
    zh: '请以 multipart/form-data 上传文件（字段名 file）',
    en: 'Upload the file as multipart/form-data (field "file")',
  },
  PROSPECT_IMPORT_NO_VALID_ROWS: {
    status: 422,
    zh: '文件中没有可导入的客户（见校验报告）',
    en: 'The file has no prospect that can be imported (see the validation report)',
  },
  PROSPECT_NOT_FOUND: { status: 404, zh: '营销客户不存在或不在您的数据范围内', en: 'No such prospect in your scope' },
  PROSPECT_OFFICER_INVALID: {
    status: 422,
    zh: '客户经理不存在、已停用或不在该机构范围内',
    en: 'The officer does not exist, is disabled or is outside the scope',
  },
  PROSPECT_STATUS_INVALID: { status: 409, zh: '营销客户当前状态不允许该操作', en: 'The prospect’s status does not allow this' },
  PROSPECT_ASSIGN_EMPTY: { status: 422, zh: '没有符合条件的营销客户或客户经理', en: 'No prospect or officer matches' },
  // key customer groups (重点客群, issue 14 §5)
  GROUP_NOT_FOUND: { status: 404, zh: '重点客群不存在或不在您的数据范围内', en: 'No such customer group in your scope' },
  GROUP_OFFICER_INVALID: {
    status: 422,
    zh: '客户经理不存在、已停用或不属于该客群的机构',
    en: 'The officer does not exist, is disabled or does not belong to the group’s branch',
  },
  GROUP_CODE_UNKNOWN: { status: 422, zh: '客群推广码无效', en: 'Unknown customer group code' },
  GROUP_BRANCH_INVALID: {
    status: 422,
    zh: '机构不存在、已停用或不在您的数据范围内',
    en: 'The branch does not exist, is disabled or is outside your scope',
  },
  // campaigns (营销活动, issue 14 §3)
  CAMPAIGN_NOT_FOUND: { status: 404, zh: '营销活动不存在或不在您的数据范围内', en: 'No such campaign in your scope' },
  CAMPAIGN_INVALID: {
    status: 422,
    zh: '营销活动信息有误（机构、产品或起止日期）',
    en: 'Invalid campaign (branch, product or period)',
  },
  CAMPAIGN_CODE_TAKEN: { status: 409, zh: '活动码已被使用', en: 'The campaign code is taken' },
  CAMPAIGN_CODE_UNKNOWN: { status: 422, zh: '营销活动码无效', en: 'Unknown campaign code' },
  CAMPAIGN_NOT_SMS: { status: 409, zh: '只有短信营销活动可以群发短信', en: 'Only an SMS campaign sends SMS' },
  CAMPAIGN_CLOSED: { status: 409, zh: '营销活动已结束', en: 'The campaign is closed' },
  CAMPAIGN_NOT_RUNNING: { status: 409, zh: '当前营业日不在活动期内', en: 'The business date is outside the campaign’s period' },
  CAMPAIGN_TEMPLATE_INVALID: {
    status: 422,
    zh: '短信模板含有不支持的占位符（仅支持 {称呼}、{链接}）',
    en: 'The template names an unknown placeholder (only {称呼} and {链接})',
  },
  CAMPAIGN_SEND_COUNT_CHANGED: {
    status: 409,
    zh: '发送人数与预览时不一致，请重新预览后确认',
    en: 'The number of recipients changed since the preview; preview again',
  },
  CAMPAIGN_SEGMENT_EMPTY: { status: 422, zh: '该客群没有可发送的客户', en: 'Nobody in the segment can be sent to' },
  // group member imports and group pre-credit; pre-credit parameters (issue 14 §5 and §7)
  GROUP_PRE_CREDIT_NO_MEMBERS: {
    status: 422,
    zh: '该客群没有可预授信的成员（已有有效预授信的成员不再重复）',
    en: 'The group has no member to pre-credit (members already pre-credited are left out)',
  },
  PRE_CREDIT_PARAMS_INVALID: {
    status: 422,
    zh: '预授信参数不符合要求：请按提示修改生效日期或有效天数后重新提交',
    en: 'The pre-credit parameters are not acceptable: correct the date or validity as listed and submit again',
  },
  // maturing CDs and lobby staff (厅堂营销, issue 14 §6)
  LOBBY_PARAMS_INVALID: {
    status: 422,
    zh: '厅堂营销参数不符合要求：请按提示修改后重新提交',
    en: 'The lobby parameters are not acceptable: correct them as listed and submit again',
  },
  LOBBY_TASK_NOT_FOUND: { status: 404, zh: '厅堂营销任务不存在或不在您的数据范围内', en: 'No such lobby task in your scope' },
  LOBBY_TASK_CLOSED: { status: 409, zh: '该任务已过期，不能再登记结果', en: 'The task has expired; no outcome can be recorded' },
  LOBBY_OFFICER_INVALID: {
    status: 422,
    zh: '客户经理不存在、已停用或不属于您的机构',
    en: 'The officer does not exist, is disabled or does not belong to your branch',
  },
  // performance rankings and the 一增一降 board (issue 15 §3)
  PERFORMANCE_WEIGHTS_INVALID: {
    status: 422,
    zh: '绩效排名权重不符合要求：请按提示修改后重新提交（各项权重合计应为 100）',
    en: 'The ranking weights are not acceptable: correct them as listed and submit again (they must add up to 100)',
  },
  CAMPAIGN_TARGETS_INVALID: {
    status: 422,
    zh: '一增一降目标不符合要求：请按提示修改后重新提交',
    en: 'The campaign targets are not acceptable: correct them as listed and submit again',
  },
  // reports (报表中心, issue 15 §1)
  REPORT_NO_FIGURES: {
    status: 422,
    zh: '该日期没有报表数据：请选择已完成日终的营业日期',
    en: 'There are no figures for that date: choose a business date whose end-of-day has run',
  },
  REPORT_RANGE_INVALID: {
    status: 422,
    zh: '报表日期范围不正确：开始日期不能晚于结束日期，且跨度不超过 400 天',
    en: 'The date range is not acceptable: from must not be after to, and at most 400 days',
  },
  // supervision: exemplars, interviews and statements, the accountability register (典型、约谈表态、问责登记, issue 15 §3)
  SUPERVISION_NOT_FOUND: { status: 404, zh: '记录不存在或不在您的数据权限范围内', en: 'No such record in your data scope' },
  SUPERVISION_UNIT_INVALID: {
    status: 422,
    zh: '所选机构或员工不存在或已停用',
    en: 'The chosen branch or staff member does not exist or is disabled',
  },
  SUPERVISION_UNIT_OUT_OF_SCOPE: {
    status: 403,
    zh: '只能为本机构（含下辖机构）的员工登记',
    en: 'You may record only for staff of your own branch and the branches under it',
  },
  SUPERVISION_BRANCH_LEVEL_HEAD_OFFICE: {
    status: 403,
    zh: '机构层面的约谈、表态和典型由总行（班子成员）登记',
    en: 'Branch-level records are made by the head office (executives)',
  },
  SUPERVISION_ATTENDEE_INVALID: { status: 422, zh: '参加人员中有不存在的员工', en: 'An attendee is not a known staff member' },
  SUPERVISION_DATES_INVALID: {
    status: 422,
    zh: '日期不符合要求：期间起止颠倒、日期晚于当前营业日期或承诺期限早于约谈日期',
    en: 'The dates are not acceptable: a period runs backwards, a date is after the business date or a due date precedes the meeting',
  },
  SUPERVISION_EXEMPLAR_PUBLISHED: {
    status: 409,
    zh: '典型已发布，不能再修改',
    en: 'The exemplar is published and can no longer be edited',
  },
  SUPERVISION_INTERVIEW_CLOSED: {
    status: 409,
    zh: '该约谈/表态的承诺均已办结，不能再登记跟进',
    en: 'Every commitment is resolved; the record is closed',
  },
  SUPERVISION_COMMITMENT_INVALID: {
    status: 422,
    zh: '跟进中的承诺事项不存在或已办结',
    en: 'A commitment in the follow-up does not exist or is already resolved',
  },
  ACCOUNTABILITY_NOT_FOUND: {
    status: 404,
    zh: '问责记录不存在或不在您的数据权限范围内',
    en: 'No such accountability record in your scope',
  },
  ACCOUNTABILITY_DECIDED: {
    status: 409,
    zh: '该问责记录已确认或已免责（543 超时问责请在 543 页面处理）',
    en: 'The record is already confirmed or waived (543 breaches are decided on the 543 page)',
  },
  // training and exams (培训与考试, issue 15 §4)
  TRAINING_SESSION_NOT_FOUND: { status: 404, zh: '培训场次不存在或不在您的数据范围内', en: 'No such training session in your scope' },
  TRAINING_BANK_NOT_FOUND: { status: 404, zh: '题库不存在', en: 'No such question bank' },
  TRAINING_PAPER_NOT_FOUND: { status: 404, zh: '试卷不存在或不在您的数据范围内', en: 'No such exam paper in your scope' },
  TRAINING_EXAM_NOT_FOUND: { status: 404, zh: '没有安排您参加该考试', en: 'You are not assigned to this exam' },
  TRAINING_ATTEMPT_NOT_FOUND: { status: 404, zh: '答卷不存在', en: 'No such attempt of yours' },
  TRAINING_SCOPE_DENIED: {
    status: 403,
    zh: '只能为本人数据范围内的机构安排培训或考试（全行范围须总行人员）',
    en: 'Only branches in your scope (bank-wide needs bank scope)',
  },
  TRAINING_TRAINER_REQUIRED: {
    status: 422,
    zh: '请填写讲师：本行员工或外部讲师姓名',
    en: 'Name the trainer: a staff member or an outside name',
  },
  TRAINING_STAFF_INVALID: {
    status: 422,
    zh: '员工不存在、已停用或不在您的数据范围内',
    en: 'The staff member does not exist, is disabled or is outside your scope',
  },
  TRAINING_QUESTION_INVALID: {
    status: 422,
    zh: '题目不符合要求：单选、判断题只有一个正确答案，多选题至少两个，答案须为已有选项',
    en: 'The question is not acceptable: one key for single choice and true/false, two or more for multiple choice, keys among the options',
  },
  TRAINING_PAPER_INVALID: {
    status: 422,
    zh: '试卷不符合要求：请检查题目、及格分与开放时间',
    en: 'The paper is not acceptable: check its questions, pass mark and window',
  },
  TRAINING_ANSWER_INVALID: {
    status: 422,
    zh: '答案无效：题目不在本试卷或选项不存在',
    en: 'Invalid answer: the question is not on the paper or the option does not exist',
  },
  TRAINING_EXAM_NOT_OPEN: { status: 409, zh: '考试尚未开始', en: 'The exam is not open yet' },
  TRAINING_EXAM_CLOSED: { status: 409, zh: '考试已截止', en: 'The exam has closed' },
  TRAINING_NO_ATTEMPTS_LEFT: { status: 409, zh: '您已用完本场考试的作答次数', en: 'You have used all your attempts at this exam' },
  TRAINING_TIME_UP: { status: 409, zh: '答题时间已到，不能再保存答案', en: 'Time is up; answers can no longer be saved' },
  TRAINING_ALREADY_SUBMITTED: { status: 409, zh: '该答卷已交卷', en: 'This attempt has already been submitted' },
  // resources: credit staff and mobile lending devices (人员配置、移动展业设备, issue 15 §5)
  RESOURCES_PERIOD_INVALID: { status: 422, zh: '起始日期不能晚于截止日期', en: 'The start date is after the end date' },
  DEVICE_NOT_FOUND: { status: 404, zh: '设备不存在或不在您的数据范围内', en: 'No such device in your scope' },
  DEVICE_SERIAL_TAKEN: { status: 409, zh: '该序列号的设备已登记', en: 'A device with this serial number is already registered' },
  DEVICE_ASSET_NO_TAKEN: { status: 409, zh: '该资产编号已被其他设备使用', en: 'This asset number is already used by another device' },
  DEVICE_NOT_AVAILABLE: {
    status: 409,
    zh: '设备当前不可领用（已领用、遗失或已报废）',
    en: 'The device cannot be issued (it is issued, lost or retired)',
  },
  DEVICE_NOT_ISSUED: { status: 409, zh: '设备未处于领用状态，不能归还', en: 'The device is not issued; it cannot be returned' },
  DEVICE_STATUS_INVALID: { status: 409, zh: '设备当前状态不允许该操作', en: "The device's status does not allow this change" },
  DEVICE_HOLDER_INVALID: {
    status: 422,
    zh: '领用人不存在、已停用或不属于设备所在机构',
    en: "The staff member does not exist, is disabled or does not belong to the device's branch",
  },
  DEVICE_BRANCH_INVALID: {
    status: 422,
    zh: '机构不存在、已停用或不在您的数据范围内',
    en: 'The branch does not exist, is disabled or is outside your scope',
  },
  DEVICE_DATE_INVALID: {
    status: 422,
    zh: '日期不能晚于当前营业日期，也不能早于设备上一次登记的日期',
    en: "The date may be neither after the business date nor before the device's last recorded date",
  },
  // the period's figures and the work report (工作汇报, issue 15 §1, §6)
  WORKREPORT_PERIOD_INVALID: {
    status: 422,
    zh: '汇报期间不可用：截止日期不能晚于当前营业日期，期间不能超过十年',
    en: 'The period cannot be reported: it must end on or before the business date and span at most ten years',
  },
  // the demo bank's quarter (演示银行, issue 16)
  DEMO_MODE_OFF: { status: 404, zh: '未运行演示模式：没有演示银行', en: 'Not in demo mode: there is no demo bank' },
  DEMO_ALREADY_BUILT: {
    status: 409,
    zh: '演示银行已生成或正在生成：如需重来请使用 huinong demo --reset',
    en: 'The demo bank is already built or being built: use huinong demo --reset to start over',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, details?: unknown, message?: string) {
    super(message ?? ERROR_TABLE[code].en);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERROR_TABLE[this.code].status;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function errorMessage(code: ErrorCode, lang: 'zh' | 'en'): string {
  return ERROR_TABLE[code][lang];
}

/** A broken invariant: a programming or data error that must fail loudly, never a user error. */
export class InvariantError extends Error {
  constructor(message: string) {
    super(`Invariant violated: ${message}`);
    this.name = 'InvariantError';
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
