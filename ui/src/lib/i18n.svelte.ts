// UI strings. Russian labels are the user documentation's own; English is their rendering.
import type { HistoryEntry } from './bindings/HistoryEntry';
import type { Lang } from './bindings/Lang';

const ru = {
  appName: 'MySciHub',
  loading: 'Загрузка…',
  retry: 'Повторить',
  // start-up
  startupProblem: 'MySciHub не открыл свои данные',
  connectAgain: 'Подключить аккаунты заново',
  confirmNewKey:
    'Начать с новым ключом шифрования? Сохранённый доступ к Zoom будет забыт: профили, мероприятия и подключения останутся, но каждый аккаунт Zoom нужно будет подключить снова.',
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
  noDates: 'даты не заданы',
  endsOn: 'Дата окончания',
  allEvents: 'Все мероприятия',
  // control panel
  controlPanel: 'Панель управления',
  integrations: 'Интеграции',
  zoom: 'Zoom',
  zoomSummary: 'Подключите аккаунты Zoom, чтобы видеть запланированные видеоконференции и ссылки для подключения к ним.',
  administrators: 'Администраторы',
  administratorsSummary: 'Кто может управлять мероприятием и его интеграциями.',
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
  dismiss: 'Скрыть',
  // zoom connections
  zoomConnections: 'Подключения Zoom',
  zoomEmpty:
    'Подключение — это именованная связь мероприятия с одним аккаунтом Zoom. Запланированные встречи подключенного аккаунта видят все администраторы мероприятия. Начните с добавления подключения, затем подключите к нему аккаунт.',
  addZoomConnection: 'Добавить Zoom подключение',
  connectionName: 'Название подключения',
  status: {
    notConnected: 'Не подключен',
    authorizing: 'Ожидание авторизации',
    connected: 'Подключен',
    needsReauth: 'Требуется повторное подключение',
  },
  connect: 'Подключить',
  disconnect: 'Отключить',
  rename: 'Переименовать',
  delete: 'Удалить',
  authorizingHint: 'Завершите вход в Zoom в открывшемся окне браузера.',
  confirmDisconnect: (email: string | null, name: string) =>
    `Отключить аккаунт Zoom ${email ? `${email} ` : ''}от подключения «${name}»? Встречи этого аккаунта перестанут показываться в мероприятии.`,
  confirmDelete: (name: string, connected: boolean, email: string | null) =>
    `Удалить подключение «${name}»?` +
    (connected
      ? ` Сначала от него будет отключен аккаунт Zoom${email ? ` ${email}` : ''}, и встречи этого аккаунта перестанут показываться в мероприятии.`
      : ''),
  notices: {
    appRemovedInZoom: 'Приложение MySciHub удалено в Zoom Marketplace. Подключите аккаунт снова, если он нужен.',
    reconnectTimedOut:
      'Zoom перестал принимать вход этого аккаунта, а за 10 дней его не подключили снова: аккаунт и его встречи убраны из мероприятия. Подключите аккаунт снова, если он нужен.',
    revokeFailed: 'Отключено в приложении, но Zoom не подтвердил отзыв доступа. Удалите приложение в Zoom Marketplace вручную.',
  },
  zoomConnected: 'Аккаунт Zoom подключен.',
  zoomNotConfigured: 'Приложение Zoom ещё не настроено: без Client ID аккаунт подключить нельзя.',
  openSettings: 'Открыть настройки',
  history: 'История',
  historyEmpty: 'Пока ничего не происходило. Здесь будет видно, кто и когда добавлял, переименовывал, подключал и отключал подключения.',
  historyWhen: 'Когда',
  historyWho: 'Кто',
  historyWhat: 'Что сделано',
  historyConnection: 'Подключение',
  historyActor: (entry: HistoryEntry) => entry.actorName ?? 'Zoom',
  historyAction: (entry: HistoryEntry): string => {
    switch (entry.action) {
      case 'added':
        return 'добавил(а) подключение';
      case 'renamed':
        return `переименовал(а) «${entry.connectionName}» в «${entry.detail ?? ''}»`;
      case 'connected':
        return `подключил(а) аккаунт ${entry.zoomEmail ?? 'Zoom'}`;
      case 'disconnected':
        return `отключил(а) аккаунт ${entry.zoomEmail ?? 'Zoom'}`;
      case 'deleted':
        return 'удалил(а) подключение';
      case 'revokedByZoom':
        return 'Zoom отозвал доступ: приложение удалено в Zoom Marketplace';
      case 'reconnectTimedOut':
        return `аккаунт ${entry.zoomEmail ?? 'Zoom'} не подключили снова за 10 дней: он убран из мероприятия`;
    }
  },
  connectionNotFound: 'Подключение не найдено: возможно, его удалили.',
  accountNotConnected: 'Аккаунт Zoom ещё не подключен.',
  connectOnZoomPage: 'Подключить аккаунт на странице Zoom',
  needsReauthCause:
    'Zoom больше не принимает вход MySciHub в этот аккаунт: приложение удалили в Zoom Marketplace или вход потерян. Встречи сохранены.',
  /** `when`: the deadline; `onZoomPage`: the button is on the Zoom page, not here. */
  needsReauthAction: (when: string | null, onZoomPage: boolean) => {
    const click = onZoomPage ? 'Нажмите «Подключить» на странице Zoom' : 'Нажмите «Подключить»';
    return when
      ? `${click} до ${when} — иначе аккаунт будет отключён от всех мероприятий.`
      : `${click} и войдите в Zoom снова.`;
  },
  eventClock: (time: string, zone: string) => `${time} по времени мероприятия (${zone})`,
  tokensUnsaved:
    'Не удалось сохранить новый доступ к Zoom на диск: приложение держит его в памяти и повторяет запись. Освободите место на диске и не закрывайте приложение, иначе аккаунт придётся подключить снова.',
  reconnectOnZoomPage: 'Подключить заново на странице Zoom',
  backToZoom: 'Подключения Zoom',
  // a connection's account and meetings
  zoomAccount: 'Аккаунт Zoom',
  plan: 'Тариф',
  userTypes: { basic: 'Basic (бесплатный)', licensed: 'Licensed (платный)', none: 'Без лицензии' },
  zoomAccountId: 'ID аккаунта Zoom',
  grantedScopes: 'Разрешения',
  notSpecified: 'не указан',
  noScopes: 'нет',
  missingScopes: (scopes: string) =>
    `Приложению не хватает разрешений Zoom: ${scopes}. Видеоконференции могут не загружаться, пока приложение не будет подключено заново с этими разрешениями.`,
  syncedAt: (when: string) => `Обновлено ${when}`,
  neverSynced: 'Ещё не обновлялось',
  scheduledMeetings: 'Запланированные видеоконференции',
  refresh: 'Обновить',
  refreshShortcuts: 'F5, Ctrl+R, ⌘R',
  refreshing: 'Обновляется…',
  staleSince: (when: string) => `Данные от ${when}`,
  staleNever: 'Данные не обновлялись',
  rateLimited: (time: string) => `Zoom ограничил запросы до ${time}`,
  eventTimeNote: (zone: string) => `Время указано в часовом поясе мероприятия: ${zone}.`,
  filterMeetings: 'Найти по теме',
  filterCount: (shown: number, total: number) => `Найдено: ${shown} из ${total}`,
  nothingFound: 'Ничего не найдено',
  noMatches: (query: string) => `Нет видеоконференций, в теме которых есть «${query}».`,
  noMeetings: 'В этом аккаунте нет запланированных видеоконференций.',
  meetingsLoading: 'Загружаем видеоконференции из Zoom…',
  noTopic: 'Без темы',
  minutes: (n: number) => `${n} мин`,
  overlapTag: 'Пересекается по времени',
  overlapDetail: (topic: string, from: string, to: string) =>
    `В то же время, что «${topic}» (${from}–${to}), на том же аккаунте Zoom: Zoom позволяет одному пользователю проводить одну встречу за раз, если у аккаунта нет опции одновременных встреч.`,
  overlapCount: (n: number) => {
    const [tens, ones] = [n % 100, n % 10];
    const word = ones === 1 && tens !== 11 ? 'встреча пересекается' : ones >= 2 && ones <= 4 && (tens < 12 || tens > 14) ? 'встречи пересекаются' : 'встреч пересекаются';
    return `${n} ${word} по времени`;
  },
  recurring: 'Повторяющаяся',
  noFixedTime: 'Без фиксированного времени',
  noStartTime: 'Время не указано',
  meetingZoneTime: (zone: string, time: string) => `По времени встречи (${zone}): ${time}`,
  yourTime: (time: string) => `На вашем компьютере: ${time}`,
  meetingId: (id: string) => `ID ${id}`,
  join: 'Подключиться',
  copyLink: 'Копировать ссылку',
  copied: 'Скопировано',
  copyFailed: 'Не удалось скопировать: выделите текст и скопируйте его вручную.',
  copyByHand: 'Скопируйте вручную:',
  linkNotZoom: 'Ссылка не ведёт на zoom.us — не открываем её',
  noLink: 'Нет ссылки',
  // the event's schedule
  schedule: 'Расписание',
  scheduleSummary: 'Все встречи всех подключённых аккаунтов Zoom на одной ленте: по дням, с пересечениями и экспортом в календарь.',
  scheduleIntro: 'Все встречи всех подключённых к мероприятию аккаунтов Zoom на одной ленте, по дням.',
  scheduleMeetings: 'Встречи мероприятия',
  scheduleFilters: 'Фильтры расписания',
  connectionFilter: 'Подключение',
  allConnections: 'Все подключения',
  zoneChoice: 'Время показано',
  zones: { event: 'Часовой пояс мероприятия', local: 'Этого компьютера', meeting: 'Каждой встречи' },
  zoneNotes: {
    event: (zone: string) => `Время указано в часовом поясе мероприятия: ${zone}.`,
    local: (zone: string) => `Время указано по часам этого компьютера: ${zone}.`,
    meeting: (zone: string) => `Время каждой встречи указано в её часовом поясе; дни — по часовому поясу мероприятия (${zone}).`,
  },
  onlyEventDays: 'Только даты мероприятия',
  outsideDays: (n: number) => `Ещё ${n} вне дат мероприятия`,
  scheduleCount: (n: number) => `Встреч: ${n}`,
  conflicts: (n: number) => `Пересечений: ${n}`,
  overlapWith: (topic: string, email: string, when: string) =>
    `И эта встреча, и «${topic}» на ${email} ${when}: Zoom позволяет одному пользователю вести одну встречу за раз (если у аккаунта нет опции одновременных встреч Zoom).`,
  /** When the other meeting runs: `day` only when it is another day than this row's. */
  overlapWhen: (time: string, day: string | null) => (day ? `${day} в ${time}` : `в ${time}`),
  inProgress: 'Идёт сейчас',
  nextMeeting: 'Следующая',
  startsIn: (minutes: number) => {
    const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
    if (days > 0) return hours > 0 ? `через ${days} дн ${hours} ч` : `через ${days} дн`;
    if (hours > 0) return `через ${hours} ч ${String(mins).padStart(2, '0')} мин`;
    return `через ${mins} мин`;
  },
  exportIcs: 'Экспорт .ics',
  exportCsv: 'Экспорт .csv',
  includePasscodes: 'Включить коды доступа',
  passcodesInFile: 'В файле будут коды доступа встреч.',
  passcodesLoading: 'Получаем коды доступа из Zoom…',
  saved: (path: string) => `Сохранено: ${path}`,
  scheduleEmpty: 'Встреч нет',
  scheduleNoAccounts: 'К мероприятию не подключено ни одного аккаунта Zoom: их встречи появятся здесь.',
  scheduleFiltered: 'Под выбранные фильтры не подходит ни одна встреча.',
  connectAccounts: 'Подключить аккаунты на странице Zoom',
  // a meeting's details
  close: 'Закрыть',
  detailsLoading: 'Спрашиваем Zoom о подробностях встречи…',
  agenda: 'Описание',
  noAgenda: 'Нет описания',
  notKnown: 'Неизвестно',
  when: 'Когда',
  timeOfEvent: (zone: string) => `По времени мероприятия (${zone})`,
  timeOfComputer: (zone: string) => `На этом компьютере (${zone})`,
  timeOfMeeting: (zone: string | null) => (zone ? `По времени встречи (${zone})` : 'По времени встречи'),
  meetingZoneUnknown: 'Zoom не указал часовой пояс встречи',
  duration: 'Длительность',
  durationUnknown: 'не указана',
  connection: 'Подключение',
  meetingIdLabel: 'ID встречи',
  passcode: 'Код доступа',
  noPasscode: 'Без кода доступа',
  show: 'Показать',
  hide: 'Скрыть',
  joining: 'Подключение к встрече',
  copyInvitation: 'Скопировать приглашение',
  invitationCopied: 'Приглашение скопировано',
  invitationBlocked: 'Недоступно, пока аккаунт не подключён заново с нужными правами.',
  detailsMissingScopes: (scopes: string) => `Аккаунт подключён без прав: ${scopes}.`,
  reconnectForDetails: 'Подключите его заново на странице Zoom',
  meetingGone: 'Встречи из напоминания больше нет в расписании: возможно, её удалили в Zoom.',
  // reminders
  remindBefore: 'Напоминать за',
  /** The word after the number: «за 1 минуту», «за 2 минуты», «за 5 минут». */
  remindMinutesWord: (n: number): string => {
    const [tens, ones] = [n % 100, n % 10];
    if (ones === 1 && tens !== 11) return 'минуту';
    return ones >= 2 && ones <= 4 && (tens < 12 || tens > 14) ? 'минуты' : 'минут';
  },
  remindLabel: (n: number, word: string) => `Напоминать за ${n} ${word}`,
  reminderMinutes: 'Минут до начала встречи',
  reminderNote:
    'Напоминание придёт уведомлением на рабочем столе перед началом каждой встречи, пока MySciHub запущен, даже если его окно свёрнуто или в фоне. Выбор действует для этого мероприятия на этом компьютере.',
  reminderWhole: 'Укажите целое число минут: от 1 до 1440.',
  // support
  support: 'Поддержка',
  supportSummary: 'Заявка в техническую поддержку и отчёт, который к ней стоит приложить.',
  supportIntro: 'Для получения дополнительной помощи или технической поддержки отправьте заявку.',
  submitRequest: 'Отправить заявку',
  submitOpensBrowser: 'Страница заявки откроется в браузере.',
  diagnostics: 'Отчёт для поддержки',
  diagnosticsHint: 'Приложите этот отчёт к заявке: он поможет разобраться в проблеме.',
  diagnosticsPrivacy: 'В отчёте никогда не бывает токенов, кодов авторизации и кодов доступа к видеоконференциям.',
  copyReport: 'Копировать отчёт',
  // settings
  settings: 'Настройки',
  zoomSettingsIntro: 'Приложение Zoom, через которое MySciHub подключает аккаунты, и способ вернуться в MySciHub после входа в Zoom.',
  clientId: 'Client ID приложения Zoom',
  oauthUrl: 'Адрес OAuth Zoom',
  apiUrl: 'Адрес API Zoom',
  redirectMode: 'Возврат в приложение после входа в Zoom',
  redirectModes: {
    bounce: 'Через страницу-переадресацию (https)',
    loopback: 'Через локальный адрес 127.0.0.1',
    deepLink: 'Напрямую по ссылке myscihub://',
  },
  bounceUrl: 'Адрес страницы-переадресации',
  fromEnvironment: 'задано переменной окружения',
  redirectUri: 'Адрес возврата (redirect URI)',
  redirectUriHint: 'Этот адрес должен быть указан в настройках приложения в Zoom Marketplace.',
  security: 'Хранение токенов',
  keyInKeychain: 'Ключ шифрования хранится в системной связке ключей',
  about: 'О программе',
  aboutVersion: (version: string) => `MySciHub Desktop, версия ${version}`,
  dataFolder: 'Данные хранятся в папке:',
  copyPath: 'Скопировать путь',
  logFolder: 'Журнал работы приложения — в папке:',
  logFolderHint: 'Приложите файлы из неё к заявке в поддержку: токены и коды в журнал не попадают.',
  openFolder: 'Открыть папку',
  uninstallKeeps: 'При удалении программы эта папка и ключ шифрования токенов в системной связке ключей сохраняются.',
  keyInFile: (keyFile: string) =>
    `Системной связки ключей нет: ключ шифрования хранится в файле ${keyFile}, доступном только вашему пользователю`,
  settingsSaved: 'Настройки сохранены.',
  settingsHistory: 'История изменений',
  settingsHistoryEmpty: 'Настройки ещё не менялись.',
  historySetting: 'Настройка',
  historyChange: 'Изменение',
  settingUnset: 'не задано',
  unknownActor: 'неизвестно',
  settingsSections: 'Разделы настроек',
  // team
  team: 'Команда',
  localDatabaseNow: 'Этот компьютер работает со своей базой данных.',
  teamModeExplained:
    'В режиме команды данные мероприятий хранятся в одной базе PostgreSQL, общей для всех их администраторов: каждый работает на своём компьютере и входит в базу под своей ролью. Кто какое мероприятие видит, решает сама база данных.',
  teamDatabaseNow: 'Этот компьютер работает с базой данных команды.',
  teamDatabase: 'База данных',
  teamRole: 'Роль',
  teamMember: 'Участник',
  teamSchemaVersion: 'Версия схемы',
  teamConnection: 'Связь с базой',
  teamReachable: 'База отвечает',
  teamUnreachable: 'База не отвечает',
  joinTeam: 'Присоединиться по коду',
  joinTeamHint:
    'Владелец команды выдаёт каждому участнику код приглашения. Вставьте его сюда, и MySciHub будет работать с базой команды под вашей ролью.',
  joinCode: 'Код приглашения (начинается с MSH1-)',
  joinTeamButton: 'Присоединиться',
  joinedTeam: 'Готово: после перезапуска MySciHub будет работать с базой команды. Данные этого компьютера сохранятся.',
  restart: 'Перезапустить',
  createTeam: 'Создать команду',
  createTeamHint:
    'Для владельца команды: MySciHub подготовит для команды пустую базу PostgreSQL и сделает вас её первым участником. Остальных администраторов вы затем пригласите по коду.',
  databaseUrl: 'Адрес базы данных',
  databaseUrlHint:
    'postgres://сервер:5432/база — пустая база, которой может пользоваться роль владельца. Если база не на этом компьютере, MySciHub соединяется с ней только по TLS с проверкой сертификата.',
  ownerRole: 'Роль владельца',
  ownerRoleHint: 'Можно не заполнять, если роль указана в адресе (postgres://роль@сервер/база).',
  ownerPassword: 'Пароль роли владельца',
  importLocal: 'Перенести данные этого компьютера',
  importLocalHint:
    'Мероприятия, подключения Zoom вместе с доступом к аккаунтам и встречи переедут в базу команды: никому не придётся подключать аккаунты заново.',
  inviteMember: 'Пригласить участника',
  inviteMemberHint:
    'Для владельца команды: MySciHub заведёт участнику роль в базе команды и выдаст код, по которому MySciHub участника присоединится к команде.',
  existingRole: 'Роль, созданная администратором базы (необязательно)',
  invite: 'Пригласить',
  joinCodeFor: (name: string, email: string) => `Код приглашения для ${name} (${email})`,
  copy: 'Скопировать',
  joinCodeSecret:
    'Это секрет: по коду входят в базу команды как этот участник. Передайте его лично или по защищённому каналу. Код сработает один раз.',
  leaveTeam: 'Выйти из команды',
  leaveTeamHint: 'MySciHub вернётся к базе данных этого компьютера. Данные команды останутся в базе команды.',
  confirmLeaveTeam:
    'Выйти из команды? После перезапуска MySciHub вернётся к данным этого компьютера — таким, какими они были до входа в команду. Данные команды останутся в базе команды, другие участники продолжат с ними работать.',
  leftTeam: 'Готово: после перезапуска MySciHub будет работать с базой данных этого компьютера — с теми данными, что были до входа в команду.',
  teamMembers: 'Участники команды',
  chooseTeamMember: 'Выберите участника',
  administratorEmailTeamHint: 'E-mail участника команды',
  teamMemberUnknown: 'MySciHub работает с базой команды, но не нашёл в ней вас как участника.',
};

