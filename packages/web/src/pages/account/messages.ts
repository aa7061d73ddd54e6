import { defineMessages } from '../../i18n/define.ts';

export const accountMessages = defineMessages(
  {
    'account.title': 'Notifications and password',
    'account.notifications': 'Email notifications',
    'account.reminders': 'Renewal reminders (60, 30, 7 and 1 days before a subscription ends)',
    'account.marketing': 'News and offers',
    'account.transactional': 'Mail about what you or your organization did (purchases, redemptions, changes of state) is always sent.',
    'account.password': 'Change your password',
    'account.currentPassword': 'Current password',
    'account.newPassword': 'New password',
    'account.newPasswordHint': 'At least 10 characters. Your other sessions are signed out.',
    'account.passwordChanged': 'Your password was changed.',
  },
  {
    'account.title': '通知とパスワード',
    'account.notifications': 'メール通知',
    'account.reminders': '更新のお知らせ（サブスクリプション終了の 60・30・7・1 日前）',
    'account.marketing': 'ニュースとご案内',
    'account.transactional': 'ご自身や組織の操作（購入、引き換え、状態の変化）についてのメールは常に送信されます。',
    'account.password': 'パスワードの変更',
    'account.currentPassword': '現在のパスワード',
    'account.newPassword': '新しいパスワード',
    'account.newPasswordHint': '10 文字以上。ほかのセッションはサインアウトされます。',
    'account.passwordChanged': 'パスワードを変更しました。',
  },
);
