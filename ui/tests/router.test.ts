import { describe, expect, it } from 'vitest';
import { href, parse, type Route } from '../src/lib/router.svelte';

describe('router', () => {
  const routes: [string, Route][] = [
    ['#/', { page: 'home' }],
    ['#/settings', { page: 'settings' }],
    ['#/events/3', { page: 'event', eventId: 3, section: 'overview' }],
    ['#/events/3/integrations/zoom', { page: 'event', eventId: 3, section: 'zoom' }],
    ['#/events/3/integrations/zoom/12', { page: 'event', eventId: 3, section: 'zoomConnection', connectionId: 12 }],
    ['#/events/3/integrations/schedule', { page: 'event', eventId: 3, section: 'schedule' }],
    ['#/events/3/administrators', { page: 'event', eventId: 3, section: 'administrators' }],
    ['#/events/3/support', { page: 'event', eventId: 3, section: 'support' }],
  ];

  it.each(routes)('reads and writes %s', (hash, route) => {
    expect(parse(hash)).toEqual(route);
    expect(href(route)).toBe(hash);
  });

  it('sends unknown addresses home', () => {
    expect(parse('#/events/3/integrations/zoom/x')).toEqual({ page: 'home' });
    expect(parse('#/settings/zoom')).toEqual({ page: 'home' });
    expect(parse('#/events/3/support/1')).toEqual({ page: 'home' });
    expect(parse('#/events/3/integrations/schedule/1')).toEqual({ page: 'home' });
  });
});
