// The one error catalogue: every stable code, its HTTP status, and its message in each language.
// Messages may name details as {placeholders}; the remedy tells the user what to do next.
export type Language = 'ja' | 'en';

export interface CatalogEntry {
  status: number;
  title: Record<Language, string>;
  remedy?: Record<Language, string>;
}

function entry(status: number, en: string, ja: string, remedy?: { en: string; ja: string }): CatalogEntry {
  return remedy ? { status, title: { en, ja }, remedy } : { status, title: { en, ja } };
}

export const ERROR_CATALOG = {
  // Request shape
  VALIDATION_FAILED: entry(400, 'The request is not valid: {summary}', 'リクエストの内容が正しくありません: {summary}', {
    en: 'Correct the fields named in "errors" and send the request again.',
    ja: '"errors" に示された項目を修正して、もう一度送信してください。',
  }),
  MALFORMED_JSON: entry(400, 'The request body is not valid JSON.', 'リクエスト本文が正しい JSON ではありません。', {
    en: 'Send a well-formed JSON document.',
    ja: '正しい形式の JSON を送信してください。',
  }),
  BODY_TOO_LARGE: entry(413, 'The request body is larger than {limitBytes} bytes.', 'リクエスト本文が上限 ({limitBytes} バイト) を超えています。', {
    en: 'Send a smaller request.',
    ja: 'より小さいリクエストを送信してください。',
  }),
  UNSUPPORTED_MEDIA_TYPE: entry(415, 'This content type is not accepted: {contentType}.', 'この Content-Type は受け付けられません: {contentType}', {
    en: 'Send the body as application/json.',
    ja: '本文を application/json で送信してください。',
  }),
  ROUTE_NOT_FOUND: entry(404, 'There is no such endpoint: {method} {path}.', 'そのエンドポイントはありません: {method} {path}', {
    en: 'Check the method and path against the API reference at /docs.',
    ja: 'メソッドとパスを /docs の API リファレンスで確認してください。',
  }),
  NOT_FOUND: entry(404, 'The {resource} was not found.', '指定された{resource}が見つかりません。', {
    en: 'Check the identifier. You can only see what your organization may see.',
    ja: '識別子を確認してください。表示できるのは、ご自分の組織に許可されたものだけです。',
  }),
  // Who you are, what you may do
  UNAUTHENTICATED: entry(401, 'Sign-in is required.', 'サインインが必要です。', {
    en: 'Sign in, or send an API token as "Authorization: Bearer …".',
    ja: 'サインインするか、API トークンを "Authorization: Bearer …" で送信してください。',
  }),
  INVALID_CREDENTIALS: entry(401, 'The email address or password is incorrect.', 'メールアドレスまたはパスワードが正しくありません。', {
    en: 'Check both and try again.',
    ja: '両方を確認して、もう一度お試しください。',
  }),
  CSRF_TOKEN_INVALID: entry(403, 'The CSRF token is missing or does not match this session.', 'CSRF トークンがないか、このセッションと一致しません。', {
    en: 'Send the csrfToken of your session in the "X-CSRF-Token" header.',
    ja: 'セッションの csrfToken を "X-CSRF-Token" ヘッダーで送信してください。',
  }),
  ROLE_REQUIRED: entry(403, 'This action requires one of these roles: {roles}.', 'この操作には次のいずれかの役割が必要です: {roles}', {
    en: 'Ask an administrator who has one of these roles.',
    ja: 'これらの役割を持つ管理者に依頼してください。',
  }),
  RATE_LIMITED: entry(429, 'Too many attempts. Try again in {retryAfterSeconds} seconds.', '試行回数が多すぎます。{retryAfterSeconds} 秒後にもう一度お試しください。', {
    en: 'Wait, then try again.',
    ja: 'しばらく待ってから、もう一度お試しください。',
  }),
  // Idempotency (SPEC §10)
  IDEMPOTENCY_KEY_INVALID: entry(400, 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', 'Idempotency-Key ヘッダーは 1〜255 文字の表示可能な ASCII 文字である必要があります。', {
    en: 'Use a random value such as a UUID.',
    ja: 'UUID などのランダムな値を使用してください。',
  }),
  IDEMPOTENCY_KEY_REUSED: entry(422, 'This Idempotency-Key was already used with a different request.', 'この Idempotency-Key は別のリクエストで使用済みです。', {
    en: 'Use a new key for a new request.',
    ja: '新しいリクエストには新しいキーを使用してください。',
  }),
  IDEMPOTENCY_KEY_IN_USE: entry(409, 'A request with this Idempotency-Key is still being processed.', 'この Idempotency-Key のリクエストはまだ処理中です。', {
    en: 'Wait for it to finish, then retry with the same key to get its result.',
    ja: '処理の完了を待ってから、同じキーで再試行すると結果を受け取れます。',
  }),
  // Organizations, users, tokens
  EMAIL_INVALID: entry(422, '"{email}" is not an email address.', '"{email}" はメールアドレスではありません。', {
    en: 'Check the address for typos.',
    ja: 'アドレスに誤りがないか確認してください。',
  }),
  CURRENT_PASSWORD_INCORRECT: entry(422, 'The current password is incorrect.', '現在のパスワードが正しくありません。', {
    en: 'Enter the password you use to sign in now.',
    ja: '現在サインインに使用しているパスワードを入力してください。',
  }),
  EMAIL_TAKEN: entry(409, 'A user with this email address already exists.', 'このメールアドレスのユーザーはすでに存在します。', {
    en: 'Add the existing user to the organization instead.',
    ja: '既存のユーザーを組織に追加してください。',
  }),
  COUNTRY_NOT_SUPPORTED: entry(422, 'The country "{country}" is not supported.', '国・地域 "{country}" はサポートされていません。', {
    en: 'Choose one of the supported countries (GET /v1/countries).',
    ja: 'サポートされている国・地域 (GET /v1/countries) から選んでください。',
  }),
  SEGMENT_NOT_ALLOWED: entry(422, 'A {kind} organization cannot have the segment "{segment}".', '{kind} の組織にはセグメント "{segment}" を設定できません。'),
  LAST_GLOBAL_ADMIN: entry(409, 'The organization must keep at least one global administrator.', '組織には少なくとも 1 人の全体管理者が必要です。', {
    en: 'Make another member a global administrator first.',
    ja: '先に別のメンバーを全体管理者にしてください。',
  }),
  ROLE_NOT_FOR_ORGANIZATION: entry(422, 'The role "{role}" does not exist in a {kind} organization.', '役割 "{role}" は {kind} の組織にはありません。'),
  TOKEN_ROLES_EXCEED_CALLER: entry(403, 'A token cannot have roles its creator does not have: {roles}.', '作成者が持たない役割をトークンに付与することはできません: {roles}'),
  WEAK_PASSWORD: entry(422, 'The password must be at least {minLength} characters long.', 'パスワードは {minLength} 文字以上にしてください。'),
  ADMIN_ALREADY_EXISTS: entry(409, 'A vendor administrator with this email already exists.', 'このメールアドレスのベンダー管理者はすでに存在します。', {
    en: 'Sign in with that account, or choose another email address.',
    ja: 'そのアカウントでサインインするか、別のメールアドレスを指定してください。',
  }),
  // Infrastructure
  TEMPORARILY_UNAVAILABLE: entry(503, 'The service is temporarily unavailable.', 'サービスが一時的に利用できません。', {
    en: 'Retry later; the Retry-After header says when.',
    ja: 'しばらくしてから再試行してください。Retry-After ヘッダーに待ち時間が示されています。',
  }),
  INTERNAL_ERROR: entry(500, 'An unexpected error occurred. It has been logged as request {requestId}.', '予期しないエラーが発生しました。リクエスト {requestId} として記録されています。', {
    en: 'Retry later; if it persists, contact support with the request ID.',
    ja: 'しばらくしてから再試行してください。解決しない場合は、リクエスト ID を添えてサポートにお問い合わせください。',
  }),
} satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

/** Fills {placeholders} from details; a missing detail stays visible rather than vanishing. */
export function fillTemplate(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
