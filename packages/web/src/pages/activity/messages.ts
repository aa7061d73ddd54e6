import { defineMessages } from '../../i18n/define.ts';

export const activityMessages = defineMessages(
  {
    'activity.title': 'Activity log',
    'activity.intro': 'Every change to this organization, newest first: what it was, who made it and when (times in {timeZone}).',
    'activity.empty': 'Nothing has been recorded yet.',
    'activity.column.when': 'When',
    'activity.column.action': 'What',
    'activity.column.actor': 'By',
    'activity.column.target': 'On',
    'activity.actor.system': 'Licentia (automatic)',
    'activity.actor.token': 'API token {id}',
    'activity.actor.onBehalf': '{actor} of partner {partner}, through delegated administration',
    'activity.actor.fromOrganization': '{actor}, from {organization}',
    'activity.more': 'Show older entries',
  },
  {
    'activity.title': '操作ログ',
    'activity.intro': 'この組織への変更を新しい順に表示します。内容、実行者、日時 ({timeZone}) がわかります。',
    'activity.empty': 'まだ記録はありません。',
    'activity.column.when': '日時',
    'activity.column.action': '操作',
    'activity.column.actor': '実行者',
    'activity.column.target': '対象',
    'activity.actor.system': 'Licentia (自動処理)',
    'activity.actor.token': 'API トークン {id}',
    'activity.actor.onBehalf': 'パートナー {partner} の {actor} (委任管理による代理)',
    'activity.actor.fromOrganization': '{actor} ({organization} から)',
    'activity.more': 'さらに古い記録を表示',
  },
);
