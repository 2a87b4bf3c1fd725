/**
 * The settings panel, rendered to static markup in node: the shipped C2PA Trust List's attribution, dates and
 * source commit, and the warning once its next-update date has passed.
 */
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { TRUST_LIST_SOURCE } from '../../src/provenance/trustListInfo';

// The node tsconfig has no JSX, so the .tsx component is loaded at run time (vitest compiles it) and typed here.
const panelModule = '../../src/app/SettingsPanel/SettingsPanel';
const { SettingsPanel } = (await import(/* @vite-ignore */ panelModule)) as {
  SettingsPanel: (p: { onChange(a: string[]): void; now?: Date }) => ReactElement;
};

const render = (now: Date): string =>
  renderToStaticMarkup(createElement(SettingsPanel, { onChange: () => undefined, now }));

describe('SettingsPanel: the shipped trust lists', () => {
  const next = Date.parse(TRUST_LIST_SOURCE.trust_list.next_update);

  it('shows attribution, licence, source commit, issue and next-update dates; no warning while current', () => {
    const html = render(new Date(next - 86_400_000));
    expect(html).toContain('C2PA Trust List');
    expect(html).toContain('CC BY 4.0');
    expect(html).toContain(TRUST_LIST_SOURCE.commit.slice(0, 12));
    expect(html).toContain(`issued ${TRUST_LIST_SOURCE.trust_list.issued.slice(0, 10)}`);
    expect(html).toContain(`next update due ${TRUST_LIST_SOURCE.trust_list.next_update.slice(0, 10)}`);
    expect(html).not.toContain('trust-list-stale');
  });

  it('past the next-update date: opens itself with a warning', () => {
    const html = render(new Date(next + 86_400_000));
    expect(html).toMatch(/<details class="settings" open="">/);
    expect(html).toContain('data-testid="trust-list-stale"');
    expect(html).toMatch(/was due for an update on/);
    expect(html).toContain('out of date');
  });
});
