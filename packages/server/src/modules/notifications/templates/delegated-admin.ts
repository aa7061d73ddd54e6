// Delegated administration notices (SPEC §7): the offer to the customer's global admins, the
// acceptance, the expiry notices 30/7/1 days before (to both sides), and the end. These concern who may act
// inside the customer's organization, so they are transactional (see registry.ts), and they
// always say how to stop the access or get it back.
import { action, facts, list, paragraph } from './layout.ts';
import { addDays, formatCount, formatDateInZone } from './format.ts';
import { dateFormatter, daysLeftText, type Template } from './common.ts';
import type {
  DelegatedAdminAcceptedInput,
  DelegatedAdminEndedInput,
  DelegatedAdminExpiringInput,
  DelegatedAdminOfferInput,
  DelegatedRole,
  EmailLanguage,
} from './types.ts';

const ROLE_LABELS: Readonly<Record<DelegatedRole, Readonly<Record<EmailLanguage, string>>>> = {
  global_admin: { ja: 'グローバル管理者', en: 'Global administrator' },
  billing_admin: { ja: '課金管理者', en: 'Billing administrator' },
  license_admin: { ja: 'ライセンス管理者', en: 'License administrator' },
  user_admin: { ja: 'ユーザー管理者', en: 'User administrator' },
};

const roleLabels = (roles: readonly DelegatedRole[], language: EmailLanguage) => roles.map((r) => ROLE_LABELS[r][language]);

export const renderDelegatedAdminOffer: Template<DelegatedAdminOfferInput> = (input, language) => {
  const { organizationName: org, partnerName: partner, partnerId } = input;
  const ja = language === 'ja';
  const rows: (readonly [string, string])[] = [
    [ja ? '組織' : 'Organization', org],
    [ja ? 'パートナー' : 'Partner', partner],
    [ja ? 'パートナー ID' : 'Partner ID', partnerId],
    [ja ? '期間' : 'Duration', ja ? `承認日から${formatCount(input.durationDays, language)}日間` : `${formatCount(input.durationDays, language)} ${input.durationDays === 1 ? 'day' : 'days'} from acceptance`],
    [ja ? '自動延長' : 'Auto-extension', input.autoExtend ? (ja ? 'あり（期間終了時に180日間延長）' : 'Yes, by 180 days when it ends') : ja ? 'なし' : 'No'],
  ];
  if (input.acceptBy !== undefined) rows.push([ja ? '承認期限' : 'Accept by', formatDateInZone(input.acceptBy, input.timeZone, language)]);
  const roles = list(roleLabels(input.roles, language));
  if (ja) {
    return {
      subject: `【ご確認のお願い】${partner}から委任管理のリクエストが届いています（${org}）`,
      blocks: [
        paragraph(`${partner}（パートナー ID：${partnerId}）から、${org}様の管理を代行するための委任管理のリクエストが届いています。`),
        paragraph(`承認すると、${partner}は次の役割で${org}様の管理を行えるようになります。`),
        roles,
        facts(rows, 'リクエストの内容'),
        paragraph(
          'ご依頼に心当たりがある場合は、内容をご確認のうえ、次のリンクから承認してください。' +
            `承認できるのは${org}様のグローバル管理者のみで、承認するまでアクセスは開始されません。`,
        ),
        action('リクエストを確認して承認する', input.acceptUrl),
        paragraph(
          'お心当たりがない場合は、承認せずにこのメールを破棄してください。' +
            `承認後も、委任は管理ポータルからいつでも終了できます。${partner}による操作は、すべて監査ログに記録されます。`,
        ),
      ],
    };
  }
  return {
    subject: `${partner} requests delegated administration of ${org}`,
    blocks: [
      paragraph(`${partner} (partner ID ${partnerId}) asks to administer ${org} on your behalf through delegated administration.`),
      paragraph(`If you accept, ${partner} can act in ${org} with these roles:`),
      roles,
      facts(rows, 'Request'),
      paragraph(
        'If you expect this request, review it and accept it with the link below. ' +
          `Only a global administrator of ${org} can accept, and access begins only once it is accepted.`,
      ),
      action('Review and accept the request', input.acceptUrl),
      paragraph(
        'If you do not recognize this request, do not accept it; nothing will happen. ' +
          `After accepting, you can end the delegation at any time in the portal. Every action of ${partner} is recorded in your audit log.`,
      ),
    ],
  };
};

