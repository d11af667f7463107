// Settings: a menu of sections; each section edits a copy and saves only its own keys.
import type { ComponentChildren } from 'preact';
import { ErrorBox, Spinner } from '../../components/ui.tsx';
import { ApplicationSection } from './ApplicationSection.tsx';
import { CronsSection } from './CronsSection.tsx';
import { MailSection } from './MailSection.tsx';
import { RateLimitsSection } from './RateLimitsSection.tsx';
import { StorageSection } from './StorageSection.tsx';
import { TokensSection } from './TokensSection.tsx';
import { useSettings } from './useSettings.ts';

const SECTIONS = [
  ['application', 'Application'],
  ['mail', 'Mail settings'],
  ['storage', 'Files storage'],
  ['rate-limits', 'Rate limits'],
  ['tokens', 'Token options'],
  ['crons', 'Crons'],
] as const;

export function SettingsPage({ section }: { section: string }) {
  const s = useSettings();
  let body: ComponentChildren;
  if (!s.settings) body = s.error ? <ErrorBox text={s.error} retry={s.load} /> : <Spinner />;
  else if (section === 'mail') body = <MailSection s={s} />;
  else if (section === 'storage') body = <StorageSection s={s} />;
  else if (section === 'rate-limits') body = <RateLimitsSection s={s} />;
  else if (section === 'tokens') body = <TokensSection />;
  else if (section === 'crons') body = <CronsSection />;
  else body = <ApplicationSection s={s} />;
  return (
    <div class="split">
      <aside class="sidebar">
        <div class="side-title">Settings</div>
        <nav class="side-list">
          {SECTIONS.map(([id, label]) => (
            <a key={id} href={`#/settings/${id}`} class={section === id ? 'active' : ''}>
              {label}
            </a>
          ))}
        </nav>
      </aside>
      <section class="content settings" key={section}>
        {body}
      </section>
    </div>
  );
}
