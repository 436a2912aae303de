// Hash routes: the app's pages survive a reload (F5) and need no server.
export type Route =
  | { page: 'home' }
  | { page: 'event'; eventId: number; section: 'overview' | 'zoom' | 'administrators' };

export function parse(hash: string): Route {
  const match = /^#\/events\/(\d+)(?:\/(integrations\/zoom|administrators))?\/?$/.exec(hash);
  if (!match) return { page: 'home' };
  const section = match[2] === 'integrations/zoom' ? 'zoom' : match[2] === 'administrators' ? 'administrators' : 'overview';
  return { page: 'event', eventId: Number(match[1]), section };
}

export function href(route: Route): string {
  if (route.page === 'home') return '#/';
  const tail = { overview: '', zoom: '/integrations/zoom', administrators: '/administrators' }[route.section];
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