export const renderDelegatedAdminAccepted: Template<DelegatedAdminAcceptedInput> = (input, language) => {
  const { organizationName: org, partnerName: partner } = input;
  const ja = language === 'ja';
  const d = dateFormatter(language);
  const customer = input.audience === 'customer';
  const details = facts(
    [
      [ja ? '組織' : 'Organization', org],
      [ja ? 'パートナー' : 'Partner', partner],
      [ja ? '役割' : 'Roles', roleLabels(input.roles, language).join(ja ? '、' : ', ')],
      [ja ? '承認日' : 'Accepted on', d(input.acceptedOn)],
      [ja ? '有効期限' : 'Access ends after', formatDateInZone(input.endDate, input.timeZone, language)],
      [ja ? '自動延長' : 'Auto-extension', input.autoExtend ? (ja ? 'あり（期間終了時に180日間延長）' : 'Yes, by 180 days when it ends') : ja ? 'なし' : 'No'],
    ],
    ja ? '委任の内容' : 'Delegation',
  );
  if (ja) {
    const blocks = customer
      ? [
          paragraph(`${org}様は、${partner}からの委任管理のリクエストを承認しました。${d(input.acceptedOn)}から${d(input.endDate)}まで、${partner}は次の役割で${org}様の管理を行えます。`),
          list(roleLabels(input.roles, language)),
          paragraph(`${partner}による操作は、すべて監査ログに「${partner}による代理操作」として記録されます。委任は管理ポータルからいつでも終了できます。`),
        ]
      : [
          paragraph(`${org}様のグローバル管理者が委任管理のリクエストを承認しました。${d(input.acceptedOn)}から${d(input.endDate)}まで、次の役割で${org}様の管理を行えます。`),
          list(roleLabels(input.roles, language)),
          paragraph(`操作はすべて${org}様の監査ログに記録されます。委任は貴社からもお客様からも、いつでも終了できます。`),
        ];
    return {
      subject: `【お知らせ】委任管理が承認されました（${customer ? `${partner}・${org}` : org}）`,
      blocks: [...blocks, details, action('委任の設定を確認する', input.portalUrl)],
    };
  }
  const blocks = customer
    ? [
        paragraph(`${org} accepted the delegated administration requested by ${partner}. From ${d(input.acceptedOn)} until ${d(input.endDate)}, ${partner} can act in ${org} with these roles:`),
        list(roleLabels(input.roles, language)),
        paragraph(`Every action of ${partner} is recorded in your audit log as done by the partner on your behalf. You can end the delegation at any time in the portal.`),
      ]
    : [
        paragraph(`A global administrator of ${org} accepted your delegated administration request. From ${d(input.acceptedOn)} until ${d(input.endDate)}, you can act in ${org} with these roles:`),
        list(roleLabels(input.roles, language)),
        paragraph(`Every action is recorded in the audit log of ${org}. Either side can end the delegation at any time.`),
      ];
  return {
    subject: `Delegated administration of ${org} by ${partner} was accepted`,
    blocks: [...blocks, details, action('Review the delegation', input.portalUrl)],
  };
};

