// Hash routes: the app's pages survive a reload (F5) and need no server.
export type EventSection = 'overview' | 'zoom' | 'schedule' | 'administrators' | 'support';
/** Settings' own pages: Zoom (`#/settings`) and the team (`#/settings/team`). */
export type SettingsSection = 'zoom' | 'team';

export type Route =
  | { page: 'home' }
  | { page: 'settings'; section?: 'team' }
  | { page: 'event'; eventId: number; section: EventSection }
  | { page: 'event'; eventId: number; section: 'zoomConnection'; connectionId: number };

export function parse(hash: string): Route {
  if (/^#\/settings\/?$/.test(hash)) return { page: 'settings' };
  if (/^#\/settings\/team\/?$/.test(hash)) return { page: 'settings', section: 'team' };
  const match = /^#\/events\/(\d+)(?:\/(integrations\/zoom(?:\/(\d+))?|integrations\/schedule|administrators|support))?\/?$/.exec(hash);
  if (!match) return { page: 'home' };
  const eventId = Number(match[1]);
  if (match[3] !== undefined) return { page: 'event', eventId, section: 'zoomConnection', connectionId: Number(match[3]) };
  const sections: Record<string, EventSection> = {
    'integrations/zoom': 'zoom',
    'integrations/schedule': 'schedule',
    administrators: 'administrators',
    support: 'support',
  };
  return { page: 'event', eventId, section: sections[match[2] ?? ''] ?? 'overview' };
}

export function href(route: Route): string {
  if (route.page === 'home') return '#/';
  if (route.page === 'settings') return route.section === 'team' ? '#/settings/team' : '#/settings';
  if (route.section === 'zoomConnection') return `#/events/${route.eventId}/integrations/zoom/${route.connectionId}`;
  const tail = { overview: '', zoom: '/integrations/zoom', schedule: '/integrations/schedule', administrators: '/administrators', support: '/support' }[route.section];
  return `#/events/${route.eventId}${tail}`;
}

class Router {
  route = $state<Route>(parse(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => (this.route = parse(window.location.hash)));
  }

  go(route: Route) {
    window.location.hash = href(route);
    this.route = route;
  }
}

export const router = new Router();
