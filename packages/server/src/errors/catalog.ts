// The one error catalogue: every stable code, its HTTP status, and its message in each language.
// Messages may name details as {placeholders}; the remedy tells the user what to do next.
export type Language = 'ja' | 'en';

export interface CatalogEntry {
  status: number;
  title: Record<Language, string>;
  remedy?: Record<Language, string>;
  /** Localized texts for `details.reason`, shown through the {reasonText} placeholder. */
  reasons?: Record<string, Record<Language, string>>;
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
  // Product keys and redemption (SPEC §3): each with its remedy
  // SPEC §2: say precisely what is wrong. `reason` is the problem parseKey found (or UNKNOWN: a
  // well-formed key nobody issued), shown through {reasonText}.
  KEY_INVALID: {
    ...entry(422, 'This product key is not valid: {reasonText}', 'このプロダクト キーは無効です: {reasonText}', {
      en: 'Compare each character with the card (O and 0, S and 5 look alike). If it still fails, contact the seller.',
      ja: 'カードの文字と 1 文字ずつ見比べてください (O と 0、S と 5 は似ています)。それでも使えない場合は販売店にお問い合わせください。',
    }),
    reasons: {
      WRONG_LENGTH: { en: 'a product key has {expected} characters; this has {length}. Check for missing or extra characters.', ja: 'プロダクト キーは {expected} 文字ですが、入力は {length} 文字です。文字の過不足を確認してください。' },
      BAD_CHARACTERS: { en: 'product keys never contain the character(s) at position(s) {found}.', ja: '{found} 文字目はプロダクト キーに使われない文字です。' },
      CHECK_FAILED: { en: 'the check characters do not match: probably a typo.', ja: 'チェック文字が一致しません。入力ミスの可能性があります。' },
      UNKNOWN: { en: 'no such key was issued.', ja: 'このキーは発行されていません。' },
    },
  },
  KEY_ALREADY_ENTERED: entry(409, 'This product key is already in the list.', 'このプロダクト キーはすでに一覧に入力されています。', {
    en: 'Check the list of entered keys.',
    ja: '入力済みのキーの一覧を確認してください。',
  }),
  KEY_EXPIRED: entry(422, 'This product key could be redeemed only until {redeemBy}.', 'このプロダクト キーの使用期限 ({redeemBy}) は過ぎています。', {
    en: 'Contact support.',
    ja: 'サポートにお問い合わせください。',
  }),
  KEY_ALREADY_USED: entry(
    409,
    'This product key has already been used{usedByThisOrganization? by your organization| by another organization}.',
    'このプロダクト キーは{usedByThisOrganization?お客様の組織で|別の組織で}すでに使用されています。',
    {
      en: 'Check who in your organization used it; otherwise contact the seller.',
      ja: '組織内のどなたが使用したかを確認してください。心当たりがない場合は販売店にお問い合わせください。',
    },
  ),
  KEY_REVOKED: entry(422, 'This product key has been revoked by the vendor.', 'このプロダクト キーは発行元によって無効にされています。', {
    en: 'Contact the seller.',
    ja: '販売店にお問い合わせください。',
  }),
  SUBSCRIPTION_UNAVAILABLE: {
    ...entry(422, 'This subscription is not available: {reasonText}', 'このサブスクリプションはご利用いただけません: {reasonText}', {
      en: 'Nothing was consumed. Use a key of a plan this organization can hold, or contact the seller.',
      ja: 'キーは消費されていません。この組織で利用できるプランのキーを使用するか、販売店にお問い合わせください。',
    }),
    reasons: {
      SEGMENT: { en: 'it is not sold to {segment} organizations.', ja: '{segment} 向けの組織には販売されていません。' },
      COUNTRY: { en: 'it is not sold in {country}.', ja: '{country} では販売されていません。' },
      TRIAL_ALREADY_USED: { en: 'this organization has already used its trial of this plan.', ja: 'この組織はこのプランの試用版をすでに使用しています。' },
      NO_SUBSCRIPTION_OF_PLAN: { en: 'the organization has no subscription of this plan to add seats to or renew.', ja: '座席の追加または更新の対象となるこのプランのサブスクリプションが組織にありません。' },
      NOT_RENEWABLE: { en: 'the subscription can no longer be renewed; buy it anew.', ja: 'このサブスクリプションは更新できなくなりました。新たにご購入ください。' },
      SWITCHED: { en: 'it has been switched to direct billing: {successorSubscriptionId} continues it; renew that one.', ja: '直接請求に切り替え済みです。後継のサブスクリプション {successorSubscriptionId} を更新してください。' },
    },
  },
  SEAT_LIMIT_EXCEEDED: entry(422, 'A subscription of this plan can have at most {maximum} seats; this would make {requested}.', 'このプランのサブスクリプションの座席数は最大 {maximum} です。この操作では {requested} になります。', {
    en: 'Use a key with fewer seats.',
    ja: '座席数の少ないキーをご使用ください。',
  }),
  ACCOUNT_CREATION_FAILED: entry(422, 'The new organization could not be created: {summary}', '新しい組織を作成できませんでした: {summary}', {
    en: 'Nothing was consumed. Correct the details and try again.',
    ja: 'キーは消費されていません。入力内容を修正して、もう一度お試しください。',
  }),
  ORDER_NOT_PROCESSED: entry(409, 'A product key changed since the review; nothing was redeemed.', '確認後にプロダクト キーの状態が変わったため、引き換えは行われませんでした。', {
    en: 'Nothing was consumed. Review the order again.',
    ja: 'キーは消費されていません。もう一度内容を確認してください。',
  }),
  USER_REQUIRED: entry(403, 'This needs a person: sign in, or use an API token created by a person.', 'この操作には個人のアカウントが必要です。サインインするか、個人が作成した API トークンを使用してください。'),
  CART_EMPTY: entry(422, 'There are no product keys in this list yet.', 'この一覧にはまだプロダクト キーがありません。', {
    en: 'Add at least one key, then review again.',
    ja: 'キーを 1 つ以上追加してから、もう一度確認してください。',
  }),
  CART_CLOSED: entry(409, 'This redemption list is {state} and can no longer change.', 'この引き換えリストは{state}のため、変更できません。', {
    en: 'Start a new redemption.',
    ja: '新しい引き換えを開始してください。',
  }),
  NO_SEATS_AVAILABLE: entry(409, 'All {total} seats of this plan are assigned.', 'このプランの座席 {total} 席はすべて割り当て済みです。', {
    en: 'Unassign a seat, or add seats to the subscription.',
    ja: '座席の割り当てを解除するか、サブスクリプションに座席を追加してください。',
  }),
  SEATS_NOT_ASSIGNABLE: entry(409, 'Seats of this plan cannot be assigned now: the subscription is {state}.', 'このプランの座席は現在割り当てられません (サブスクリプションの状態: {state})。', {
    en: 'Renew the subscription to assign seats again.',
    ja: 'サブスクリプションを更新すると、再び座席を割り当てられます。',
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
  // Key batches (SPEC §2)
  KEY_BATCH_PLAN_UNAVAILABLE: entry(422, 'The plan "{planId}" does not exist or is not active.', 'プラン "{planId}" は存在しないか、有効ではありません。', {
    en: 'Choose an active plan of the catalog.',
    ja: 'カタログの有効なプランを選んでください。',
  }),
  KEY_BATCH_KIND_NOT_FOR_PLAN: entry(
    422,
    'Keys of kind "{kind}" cannot be made for a plan of category "{category}": trial keys need a trial plan, and a trial plan takes only trial keys.',
    '種類 "{kind}" のキーはカテゴリ "{category}" のプランには作成できません。試用キーには試用プランが必要で、試用プランには試用キーしか作成できません。',
  ),
  KEY_BATCH_SEATS_EXCEED_PLAN: entry(422, '{seatsPerKey} seats per key exceed the plan\'s maximum of {maximum} seats per subscription.', 'キーあたりの座席数 {seatsPerKey} が、このプランのサブスクリプションあたりの上限 {maximum} を超えています。', {
    en: 'Use fewer seats per key.',
    ja: 'キーあたりの座席数を減らしてください。',
  }),
  KEY_BATCH_REDEEM_BY_PAST: entry(422, 'The redeem-by date {redeemBy} is in the past: today is {today} in {timeZone}.', '使用期限 {redeemBy} は過去の日付です ({timeZone} の今日は {today} です)。', {
    en: 'Choose today or a later date.',
    ja: '今日以降の日付を指定してください。',
  }),
  KEY_BATCH_PARTNER_INVALID: entry(422, '"{partnerOrganizationId}" is not a partner organization.', '"{partnerOrganizationId}" はパートナー組織ではありません。', {
    en: 'Give the id of an existing partner organization, or none.',
    ja: '既存のパートナー組織の ID を指定するか、指定を省いてください。',
  }),
  KEY_BATCH_CSV_ALREADY_DOWNLOADED: entry(410, 'The CSV of this batch was downloaded at {downloadedAt} and is no longer kept.', 'このバッチの CSV は {downloadedAt} にダウンロード済みで、保管されていません。', {
    en: 'The keys were only in that download and in the response that created the batch. If both are lost, revoke the batch and make a new one.',
    ja: 'キーはそのダウンロードとバッチ作成時の応答にしか含まれていません。どちらも失われた場合は、バッチを無効にして新しく作成してください。',
  }),
  PRODUCT_KEY_ALREADY_REDEEMED: entry(409, 'This product key was redeemed at {redeemedAt} and can no longer be revoked.', 'このプロダクト キーは {redeemedAt} に引き換え済みのため、無効にできません。', {
    en: 'Manage the subscription it was redeemed into instead.',
    ja: '代わりに、引き換え先のサブスクリプションを管理してください。',
  }),
  // Catalog (SPEC §1)
  PLAN_SKU_TAKEN: entry(409, 'A plan with the SKU "{sku}" already exists.', 'SKU "{sku}" のプランはすでに存在します。', {
    en: 'Choose another SKU, or change the existing plan.',
    ja: '別の SKU を指定するか、既存のプランを変更してください。',
  }),
  PLAN_SKU_INVALID: entry(422, 'The SKU "{sku}" is not valid.', 'SKU "{sku}" は正しくありません。', {
    en: 'Use up to 64 letters A–Z and digits, with single "-", "_" or "." between them (e.g. OFFICE-BIZ-1Y).',
    ja: '英字 A–Z と数字を最大 64 文字で、間に "-"、"_"、"." を 1 つずつ挟んで指定してください (例: OFFICE-BIZ-1Y)。',
  }),
  CURRENCY_NOT_SUPPORTED: entry(422, 'The currency "{currency}" is not a supported ISO 4217 currency code.', '通貨 "{currency}" はサポートされている ISO 4217 通貨コードではありません。', {
    en: 'Use a three-letter ISO 4217 code such as JPY, USD or EUR.',
    ja: 'JPY、USD、EUR などの 3 文字の ISO 4217 通貨コードを指定してください。',
  }),
  PLAN_TRIAL_DAYS_REQUIRED: entry(422, 'A trial plan needs its trial length (trialDays, 1 to {maxTrialDays}).', '試用版プランには試用期間 (trialDays、1〜{maxTrialDays}) が必要です。', {
    en: 'Give trialDays, or choose another category.',
    ja: 'trialDays を指定するか、別のカテゴリを選んでください。',
  }),
  PLAN_TRIAL_DAYS_NOT_ALLOWED: entry(422, 'Only trial plans have a trial length; this plan\'s category is "{category}".', '試用期間を指定できるのは試用版プランだけです (このプランのカテゴリは "{category}" です)。', {
    en: 'Remove trialDays (send null to clear it), or make the category "trial".',
    ja: 'trialDays を削除する (消去するには null を送信する) か、カテゴリを "trial" にしてください。',
  }),
  PLAN_LIFECYCLE_INVALID: entry(422, 'The lifecycle parameters are not valid: {problems}.', 'ライフサイクル パラメーターが正しくありません: {problems}', {
    en: 'Correct the parameters named and send the request again.',
    ja: '示されたパラメーターを修正して、もう一度送信してください。',
  }),
  PLAN_IN_USE: entry(409, 'Product keys or subscriptions of plan {sku} exist, so these can no longer change: {fields}.', 'プラン {sku} のプロダクト キーまたはサブスクリプションが存在するため、次の項目は変更できません: {fields}', {
    en: 'Create a new plan with the new values and deactivate this one.',
    ja: '新しい値でプランを新規作成し、このプランを無効にしてください。',
  }),
  // Notifications and webhooks
  WEBHOOK_URL_INVALID: entry(422, 'This webhook URL cannot be used: {reason}.', 'この Webhook の URL は使用できません: {reason}', {
    en: 'Give an absolute http:// or https:// URL without a user name, password or fragment.',
    ja: 'ユーザー名・パスワード・フラグメントを含まない、http:// または https:// で始まる絶対 URL を指定してください。',
  }),
  WEBHOOK_ENDPOINT_LIMIT: entry(409, 'This organization already has the maximum of {limit} webhook endpoints.', 'この組織の Webhook エンドポイントは上限の {limit} 件に達しています。', {
    en: 'Delete an endpoint you no longer use, or give one endpoint several event types.',
    ja: '使用していないエンドポイントを削除するか、1 つのエンドポイントで複数のイベント種別を受け取ってください。',
  }),
  WEBHOOK_ENDPOINT_INACTIVE: entry(409, 'The webhook endpoint {endpointId} is disabled.', 'Webhook エンドポイント {endpointId} は無効になっています。', {
    en: 'Enable it (PATCH with "active": true), then redeliver.',
    ja: 'エンドポイントを有効にして (PATCH で "active": true)、もう一度再送してください。',
  }),
  DELIVERY_PENDING: entry(409, 'This delivery is already scheduled; its next attempt is at {nextAttemptAt}.', 'この配信はすでに予定されています (次回の試行: {nextAttemptAt})。', {
    en: 'Wait for it. Only a delivered, failed (dead) or cancelled delivery can be redelivered.',
    ja: 'そのままお待ちください。再送できるのは、配信済み・失敗 (dead)・取り消し済みの配信だけです。',
  }),
  // Devices and activation (SPEC §6)
  LICENSE_CREDENTIAL_REQUIRED: entry(401, 'Activation needs a product key or a signed-in account.', 'アクティベーションには、プロダクト キーまたはサインインしたアカウントが必要です。', {
    en: 'Send "key", or an account token as "Authorization: Bearer …" with "productId".',
    ja: '"key" を送信するか、アカウントのトークンを "Authorization: Bearer …" で "productId" とともに送信してください。',
  }),
  DEVICE_TOKEN_INVALID: entry(401, 'The device token is not valid.', 'デバイス トークンが無効です。', {
    en: 'Activate the device again to get a new token.',
    ja: 'デバイスをもう一度アクティベートして、新しいトークンを取得してください。',
  }),
  KEY_NOT_REDEEMED: entry(409, 'This product key has not been redeemed into an organization yet.', 'このプロダクト キーはまだ組織に引き換えられていません。', {
    en: 'Redeem the key in the portal first, then activate the app.',
    ja: '先にポータルでキーを引き換えてから、アプリをアクティベートしてください。',
  }),
  KEY_NOT_A_LICENSE: entry(422, 'This product key renews a subscription; it does not activate apps.', 'このプロダクト キーはサブスクリプションの更新用のため、アプリのアクティベーションには使えません。', {
    en: 'Activate with the product key the subscription was bought with, or sign in with your account.',
    ja: 'サブスクリプション購入時のプロダクト キーでアクティベートするか、アカウントでサインインしてください。',
  }),
  ACTIVATION_PRODUCT_REQUIRED: entry(422, 'Activation with an account must name the product ("productId").', 'アカウントでのアクティベーションには製品 ("productId") の指定が必要です。'),
  SEAT_NOT_ASSIGNED: entry(403, 'You hold no seat of this product{organizationId? in this organization|}.', 'この製品の座席が{organizationId?この組織で|}割り当てられていません。', {
    en: 'Ask a license administrator of your organization to assign you a seat.',
    ja: '組織のライセンス管理者に座席の割り当てを依頼してください。',
  }),
  SEAT_UNLICENSED: entry(403, 'Your seat is no longer licensed: the organization holds fewer seats than it has assigned.', '組織の座席数が割り当て数より少なくなったため、あなたの座席はライセンスされていません。', {
    en: 'Ask an administrator to add seats or to free one.',
    ja: '管理者に座席の追加または解放を依頼してください。',
  }),
  LICENSE_NOT_USABLE: entry(403, 'The subscription of this license is {state}: apps cannot be activated on it.', 'このライセンスのサブスクリプションは {state} の状態のため、アプリをアクティベートできません。', {
    en: 'Renew the subscription, then activate again.',
    ja: 'サブスクリプションを更新してから、もう一度アクティベートしてください。',
  }),
  DEVICE_LIMIT_REACHED: entry(409, 'All {limit} devices of this license are in use.', 'このライセンスで使用できるデバイス {limit} 台がすべて使用中です。', {
    en: 'Deactivate one of the devices listed in "devices" (from that device, or ask an administrator), then activate again.',
    ja: '"devices" に示されたデバイスのいずれかを (そのデバイスから、または管理者に依頼して) 非アクティブにしてから、もう一度アクティベートしてください。',
  }),
  ACTIVATION_RATE_LIMITED: entry(429, 'Too many devices were activated on this license today. Try again in {retryAfterSeconds} seconds.', '本日このライセンスでアクティベートされたデバイスが多すぎます。{retryAfterSeconds} 秒後にもう一度お試しください。', {
    en: 'If this license is used by people it was not sold to, contact the vendor.',
    ja: 'このライセンスが購入者以外に使用されている場合は、発行元にお問い合わせください。',
  }),
  // Subscriptions (SPEC §4)
  AUTO_RENEW_LOCKED: entry(
    409,
    'Auto-renew can no longer be turned off: the last day to do so was {lastChangeDay}, {cutoffDays} days before the end date {endDate}. The subscription renews on {renewsOn}.',
    '自動更新はもう停止できません。停止できる最終日は終了日 {endDate} の {cutoffDays} 日前の {lastChangeDay} でした。サブスクリプションは {renewsOn} に更新されます。',
    {
      en: 'Let it renew, then cancel the renewal within its 168-hour window (until "cancellableUntil") for a pro-rata refund.',
      ja: '更新後、その更新の 168 時間のキャンセル期間内 ("cancellableUntil" まで) にキャンセルすると、日割りで返金されます。',
    },
  ),
  AUTO_RENEW_UNAVAILABLE: {
    ...entry(409, 'Auto-renew cannot be turned on: {reasonText}', '自動更新を有効にできません: {reasonText}'),
    reasons: {
      TRIAL: { en: 'a trial never renews; buy the plan instead.', ja: '試用版は更新されません。プランをご購入ください。' },
      NOT_RENEWABLE: { en: 'the subscription can no longer be renewed; buy the plan anew.', ja: 'このサブスクリプションは更新できなくなりました。新たにご購入ください。' },
      SWITCHED: { en: 'it has been switched to direct billing: {successorSubscriptionId} continues it and renews in its place.', ja: '直接請求に切り替え済みです。後継のサブスクリプション {successorSubscriptionId} が代わりに更新されます。' },
    },
  },
  CANCELLATION_WINDOW_PASSED: entry(
    409,
    'The cancellation period of this change ended at {closedAt}: it can no longer be cancelled with a refund.',
    'この変更のキャンセル期間は {closedAt} に終了したため、返金を伴うキャンセルはできません。',
    {
      en: 'To stop further renewals, turn auto-renew off (it takes effect until "autoRenewCutoff").',
      ja: '今後の更新を止めるには、自動更新を停止してください ("autoRenewCutoff" まで有効です)。',
    },
  ),
  CHANGE_NOT_CANCELLABLE: {
    ...entry(409, 'This change cannot be cancelled: {reasonText}', 'この変更はキャンセルできません: {reasonText}', {
      en: 'Only changes shown with "cancellable": true can be cancelled; to stop renewals, turn auto-renew off.',
      ja: 'キャンセルできるのは "cancellable": true と表示された変更だけです。更新を止めるには自動更新を停止してください。',
    }),
    reasons: {
      ALREADY_CANCELLED: { en: 'it has already been cancelled.', ja: 'すでにキャンセルされています。' },
      TRIAL: { en: 'a trial costs nothing and simply ends.', ja: '試用版は無料で、期間の終了とともに終わります。' },
      SUBSCRIPTION_CANCELLED: { en: 'the subscription was cancelled on {cancelledOn}.', ja: 'サブスクリプションは {cancelledOn} にキャンセルされています。' },
      LATER_CHANGES: {
        en: 'a later change ({laterChangeId}, {laterKind}) builds on it and can no longer be cancelled.',
        ja: 'これに基づく後の変更 ({laterChangeId}、{laterKind}) がもうキャンセルできません。',
      },
    },
  },
  SEAT_REDUCTION_NOT_ALLOWED: entry(
    409,
    'Seats are reduced only by cancelling a seat addition within its 168-hour window, and no addition of {requested} seats can be cancelled now.',
    '座席を減らせるのは、座席の追加を 168 時間のキャンセル期間内に取り消す場合だけです。現在取り消せる {requested} 席の追加はありません。',
    {
      en: 'Cancel one of the seat additions listed in "cancellableSeatAdditions"; otherwise the seats stay until the end of the term.',
      ja: '"cancellableSeatAdditions" に示された座席の追加を取り消してください。それ以外の座席は期間の終了まで残ります。',
    },
  ),
  SEAT_ADDITION_UNAVAILABLE: {
    ...entry(409, 'Seats cannot be added to this subscription: {reasonText}', 'このサブスクリプションには座席を追加できません: {reasonText}'),
    reasons: {
      TRIAL: { en: 'it is a trial; buy the plan to get more seats.', ja: '試用版のためです。座席を増やすにはプランをご購入ください。' },
      NOT_ACTIVE: { en: 'it is {state}; seats are added to an active term only. Renew it first.', ja: '状態が {state} のためです。座席は有効な期間にのみ追加できます。先に更新してください。' },
    },
  },
  PRICE_CHANGED: entry(
    409,
    'The price is now {amountMinor} (minor units of {currency}), not the {expectedAmountMinor} you were shown; nothing was bought.',
    '現在の価格は {amountMinor} ({currency} の最小単位) で、表示された {expectedAmountMinor} とは異なるため、購入は行われませんでした。',
    { en: 'Show the new price, then send the request again with it.', ja: '新しい価格を確認してから、その価格でもう一度送信してください。' },
  ),
  PLAN_NOT_FOR_SALE: {
    ...entry(422, 'This plan is not sold: {reasonText}', 'このプランは販売されていません: {reasonText}', {
      en: 'Choose another plan of the catalog.',
      ja: 'カタログの別のプランを選んでください。',
    }),
    reasons: {
      INACTIVE: { en: 'the vendor no longer sells {sku}.', ja: '{sku} の販売は終了しています。' },
      TRIAL: { en: 'trials start from trial keys only.', ja: '試用版は試用キーからのみ開始できます。' },
    },
  },
  START_DATE_IN_PAST: entry(422, 'The start date {startDate} is in the past: today is {today} in {timeZone}.', '開始日 {startDate} は過去の日付です ({timeZone} の今日は {today} です)。', {
    en: 'Choose today or a later date.',
    ja: '今日以降の日付を指定してください。',
  }),
  DIRECT_BILLING_UNAVAILABLE: {
    ...entry(409, 'This subscription cannot be switched to direct billing: {reasonText}', 'このサブスクリプションは直接請求に切り替えられません: {reasonText}'),
    reasons: {
      ALREADY_DIRECT: { en: 'it is billed directly already.', ja: 'すでに直接請求です。' },
      ALREADY_SWITCHED: { en: 'it has been switched already: {successorSubscriptionId} is its direct-billed successor.', ja: 'すでに切り替え済みです (直接請求の後継サブスクリプション: {successorSubscriptionId})。' },
      TRIAL: { en: 'it is a trial; buy the plan instead.', ja: '試用版のためです。プランをご購入ください。' },
      NOT_SWITCHABLE: { en: 'it is {state}; buy the plan anew.', ja: '状態が {state} のためです。新たにご購入ください。' },
      ALREADY_ENDED: { en: 'it ended on {endDate}, so the new subscription can only start now ("start": "now").', ja: '{endDate} に終了しているため、新しいサブスクリプションは今日からのみ開始できます ("start": "now")。' },
      SEATS_CHANGED: { en: 'it has {seats} seats now, not the {orderedSeats} the order was priced for; order the switch again.', ja: '現在の座席数は {seats} で、注文時の {orderedSeats} と異なります。切り替えを改めてご注文ください。' },
    },
  },
  // Coterminous purchases (SPEC §4): the codes are core's, in core's order of checks
  COTERMINOUS_NOT_FOR_CHANGES: entry(422, 'Only a new subscription can be aligned with another one, not a {purchase}.', '他のサブスクリプションに終了日を合わせられるのは新規サブスクリプションだけです ({purchase} は対象外です)。', {
    en: 'Seat additions and renewals already follow the dates of the subscription they change: add seats or renew it instead.',
    ja: '座席の追加や更新は、対象のサブスクリプションの日付に従います。座席の追加または更新を行ってください。',
  }),
  COTERMINOUS_TARGET_OTHER_ORGANIZATION: entry(422, 'Subscription {alignWithSubscriptionId} belongs to another organization: a subscription can only be aligned with one of its own organization.', 'サブスクリプション {alignWithSubscriptionId} は別の組織のものです。終了日を合わせられるのは同じ組織のサブスクリプションだけです。', {
    en: 'Choose a subscription of this organization, or buy in the other organization.',
    ja: 'この組織のサブスクリプションを選ぶか、もう一方の組織で購入してください。',
  }),
  COTERMINOUS_CATEGORY_NOT_ALLOWED: entry(422, 'Third-party, usage and trial plans cannot be aligned: {targetSide?the subscription to align with|the plan to buy} is one.', 'サードパーティ、従量課金、試用版のプランは終了日を合わせられません ({targetSide?合わせる先のサブスクリプション|購入するプラン}が該当します)。', {
    en: 'Buy the plan without alignment, or align it with a subscription of a standard plan.',
    ja: '終了日を合わせずに購入するか、標準プランのサブスクリプションに合わせてください。',
  }),
  COTERMINOUS_TERM_NOT_ALLOWED: entry(422, 'Only monthly, annual and 3-year terms can be aligned: {targetSide?the subscription to align with|the plan to buy} has a term of {months} months.', '終了日を合わせられるのは 1 か月、1 年、3 年の期間だけです ({targetSide?合わせる先のサブスクリプション|購入するプラン}の期間は {months} か月です)。', {
    en: 'Buy the plan without alignment, or align it with another subscription.',
    ja: '終了日を合わせずに購入するか、別のサブスクリプションに合わせてください。',
  }),
  COTERMINOUS_MONTHLY_TARGET: entry(422, 'A plan with a term of {newTermMonths} months cannot be aligned with a monthly subscription.', '期間が {newTermMonths} か月のプランは、月単位のサブスクリプションに終了日を合わせられません。', {
    en: 'Align it with an annual or 3-year subscription, or buy it without alignment.',
    ja: '年単位または 3 年単位のサブスクリプションに合わせるか、終了日を合わせずに購入してください。',
  }),
  COTERMINOUS_TARGET_NOT_ACTIVE: entry(422, 'The subscription to align with is {targetState}: only an active subscription can be aligned with.', '終了日を合わせる先のサブスクリプションの状態が {targetState} です。合わせられるのは有効なサブスクリプションだけです。', {
    en: 'Renew that subscription first, or buy without alignment.',
    ja: '先にそのサブスクリプションを更新するか、終了日を合わせずに購入してください。',
  }),
  COTERMINOUS_TARGET_ENDED: entry(422, 'The subscription to align with ends on {targetEndDate}, before the new one would start ({startDate}).', '終了日を合わせる先のサブスクリプションは {targetEndDate} に終了し、新しいサブスクリプションの開始日 ({startDate}) より前です。', {
    en: 'Start the new subscription on or before that date, or renew the other one first.',
    ja: '新しいサブスクリプションをその日以前に開始するか、先にもう一方を更新してください。',
  }),
  // Repairs and the support desk (SPEC §6): hardware changes, digital licenses, support cases,
  // uploads, reactivation codes, the hardware registry and its OEM partners
  REACTIVATION_SIGN_IN_REQUIRED: entry(409, 'The hardware of this device changed, and this license is linked to an account.', 'このデバイスのハードウェアが変更されました。このライセンスはアカウントにリンクされています。', {
    en: 'Sign in in the app with the account the license is linked to: that reactivates it on this device.',
    ja: 'アプリで、ライセンスにリンクされたアカウントにサインインしてください。このデバイスで再アクティベートされます。',
  }),
  REACTIVATION_CODE_REQUIRED: entry(409, 'The motherboard of this device was replaced: reactivating this license needs a code from support.', 'このデバイスのマザーボードが交換されたため、このライセンスの再アクティベートにはサポートが発行するコードが必要です。', {
    en: 'Open a support case with the proof of purchase and the repair completion report; enter the reactivation code you receive in the app.',
    ja: '購入証明と修理完了報告書を添えてサポート ケースを作成し、受け取った再アクティベーション コードをアプリに入力してください。',
  }),
  REACTIVATION_CODE_INVALID: entry(422, 'This reactivation code is not valid for this license.', 'この再アクティベーション コードは、このライセンスには使用できません。', {
    en: 'Check the code with the one support gave you (it works only for the license of its case). If it still fails, contact support.',
    ja: 'サポートから受け取ったコードと見比べてください (コードはそのケースのライセンスにだけ使用できます)。それでも使えない場合はサポートにお問い合わせください。',
  }),
  REACTIVATION_CODE_EXPIRED: entry(422, 'This reactivation code expired at {expiredAt}.', 'この再アクティベーション コードの有効期限 ({expiredAt}) は過ぎています。', {
    en: 'Ask support to issue a new code for your case.',
    ja: 'ケースに対して新しいコードを発行するようサポートに依頼してください。',
  }),
  REACTIVATION_CODE_USED: entry(409, 'This reactivation code has already been used.', 'この再アクティベーション コードはすでに使用されています。', {
    en: 'A code works once. If the license is not on the device you need, contact support.',
    ja: 'コードは 1 回だけ使用できます。必要なデバイスでライセンスが使えない場合は、サポートにお問い合わせください。',
  }),
  LICENSE_LINK_NOT_ALLOWED: entry(422, 'Only a product key of a personal account can be linked to an account; this one belongs to a {segment} organization.', 'アカウントにリンクできるのは個人向けアカウントのプロダクト キーだけです。このキーは {segment} の組織のものです。', {
    en: 'Business licenses stay with the organization: its administrators manage their devices.',
    ja: '法人向けライセンスは組織に属し、デバイスは組織の管理者が管理します。',
  }),
  LICENSE_ALREADY_LINKED: entry(409, 'This license is already linked to another account.', 'このライセンスはすでに別のアカウントにリンクされています。', {
    en: 'Sign in with that account, or unlink it there first.',
    ja: 'そのアカウントでサインインするか、先にそのアカウントでリンクを解除してください。',
  }),
  SUPPORT_CASE_STATE: {
    ...entry(409, 'The support case is {state}: {reasonText}', 'サポート ケースは {state} の状態です: {reasonText}', {
      en: 'Reload the case to see its current state; open a new case if needed.',
      ja: 'ケースを再読み込みして現在の状態を確認し、必要であれば新しいケースを作成してください。',
    }),
    reasons: {
      UPLOAD: { en: 'files can be added only while it is open.', ja: 'ファイルを追加できるのはケースが未対応 (open) の間だけです。' },
      DECIDE: { en: 'only an open or approved case can be approved again, rejected or closed.', ja: '承認・却下・終了できるのは、未対応 (open) または承認済み (approved) のケースだけです。' },
    },
  },
  SUPPORT_CASE_PROOF_MISSING: entry(422, 'The case cannot be approved yet: {missing} missing.', 'ケースはまだ承認できません: {missing} がありません。', {
    en: 'Ask the customer to upload the missing documents (the receipt; for a motherboard replacement, the repair completion report).',
    ja: '不足している書類 (領収書、マザーボード交換の場合は修理完了報告書) のアップロードをお客様に依頼してください。',
  }),
  SUPPORT_CASE_DEVICE_REQUIRED: entry(422, 'A case about a motherboard replacement must name the device that was repaired ("deviceId"), one of this license\'s active devices.', 'マザーボード交換のケースでは、修理したデバイス ("deviceId") として、このライセンスで使用中のデバイスを指定してください。', {
    en: 'List the license\'s devices (GET /v1/organizations/{organizationId}/devices?licenseId=…) and name the repaired one.',
    ja: 'ライセンスのデバイス一覧 (GET /v1/organizations/{organizationId}/devices?licenseId=…) から修理したデバイスを指定してください。',
  }),
  ATTACHMENT_EMPTY: entry(422, 'The uploaded file is empty.', 'アップロードされたファイルが空です。', {
    en: 'Choose the photo or PDF again and upload it.',
    ja: '写真または PDF をもう一度選んでアップロードしてください。',
  }),
  ATTACHMENT_TOO_LARGE: entry(413, 'The uploaded file is {sizeBytes} bytes; at most {limitBytes} bytes are accepted.', 'アップロードされたファイルは {sizeBytes} バイトです。受け付けられるのは {limitBytes} バイトまでです。', {
    en: 'Take the photo at a lower resolution, or scan the document to a smaller PDF.',
    ja: '写真の解像度を下げるか、書類をより小さい PDF にスキャンしてください。',
  }),
  ATTACHMENT_TYPE_NOT_ALLOWED: entry(415, 'The uploaded file is not a JPEG or PNG photo or a PDF document.', 'アップロードされたファイルは JPEG・PNG の写真または PDF 文書ではありません。', {
    en: 'Upload a photo (JPEG or PNG) or a PDF.',
    ja: '写真 (JPEG または PNG) か PDF をアップロードしてください。',
  }),
  ATTACHMENT_TYPE_MISMATCH: entry(422, 'The file was declared as {declared} but its content is {detected}.', 'ファイルは {declared} として送信されましたが、内容は {detected} です。', {
    en: 'Send the media type of the file itself.',
    ja: 'ファイルの実際の形式をメディア タイプとして送信してください。',
  }),
  ATTACHMENT_ENCODING_INVALID: entry(400, 'The file content is not valid base64.', 'ファイルの内容が正しい base64 ではありません。', {
    en: 'Send the file\'s bytes encoded as standard base64 in "contentBase64".',
    ja: 'ファイルのバイト列を標準の base64 でエンコードして "contentBase64" に入れて送信してください。',
  }),
  ATTACHMENT_LIMIT_REACHED: entry(409, 'This case already has the most files it can hold ({limit}).', 'このケースに添付できるファイルの上限 ({limit} 件) に達しています。', {
    en: 'Open a new case if more documents are needed.',
    ja: 'さらに書類が必要な場合は、新しいケースを作成してください。',
  }),
  HARDWARE_IDENTIFIER_INVALID: entry(422, 'The {field} "{value}" is not valid ({problem}).', '{field} "{value}" は正しくありません ({problem})。', {
    en: 'Copy it from the label on the device or its box: serial and product numbers are letters and digits; an IMEI is 15 digits (dial *#06#).',
    ja: 'デバイス本体または箱のラベルから写してください。シリアル番号と製品番号は英数字、IMEI は 15 桁の数字です (*#06# で表示されます)。',
  }),
  HARDWARE_IMPORT_INVALID: entry(422, 'The CSV was not imported: {count} problems (see "errors"). Nothing was changed.', 'CSV は取り込まれませんでした: {count} 件の問題があります ("errors" を参照)。何も変更されていません。', {
    en: 'Correct the lines named in "errors" and import the whole file again.',
    ja: '"errors" に示された行を修正し、ファイル全体をもう一度取り込んでください。',
  }),
  OEM_PARTNER_REQUIRED: entry(403, 'This organization is not an OEM partner of the vendor.', 'この組織は発行元の OEM パートナーではありません。', {
    en: 'Ask the vendor to register your organization as an OEM partner.',
    ja: '発行元に OEM パートナーとしての登録を依頼してください。',
  }),
  NOT_A_PARTNER_ORGANIZATION: entry(422, 'Organization {organizationId} is not a partner organization.', '組織 {organizationId} はパートナー組織ではありません。', {
    en: 'Only partner organizations can be OEM partners.',
    ja: 'OEM パートナーにできるのはパートナー組織だけです。',
  }),
  // Simulations (modules/simulation)
  SIMULATION_MISMATCH: entry(409, 'Organization {organizationId} does not live on the clock of simulation {simulationId}.', '組織 {organizationId} はシミュレーション {simulationId} の時計で動いていません。', {
    en: 'Send the Licentia-Simulation header only with requests for sandbox organizations of that simulation, and never for real organizations.',
    ja: 'Licentia-Simulation ヘッダーは、そのシミュレーションのサンドボックス組織へのリクエストにだけ付けてください。実際の組織へのリクエストには付けないでください。',
  }),
  SIMULATION_MOVED: entry(409, 'The clock of simulation {simulationId} was moved by another request; it is now {now}.', 'シミュレーション {simulationId} の時計が別のリクエストによって進められました。現在は {now} です。', {
    en: 'Read the simulation, then advance it again if needed.',
    ja: 'シミュレーションを確認してから、必要であればもう一度進めてください。',
  }),
  // Partners and delegated administration (modules/partners, modules/delegations)
  PARTNER_ID_INVALID: {
    ...entry(422, 'This is not a partner ID: {reasonText}', 'パートナー ID が正しくありません: {reasonText}', {
      en: 'A partner ID has 10 digits, like 1234-5678-90. Compare it with what your partner gave you.',
      ja: 'パートナー ID は 1234-5678-90 のような 10 桁の数字です。パートナーから伝えられた ID と見比べてください。',
    }),
    reasons: {
      WRONG_LENGTH: { en: 'it has {length} digits instead of 10.', ja: '桁数が 10 桁ではなく {length} 桁です。' },
      NOT_DIGITS: { en: 'it contains characters other than digits.', ja: '数字以外の文字が含まれています。' },
      CHECK_FAILED: { en: 'the check digit does not match, probably a typo.', ja: 'チェック用の数字が一致しません。入力の誤りと思われます。' },
    },
  },
  DELEGATED_ADMIN_NOT_ENROLLED: entry(403, 'This partner is not enrolled in the delegated administration program.', 'このパートナーは委任管理プログラムに登録されていません。', {
    en: 'Ask the vendor to enrol your organization in the delegated administration program.',
    ja: '委任管理プログラムへの登録をベンダーに依頼してください。',
  }),
  DELEGATION_OFFER_INVALID: {
    ...entry(422, 'This delegated administration offer cannot be made: {reasonText}', 'この委任管理のリクエストは送信できません: {reasonText}', {
      en: 'Change the roles, the duration or the auto-extension, then offer again.',
      ja: '役割、期間、自動延長の設定を見直してから、もう一度送信してください。',
    }),
    reasons: {
      ROLES_EMPTY: { en: 'name at least one role.', ja: '役割を 1 つ以上指定してください。' },
      ROLE_NOT_DELEGABLE: { en: 'only global, billing, license and user administrator roles can be delegated.', ja: '委任できるのは、グローバル管理者、課金管理者、ライセンス管理者、ユーザー管理者の役割だけです。' },
      DURATION_OUT_OF_RANGE: { en: 'the duration must be 1 to 730 days (2 years).', ja: '期間は 1〜730 日 (2 年) で指定してください。' },
      AUTO_EXTEND_WITH_GLOBAL_ADMIN: {
        en: 'the 180-day auto-extension is not allowed when the global administrator role is included.',
        ja: 'グローバル管理者の役割を含む場合、180 日間の自動延長は設定できません。',
      },
    },
  },
  DELEGATION_EXISTS: entry(409, 'Your organization already has an open delegated administration relationship with this customer ({delegationId}, {state}).', 'この顧客との委任管理の関係 ({delegationId}、{state}) がすでにあります。', {
    en: 'Wait for the customer to accept it, or end it before making a new offer.',
    ja: 'お客様の承認を待つか、終了してから新しいリクエストを送信してください。',
  }),
  DELEGATION_NOT_OFFERED: entry(409, 'This delegated administration relationship is {state}: only an open offer can be accepted.', 'この委任管理の関係は {state} です。承認できるのは承認待ちのリクエストだけです。', {
    en: 'Reload the list of delegations; ask the partner for a new offer if needed.',
    ja: '委任の一覧を再読み込みしてください。必要であれば、パートナーに新しいリクエストの送付を依頼してください。',
  }),
  DELEGATION_OFFER_EXPIRED: entry(410, 'This offer could be accepted until {acceptBy}; it has expired.', 'このリクエストの承認期限 ({acceptBy}) を過ぎています。', {
    en: 'Ask the partner to send a new offer.',
    ja: 'パートナーに新しいリクエストの送付を依頼してください。',
  }),
  DELEGATION_TOKEN_INVALID: entry(403, 'The acceptance link is not valid for this offer.', 'この承認用リンクは、このリクエストには使用できません。', {
    en: 'Open the link from the most recent email about this offer, signed in as a global administrator of the organization.',
    ja: 'このリクエストに関する最新のメールのリンクを、組織のグローバル管理者としてサインインして開いてください。',
  }),
  DELEGATION_ENDED: entry(409, 'This delegated administration relationship has already ended ({endReason}).', 'この委任管理の関係はすでに終了しています ({endReason})。', {
    en: 'Nothing more to do.',
    ja: 'これ以上の操作は必要ありません。',
  }),
  // Orders, payments and invoices (SPEC §8, modules/billing)
  BILLING_NOT_CONFIGURED: entry(409, 'Orders cannot be taken yet: the vendor has not set up its invoice issuer.', 'まだご注文を受け付けられません。発行元が請求書の発行者情報を設定していません。', {
    en: 'The vendor must create a default issuer (POST /v1/billing/issuers) first.',
    ja: '発行元が既定の発行者 (POST /v1/billing/issuers) を先に作成する必要があります。',
  }),
  ISSUER_REGISTRATION_NUMBER_INVALID: {
    ...entry(422, '"{registrationNumber}" is not a qualified-invoice registration number: {reasonText}', '"{registrationNumber}" は適格請求書発行事業者の登録番号ではありません: {reasonText}', {
      en: 'Copy the number from the registration notice (T followed by 13 digits).',
      ja: '登録通知書の番号 (T に続く 13 桁の数字) をそのまま入力してください。',
    }),
    reasons: {
      FORMAT: { en: 'it must be T followed by 13 digits.', ja: 'T に続く 13 桁の数字である必要があります。' },
      CHECK_DIGIT: { en: 'its check digit (the first digit) does not match; a digit is probably mistyped.', ja: '検査用数字 (先頭の数字) が一致しません。いずれかの数字の入力誤りと思われます。' },
    },
  },
  ISSUER_DEFAULT_REQUIRED: entry(409, 'Issuer {issuerId} is the default issuer; make another issuer the default instead of removing the mark.', '発行者 {issuerId} は既定の発行者です。既定を外すのではなく、別の発行者を既定にしてください。'),
  ORDER_LINE_INVALID: {
    ...entry(422, 'Line {line} of the order is not complete: {reasonText}', 'ご注文の {line} 行目に不足があります: {reasonText}'),
    reasons: {
      PLAN_REQUIRED: { en: 'a new subscription needs "planId".', ja: '新規契約には "planId" が必要です。' },
      SUBSCRIPTION_REQUIRED: { en: 'a {purpose} needs the "subscriptionId" it applies to.', ja: '{purpose} には対象の "subscriptionId" が必要です。' },
      SEATS_REQUIRED: { en: 'a {purpose} needs "seats".', ja: '{purpose} には "seats" が必要です。' },
      ALIGN_TARGET_REQUIRED: { en: 'a coterminous purchase needs "planId" and the "alignWithSubscriptionId" to end with.', ja: '終了日をそろえる購入には "planId" と、終了日を合わせる "alignWithSubscriptionId" が必要です。' },
      SWITCH_NOT_ALONE: { en: 'a switch to direct billing is priced for subscription {subscriptionId} as it is now, so no other line may renew it or add seats to it; order those separately.', ja: '直接請求への切替はサブスクリプション {subscriptionId} の現在の内容で価格が決まるため、同じご注文で更新や座席の追加はできません。別のご注文にしてください。' },
    },
  },
  ORDER_CURRENCY_MIXED: entry(422, 'One order is paid in one currency; these lines are in {currencies}.', '1 件のご注文は 1 つの通貨でお支払いいただきます。これらの行の通貨は {currencies} です。', {
    en: 'Place one order per currency.',
    ja: '通貨ごとに別のご注文にしてください。',
  }),
  ORDER_NOT_PAYABLE: {
    ...entry(409, 'Order {orderNumber} cannot be paid this way: {reasonText}', 'ご注文 {orderNumber} はこの方法ではお支払いいただけません: {reasonText}'),
    reasons: {
      PAID: { en: 'it is already paid.', ja: 'すでにお支払い済みです。' },
      CANCELLED: { en: 'it was cancelled on {cancelledAt}; place a new order.', ja: '{cancelledAt} に取り消されています。新しくご注文ください。' },
      NOT_CARD: { en: 'it is paid by bank transfer; transfer the amount by the due date.', ja: '銀行振込でのお支払いです。期日までにお振り込みください。' },
      NOT_BANK_TRANSFER: { en: 'it is paid by card, through the card payment provider.', ja: 'クレジットカードでのお支払いです。カード決済でお支払いください。' },
    },
  },
  ORDER_NOT_CANCELLABLE: entry(409, 'Order {orderNumber} is {status} and can no longer be cancelled.', 'ご注文 {orderNumber} は {status} のため、取り消せません。', {
    en: 'Only an order awaiting payment can be cancelled. A paid order is undone by cancelling what it bought (within its 168-hour window).',
    ja: '取り消せるのはお支払い待ちのご注文だけです。お支払い済みのご注文は、購入した内容のキャンセル (168 時間以内) で取り消してください。',
  }),
  CARD_PAYMENT_IN_PROGRESS: entry(409, 'A card payment of order {orderNumber} is in progress.', 'ご注文 {orderNumber} のカード決済を処理中です。', {
    en: 'Wait a moment, then look at the order again before paying once more.',
    ja: 'しばらく待ってから、もう一度お支払いになる前にご注文の状態をご確認ください。',
  }),
  PAYMENT_DECLINED: entry(402, 'The card payment was declined: {declineCode}.', 'カード決済が承認されませんでした: {declineCode}', {
    en: 'Nothing was charged. Use another card, or contact the card issuer.',
    ja: '請求は行われていません。別のカードをご利用になるか、カード会社にお問い合わせください。',
  }),
  PAYMENT_PROVIDER_UNAVAILABLE: entry(503, 'The payment provider could not be reached; it is unknown whether the card was charged.', '決済事業者に接続できなかったため、カードへの請求が行われたかどうか確認できません。', {
    en: 'Retry after the time in Retry-After: the retry asks about the same payment, so the card is never charged twice.',
    ja: 'Retry-After の時間が経過してから再試行してください。再試行は同じ決済の確認として扱われるため、二重に請求されることはありません。',
  }),
  PAYMENT_PROVIDER_ERROR: entry(502, 'The payment provider refused the request ({providerStatus}).', '決済事業者がリクエストを受け付けませんでした ({providerStatus})。', {
    en: 'Nothing was charged. The vendor has been notified through the log; try again later or pay by bank transfer.',
    ja: '請求は行われていません。しばらくしてから再試行するか、銀行振込でお支払いください。',
  }),
  PAYMENT_AMOUNT_MISMATCH: entry(422, 'The amount {amountMinor} does not match the order total {totalMinor} ({currency}).', '金額 {amountMinor} がご注文の合計 {totalMinor} ({currency}) と一致しません。', {
    en: 'Record a payment of the whole order total; anything else is refunded rather than applied.',
    ja: 'ご注文の合計金額で入金を記録してください。それ以外の金額は適用せず返金します。',
  }),
  WEBHOOK_SIGNATURE_INVALID: entry(400, 'The webhook signature is not valid: {reason}.', 'Webhook の署名が正しくありません: {reason}', {
    en: 'Check the endpoint\'s signing secret and the clock of the sender.',
    ja: 'エンドポイントの署名シークレットと送信元の時刻を確認してください。',
  }),
  BANK_STATEMENT_INVALID: entry(422, 'The bank statement cannot be read: {problem}.', '入出金明細を読み取れません: {problem}', {
    en: 'Upload a CSV with the header row date,amount,currency,reference (optionally transaction_id, payer), UTF-8.',
    ja: 'date,amount,currency,reference (任意で transaction_id, payer) の見出し行を持つ UTF-8 の CSV をアップロードしてください。',
  }),
  INVOICE_NOT_AVAILABLE_UNTIL_PAID: entry(409, 'The invoice of order {orderNumber} is issued once the order is paid.', 'ご注文 {orderNumber} の請求書は、お支払いの確認後に発行されます。', {
    en: 'Pay the order; the invoice is issued at once when the payment is confirmed.',
    ja: 'ご注文のお支払いが確認され次第、請求書が発行されます。',
  }),
  REFUND_NOT_PENDING: entry(409, 'Refund {refundId} is {state}: only a pending manual refund can be recorded as sent.', '返金 {refundId} は {state} の状態です。送金済みとして記録できるのは、未処理の手動返金だけです。'),
} satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, code);
}

/**
 * Fills {placeholders} from details; a missing detail stays visible rather than vanishing.
 * `{flag?yes text|no text}` chooses by a boolean detail, so both languages can say it their way.
 */
export function fillTemplate(template: string, details: Record<string, unknown>): string {
  const chosen = template.replace(/\{(\w+)\?([^|}]*)\|([^}]*)\}/g, (_whole, name: string, yes: string, no: string) => (details[name] ? yes : no));
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