export const renderDelegatedAdminExpiring: Template<DelegatedAdminExpiringInput> = (input, language) => {
  const { organizationName: org, partnerName: partner, extendedUntil } = input;
  const ja = language === 'ja';
  const d = dateFormatter(language);
  const E = d(input.endDate);
  const left = daysLeftText(input.today, input.endDate, language);
  const extendedOn = d(addDays(input.endDate, 1));
  const details = facts(
    [
      [ja ? '組織' : 'Organization', org],
      [ja ? 'パートナー' : 'Partner', partner],
      [ja ? '役割' : 'Roles', roleLabels(input.roles, language).join(ja ? '、' : ', ')],
      [ja ? '有効期限' : 'Access ends after', formatDateInZone(input.endDate, input.timeZone, language)],
      ...(extendedUntil === undefined ? [] : [[ja ? '延長後の有効期限' : 'Extended until', d(extendedUntil)] as const]),
    ],
    ja ? '委任の内容' : 'Delegation',
  );
  const customer = input.audience === 'customer';
  if (ja) {
    const first = customer
      ? `${org}様が${partner}に委任している管理権限は、${E}をもって終了します（${left}）。`
      : `${org}様から委任されている管理権限は、${E}をもって終了します（${left}）。`;
    const next =
      extendedUntil !== undefined
        ? customer
          ? `自動延長が設定されているため、${extendedOn}に延長され、${d(extendedUntil)}まで引き続き委任されます。延長を希望されない場合は、${E}までに管理ポータルで委任を終了してください。`
          : `自動延長が設定されているため、${d(extendedUntil)}まで延長されます。お手続きは不要です。`
        : customer
          ? `期限後、${partner}は${org}様の管理を行えなくなります。引き続き委任される場合は、${partner}に新しいリクエストの送付をご依頼ください。何もされなければ、期限をもって自動的に終了します。`
          : `期限後は${org}様の管理を行えなくなります。引き続き管理を代行される場合は、期限までに新しい委任リクエストを送付し、${org}様のグローバル管理者に承認をご依頼ください。`;
    const subject =
      extendedUntil !== undefined
        ? `【お知らせ】委任管理は${extendedOn}に自動延長されます（${customer ? `${partner}・${org}` : org}）`
        : `【お知らせ】委任管理の期限が近づいています（${customer ? `${partner}・${org}` : org}）`;
    return { subject, blocks: [paragraph(first), paragraph(next), details, action('委任の設定を確認する', input.portalUrl)] };
  }
  const first = customer
    ? `The delegated administration of ${org} by ${partner} ends after ${E} (${left}).`
    : `Your delegated administration of ${org} ends after ${E} (${left}).`;
  const next =
    extendedUntil !== undefined
      ? customer
        ? `Auto-extension is on, so on ${extendedOn} it will be extended until ${d(extendedUntil)}. If you do not want that, end the delegation in the portal on or before ${E}.`
        : `Auto-extension is on, so it will be extended until ${d(extendedUntil)}. No action is needed.`
      : customer
        ? `After that, ${partner} can no longer administer ${org}. If you want to continue, ask ${partner} to send a new request. Otherwise it simply ends on its own.`
        : `After that, you can no longer administer ${org}. To continue, send a new delegation request before then and ask a global administrator of ${org} to accept it.`;
  const subject =
    extendedUntil !== undefined
      ? `Delegated administration of ${org} by ${partner} will be extended on ${extendedOn}`
      : `Delegated administration of ${org} by ${partner} ends ${left}`;
  return { subject, blocks: [paragraph(first), paragraph(next), details, action('Review the delegation', input.portalUrl)] };
};

export const renderDelegatedAdminEnded: Template<DelegatedAdminEndedInput> = (input, language) => {
  const { organizationName: org, partnerName: partner } = input;
  const ja = language === 'ja';
  const on = dateFormatter(language)(input.endedOn);
  const customer = input.audience === 'customer';
  const details = facts(
    [
      [ja ? '組織' : 'Organization', org],
      [ja ? 'パートナー' : 'Partner', partner],
      [ja ? '終了日' : 'Ended on', formatDateInZone(input.endedOn, input.timeZone, language)],
    ],
    ja ? '委任の内容' : 'Delegation',
  );
  if (ja) {
    const reason = {
      expired: '期限に達したため',
      ended_by_customer: `${org}様の管理者が終了の操作を行ったため`,
      ended_by_partner: `${partner}が終了の操作を行ったため`,
    }[input.reason];
    const blocks = customer
      ? [
          paragraph(`${org}様が${partner}に委任していた管理権限は、${reason}、${on}に終了しました。`),
          paragraph(`今後、${partner}は${org}様のデータや設定にアクセスできません。お手続きは不要です。`),
          paragraph(`再度委任される場合は、${partner}に新しいリクエストの送付をご依頼ください。お心当たりのない終了の場合は、組織のグローバル管理者にご確認ください。`),
        ]
      : [
          paragraph(`${org}様から委任されていた管理権限は、${reason}、${on}に終了しました。`),
          paragraph(`今後、${org}様に対する操作は行えません。再度委任を受けるには、新しい委任リクエストを送付し、${org}様のグローバル管理者の承認を得てください。`),
        ];
    return {
      subject: `【お知らせ】委任管理が終了しました（${customer ? `${partner}・${org}` : org}）`,
      blocks: [...blocks, details, action('管理ポータルを開く', input.portalUrl)],
    };
  }
  const reason = {
    expired: 'because it reached its end date',
    ended_by_customer: `because an administrator of ${org} ended it`,
    ended_by_partner: `because ${partner} ended it`,
  }[input.reason];
  const blocks = customer
    ? [
        paragraph(`The delegated administration of ${org} by ${partner} ended on ${on}, ${reason}.`),
        paragraph(`${partner} can no longer access the data or settings of ${org}. No action is needed.`),
        paragraph(`To delegate again, ask ${partner} to send a new request. If you did not expect this, please check with a global administrator of ${org}.`),
      ]
    : [
        paragraph(`Your delegated administration of ${org} ended on ${on}, ${reason}.`),
        paragraph(`You can no longer act in ${org}. To administer it again, send a new delegation request and have a global administrator of ${org} accept it.`),
      ];
  return {
    subject: `Delegated administration of ${org} by ${partner} has ended`,
    blocks: [...blocks, details, action('Open the portal', input.portalUrl)],
  };
};