type Strings = { [K in keyof typeof ru]: (typeof ru)[K] };

const en: Strings = {
  appName: 'MySciHub',
  loading: 'Loading…',
  retry: 'Try again',
  startupProblem: 'MySciHub could not open its data',
  connectAgain: 'Connect the accounts again',
  confirmNewKey:
    'Start with a new encryption key? The saved Zoom access will be forgotten: profiles, events and connections stay, but each Zoom account must be connected again.',
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
  noDates: 'no dates yet',
  endsOn: 'End date',
  allEvents: 'All events',
  controlPanel: 'Control panel',
  integrations: 'Integrations',
  zoom: 'Zoom',
  zoomSummary: 'Connect Zoom accounts to see their scheduled meetings and the links to join them.',
  administrators: 'Administrators',
  administratorsSummary: 'Who can manage the event and its integrations.',
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
  dismiss: 'Dismiss',
  zoomConnections: 'Zoom connections',
  zoomEmpty:
    'A connection is a named link between this event and one Zoom account. Every administrator of the event sees the scheduled meetings of the connected account. Start by adding a connection, then connect an account to it.',
  addZoomConnection: 'Add Zoom connection',
  connectionName: 'Connection name',
  status: {
    notConnected: 'Not connected',
    authorizing: 'Waiting for authorization',
    connected: 'Connected',
    needsReauth: 'Reconnect needed',
  },
  connect: 'Connect',
  disconnect: 'Disconnect',
  rename: 'Rename',
  delete: 'Delete',
  authorizingHint: 'Finish signing in to Zoom in the browser window that opened.',
  confirmDisconnect: (email: string | null, name: string) =>
    `Disconnect the Zoom account ${email ? `${email} ` : ''}from the connection “${name}”? The account's meetings will no longer be shown in the event.`,
  confirmDelete: (name: string, connected: boolean, email: string | null) =>
    `Delete the connection “${name}”?` +
    (connected
      ? ` The Zoom account${email ? ` ${email}` : ''} will be disconnected from it first, and the account's meetings will no longer be shown in the event.`
      : ''),
  notices: {
    appRemovedInZoom: 'The MySciHub app was removed in the Zoom Marketplace. Connect the account again if you need it.',
    reconnectTimedOut:
      "Zoom stopped accepting this account's sign-in and nobody connected it again within 10 days: the account and its meetings left the event. Connect the account again if you need it.",
    revokeFailed:
      'Disconnected in the app, but Zoom did not confirm that access was revoked. Remove the app in the Zoom Marketplace yourself.',
  },
  zoomConnected: 'The Zoom account is connected.',
  zoomNotConfigured: 'The Zoom app is not set up yet: an account cannot be connected without a Client ID.',
  openSettings: 'Open settings',
  history: 'History',
  historyEmpty: 'Nothing has happened yet. Here you will see who added, renamed, connected and disconnected connections, and when.',
  historyWhen: 'When',
  historyWho: 'Who',
  historyWhat: 'What happened',
  historyConnection: 'Connection',
  historyActor: (entry: HistoryEntry) => entry.actorName ?? 'Zoom',
  historyAction: (entry: HistoryEntry): string => {
    switch (entry.action) {
      case 'added':
        return 'added the connection';
      case 'renamed':
        return `renamed “${entry.connectionName}” to “${entry.detail ?? ''}”`;
      case 'connected':
        return `connected the account ${entry.zoomEmail ?? 'Zoom'}`;
      case 'disconnected':
        return `disconnected the account ${entry.zoomEmail ?? 'Zoom'}`;
      case 'deleted':
        return 'deleted the connection';
      case 'revokedByZoom':
        return 'Zoom revoked access: the app was removed in the Zoom Marketplace';
      case 'reconnectTimedOut':
        return `the account ${entry.zoomEmail ?? 'Zoom'} was not connected again within 10 days and left the event`;
    }
  },
  connectionNotFound: 'Connection not found: it may have been deleted.',
  accountNotConnected: 'No Zoom account is connected yet.',
  connectOnZoomPage: 'Connect an account on the Zoom page',
  needsReauthCause:
    "Zoom no longer accepts MySciHub's sign-in for this account: the app was removed in the Zoom Marketplace, or the sign-in was lost. The meetings are kept.",
  needsReauthAction: (when: string | null, onZoomPage: boolean) => {
    const click = onZoomPage ? 'Click “Connect” on the Zoom page' : 'Click “Connect”';
    return when
      ? `${click} by ${when}, or the account will be disconnected from every event.`
      : `${click} and sign in to Zoom again.`;
  },
  eventClock: (time: string, zone: string) => `${time} (event time, ${zone})`,
  tokensUnsaved:
    'The new access to Zoom could not be saved to disk: the app keeps it in memory and keeps trying to write it. Free some disk space and do not close the app, or the account will have to be connected again.',
  reconnectOnZoomPage: 'Reconnect on the Zoom page',
  backToZoom: 'Zoom connections',
  zoomAccount: 'Zoom account',
  plan: 'Plan',
  userTypes: { basic: 'Basic (free)', licensed: 'Licensed (paid)', none: 'No license' },
  zoomAccountId: 'Zoom account ID',
  grantedScopes: 'Permissions',
  notSpecified: 'not set',
  noScopes: 'none',
  missingScopes: (scopes: string) =>
    `The app lacks these Zoom permissions: ${scopes}. Meetings may not load until the app is reconnected with them.`,
  syncedAt: (when: string) => `Updated ${when}`,
  neverSynced: 'Not updated yet',
  scheduledMeetings: 'Scheduled meetings',
  refresh: 'Refresh',
  refreshShortcuts: 'F5, Ctrl+R, ⌘R',
  refreshing: 'Updating…',
  staleSince: (when: string) => `Data from ${when}`,
  staleNever: 'The data has not been updated',
  rateLimited: (time: string) => `Zoom limits requests until ${time}`,
  eventTimeNote: (zone: string) => `Times are in the event's time zone: ${zone}.`,
  filterMeetings: 'Find by topic',
  filterCount: (shown: number, total: number) => `Found ${shown} of ${total}`,
  nothingFound: 'Nothing found',
  noMatches: (query: string) => `No meeting has “${query}” in its topic.`,
  noMeetings: 'This account has no scheduled meetings.',
  meetingsLoading: 'Loading the meetings from Zoom…',
  noTopic: 'No topic',
  minutes: (n: number) => `${n} min`,
  overlapTag: 'Overlaps another',
  overlapDetail: (topic: string, from: string, to: string) =>
    `At the same time as «${topic}» (${from}–${to}), on the same Zoom account: Zoom lets one user host one meeting at a time, unless the account has Zoom's concurrent meetings option.`,
  overlapCount: (n: number) => `${n} ${n === 1 ? 'meeting overlaps' : 'meetings overlap'} another`,
  recurring: 'Recurring',
  noFixedTime: 'No fixed time',
  noStartTime: 'No start time',
  meetingZoneTime: (zone: string, time: string) => `In the meeting's time zone (${zone}): ${time}`,
  yourTime: (time: string) => `On your computer: ${time}`,
  meetingId: (id: string) => `ID ${id}`,
  join: 'Join',
  copyLink: 'Copy link',
  copied: 'Copied',
  copyFailed: 'Could not copy: select the text and copy it yourself.',
  copyByHand: 'Copy it yourself:',
  linkNotZoom: 'The link does not lead to zoom.us — we do not open it',
  noLink: 'No link',
  schedule: 'Schedule',
  scheduleSummary: "Every meeting of every connected Zoom account on one timeline: by day, with overlaps, and exported to a calendar.",
  scheduleIntro: "Every meeting of every Zoom account connected to the event on one timeline, by day.",
  scheduleMeetings: "The event's meetings",
  scheduleFilters: 'Schedule filters',
  connectionFilter: 'Connection',
  allConnections: 'All connections',
  zoneChoice: 'Show times in',
  zones: { event: "The event's time zone", local: "This computer's", meeting: "Each meeting's own" },
  zoneNotes: {
    event: (zone: string) => `Times are in the event's time zone: ${zone}.`,
    local: (zone: string) => `Times are on this computer's clock: ${zone}.`,
    meeting: (zone: string) => `Each meeting's time is in its own time zone; days follow the event's time zone (${zone}).`,
  },
  onlyEventDays: "Only the event's dates",
  outsideDays: (n: number) => `${n} more outside the event's dates`,
  scheduleCount: (n: number) => `Meetings: ${n}`,
  conflicts: (n: number) => `Overlaps: ${n}`,
  overlapWith: (topic: string, email: string, when: string) =>
    `Both this meeting and «${topic}» are on ${email} ${when}: Zoom lets one user host one meeting at a time (unless the account has Zoom's concurrent meetings option).`,
  overlapWhen: (time: string, day: string | null) => (day ? `on ${day} at ${time}` : `at ${time}`),
  inProgress: 'In progress',
  nextMeeting: 'Next',
  startsIn: (minutes: number) => {
    const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
    if (days > 0) return hours > 0 ? `in ${days} d ${hours} h` : `in ${days} d`;
    if (hours > 0) return `in ${hours} h ${String(mins).padStart(2, '0')} min`;
    return `in ${mins} min`;
  },
  exportIcs: 'Export .ics',
  exportCsv: 'Export .csv',
  includePasscodes: 'Include passcodes',
  passcodesInFile: "The file will hold the meetings' passcodes.",
  passcodesLoading: 'Getting the passcodes from Zoom…',
  saved: (path: string) => `Saved: ${path}`,
  scheduleEmpty: 'No meetings',
  scheduleNoAccounts: 'No Zoom account is connected to the event yet: their meetings will show here.',
  scheduleFiltered: 'No meeting fits the chosen filters.',
  connectAccounts: 'Connect accounts on the Zoom page',
  close: 'Close',
  detailsLoading: "Asking Zoom for the meeting's details…",
  agenda: 'Description',
  noAgenda: 'No description',
  notKnown: 'Unknown',
  when: 'When',
  timeOfEvent: (zone: string) => `Event time (${zone})`,
  timeOfComputer: (zone: string) => `This computer (${zone})`,
  timeOfMeeting: (zone: string | null) => (zone ? `Meeting's own time (${zone})` : "Meeting's own time"),
  meetingZoneUnknown: "Zoom gave no time zone for the meeting",
  duration: 'Duration',
  durationUnknown: 'not set',
  connection: 'Connection',
  meetingIdLabel: 'Meeting ID',
  passcode: 'Passcode',
  noPasscode: 'No passcode',
  show: 'Show',
  hide: 'Hide',
  joining: 'Joining',
  copyInvitation: 'Copy invitation',
  invitationCopied: 'Invitation copied',
  invitationBlocked: 'Unavailable until the account is connected again with the permissions it lacks.',
  detailsMissingScopes: (scopes: string) => `The account was connected without these permissions: ${scopes}.`,
  reconnectForDetails: 'Connect it again on the Zoom page',
  meetingGone: "The reminder's meeting is no longer in the schedule: it may have been deleted in Zoom.",
  remindBefore: 'Remind',
  remindMinutesWord: (n: number) => (n === 1 ? 'minute before' : 'minutes before'),
  remindLabel: (n: number, word: string) => `Remind ${n} ${word}`,
  reminderMinutes: 'Minutes before the meeting starts',
  reminderNote:
    "The reminder comes as a desktop notification before each meeting starts, while MySciHub runs, even when its window is minimised or in the background. The choice holds for this event on this computer.",
  reminderWhole: 'Give a whole number of minutes: 1 to 1440.',
  support: 'Support',
  supportSummary: 'A request to technical support, and the report worth attaching to it.',
  supportIntro: 'For more help or technical support, submit a request.',
  submitRequest: 'Submit a request',
  submitOpensBrowser: 'The request page opens in your browser.',
  diagnostics: 'Diagnostics report',
  diagnosticsHint: 'Attach this report to your request: it helps find the cause of the problem.',
  diagnosticsPrivacy: 'The report never contains tokens, authorization codes or meeting passcodes.',
  copyReport: 'Copy report',
  settings: 'Settings',
  zoomSettingsIntro: 'The Zoom app through which MySciHub connects accounts, and how sign-in returns to MySciHub.',
  clientId: 'Zoom app Client ID',
  oauthUrl: 'Zoom OAuth URL',
  apiUrl: 'Zoom API URL',
  redirectMode: 'Return to the app after signing in to Zoom',
  redirectModes: {
    bounce: 'Through a redirect page (https)',
    loopback: 'Through the local address 127.0.0.1',
    deepLink: 'Directly through a myscihub:// link',
  },
  bounceUrl: 'Redirect page URL',
  fromEnvironment: 'set by an environment variable',
  redirectUri: 'Redirect URI',
  redirectUriHint: "This address must be listed in the app's settings in the Zoom Marketplace.",
  security: 'Token storage',
  keyInKeychain: 'The encryption key is kept in the system keychain',
  about: 'About',
  aboutVersion: (version: string) => `MySciHub Desktop, version ${version}`,
  dataFolder: 'Your data is kept in:',
  copyPath: 'Copy path',
  logFolder: 'The app writes its log in:',
  logFolderHint: 'Attach its files to a support request: tokens and codes never reach the log.',
  openFolder: 'Open folder',
  uninstallKeeps: 'Uninstalling the app keeps this folder and the token key in the system keychain.',
  keyInFile: (keyFile: string) =>
    `There is no system keychain: the encryption key is kept in the file ${keyFile}, readable only by your user`,
  settingsSaved: 'Settings saved.',
  settingsHistory: 'Change history',
  settingsHistoryEmpty: 'The settings have not been changed yet.',
  historySetting: 'Setting',
  historyChange: 'Change',
  settingUnset: 'not set',
  unknownActor: 'unknown',
  settingsSections: 'Settings sections',
  team: 'Team',
  localDatabaseNow: 'This computer works with its own database.',
  teamModeExplained:
    "In team mode the events' data lives in one PostgreSQL database shared by all their administrators: each works on their own computer and signs in to the database as their own role. The database itself decides who sees which event.",
  teamDatabaseNow: "This computer works with the team's database.",
  teamDatabase: 'Database',
  teamRole: 'Role',
  teamMember: 'Member',
  teamSchemaVersion: 'Schema version',
  teamConnection: 'Connection to the database',
  teamReachable: 'The database answers',
  teamUnreachable: 'The database does not answer',
  joinTeam: 'Join with a code',
  joinTeamHint:
    "The team's owner gives each member a join code. Paste it here and MySciHub will work with the team's database as your role.",
  joinCode: 'Join code (starts with MSH1-)',
  joinTeamButton: 'Join',
  joinedTeam: "Done: after a restart MySciHub will work with the team's database. This computer's data is kept.",
  restart: 'Restart',
  createTeam: 'Set up a team',
  createTeamHint:
    "For the team's owner: MySciHub prepares an empty PostgreSQL database for the team and makes you its first member. You then invite the other administrators with codes.",
  databaseUrl: 'Database address',
  databaseUrlHint:
    'postgres://host:5432/database — an empty database the owner role may use. When the database is not on this computer, MySciHub reaches it only over TLS with its certificate verified.',
  ownerRole: 'Owner role',
  ownerRoleHint: 'May stay empty when the address names the role (postgres://role@host/database).',
  ownerPassword: "Owner role's password",
  importLocal: "Move this computer's data",
  importLocalHint:
    "The events, the Zoom connections with their access to the accounts, and the meetings move to the team's database: nobody has to connect an account again.",
  inviteMember: 'Invite a member',
  inviteMemberHint:
    "For the team's owner: MySciHub makes the member a role in the team's database and gives a code with which the member's MySciHub joins the team.",
  existingRole: 'A role the database administrator made (optional)',
  invite: 'Invite',
  joinCodeFor: (name: string, email: string) => `Join code for ${name} (${email})`,
  copy: 'Copy',
  joinCodeSecret:
    "This is a secret: the code signs in to the team's database as this member. Hand it over in person or over a secure channel. The code works once.",
  leaveTeam: 'Leave the team',
  leaveTeamHint: "MySciHub goes back to this computer's database. The team's data stays in the team's database.",
  confirmLeaveTeam:
    "Leave the team? After a restart MySciHub goes back to this computer's data, as it was before joining the team. The team's data stays in the team's database, and the other members keep working with it.",
  leftTeam: "Done: after a restart MySciHub will work with this computer's database, with the data it had before joining the team.",
  teamMembers: 'Team members',
  chooseTeamMember: 'Choose a member',
  administratorEmailTeamHint: 'E-mail of a team member',
  teamMemberUnknown: "MySciHub works with the team's database but did not find you among its members.",
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
