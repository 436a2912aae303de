// UI strings. Russian labels are the user documentation's own; English is their rendering.
import type { Lang } from './bindings/Lang';

const ru = {
  appName: 'MySciHub',
  loading: 'Загрузка…',
  retry: 'Повторить',
  cancel: 'Отмена',
  save: 'Сохранить',
  // profiles
  whoIsWorking: 'Кто работает с приложением?',
  profilesHint: 'Профиль определяет, какие мероприятия вы видите: только те, где вы администратор.',
  chooseProfile: 'Выберите профиль',
  noProfiles: 'На этом компьютере ещё нет профилей. Создайте свой, чтобы начать.',
  newProfile: 'Новый профиль',
  name: 'Имя',
  email: 'E-mail',
  createProfile: 'Создать профиль',
  switchProfile: 'Сменить профиль',
  // events
  myEvents: 'Мои мероприятия',
  noEvents: 'Вы пока не администрируете ни одного мероприятия. Создайте мероприятие — вы станете его администратором.',
  createEvent: 'Создать мероприятие',
  newEvent: 'Новое мероприятие',
  title: 'Название',
  timeZone: 'Часовой пояс',
  startsOn: 'Дата начала',
  endsOn: 'Дата окончания',
  allEvents: 'Все мероприятия',
  // control panel
  controlPanel: 'Панель управления',
  integrations: 'Интеграции',
  zoom: 'Zoom',
  zoomSummary: 'Подключите аккаунты Zoom, чтобы видеть запланированные видеоконференции и ссылки для подключения к ним.',
  administrators: 'Администраторы',
  administratorsSummary: 'Кто может управлять мероприятием и его интеграциями.',
  zoomComing: 'Подключение аккаунтов Zoom появится здесь в ближайшем обновлении.',
  zoomIntro:
    'Интеграция Zoom позволит подключить один или несколько аккаунтов Zoom. Информация о подключенных аккаунтах и запланированных видеоконференциях доступна всем администраторам мероприятия.',
  addAdministrator: 'Добавить администратора',
  administratorEmailHint: 'E-mail профиля на этом компьютере',
  add: 'Добавить',
  remove: 'Удалить',
  you: 'вы',
  confirmRemoveAdministrator: (name: string) => `Лишить ${name} прав администратора этого мероприятия?`,
  noAccess: 'Нет доступа',
  backToEvents: 'К моим мероприятиям',
};

type Strings = { [K in keyof typeof ru]: (typeof ru)[K] };

const en: Strings = {
  appName: 'MySciHub',
  loading: 'Loading…',
  retry: 'Try again',
  cancel: 'Cancel',
  save: 'Save',
  whoIsWorking: 'Who is using the app?',
  profilesHint: 'Your profile decides which events you see: only those you administer.',
  chooseProfile: 'Choose a profile',
  noProfiles: 'There are no profiles on this computer yet. Create yours to begin.',
  newProfile: 'New profile',
  name: 'Name',
  email: 'E-mail',
  createProfile: 'Create profile',
  switchProfile: 'Switch profile',
  myEvents: 'My events',
  noEvents: 'You do not administer any event yet. Create one and you become its administrator.',
  createEvent: 'Create event',
  newEvent: 'New event',
  title: 'Title',
  timeZone: 'Time zone',
  startsOn: 'Start date',
  endsOn: 'End date',
  allEvents: 'All events',
  controlPanel: 'Control panel',
  integrations: 'Integrations',
  zoom: 'Zoom',
  zoomSummary: 'Connect Zoom accounts to see their scheduled meetings and the links to join them.',
  administrators: 'Administrators',
  administratorsSummary: 'Who can manage the event and its integrations.',
  zoomComing: 'Connecting Zoom accounts will appear here in an upcoming update.',
  zoomIntro:
    'The Zoom integration connects one or more Zoom accounts. The information about connected accounts and their scheduled meetings is available to all administrators of the event.',
  addAdministrator: 'Add administrator',
  administratorEmailHint: 'E-mail of a profile on this computer',
  add: 'Add',
  remove: 'Remove',
  you: 'you',
  confirmRemoveAdministrator: (name: string) => `Take the administrator right for this event away from ${name}?`,
  noAccess: 'No access',
  backToEvents: 'Back to my events',
};

const dictionaries: Record<Lang, Strings> = { ru, en };

class I18n {
  lang = $state<Lang>('ru');
  t = $derived(dictionaries[this.lang]);

  use(lang: Lang) {
    this.lang = lang;
    document.documentElement.lang = lang;
  }
}

export const i18n = new I18n();
