// Routes: login when logged out; otherwise the shell with the page for the current hash.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ConfirmHost } from './components/Confirm.tsx';
import { Shell } from './components/Shell.tsx';
import { Spinner, Toasts } from './components/ui.tsx';
import { ApiPreviewPage } from './pages/api-preview/ApiPreviewPage.tsx';
import { BackupsPage } from './pages/backups/BackupsPage.tsx';
import { Install } from './pages/login/Install.tsx';
import { Login } from './pages/login/Login.tsx';
import { LogsPage } from './pages/logs/LogsPage.tsx';
import { RecordsPage } from './pages/records/RecordsPage.tsx';
import { SettingsPage } from './pages/settings/SettingsPage.tsx';
import { SqlPage } from './pages/sql/SqlPage.tsx';
import { match, route } from './router.ts';
import { restoreSession, superuser } from './stores/auth.ts';
import { loadCollections } from './stores/collections.ts';

function Page() {
  const path = route.value;
  const api = match('/collections/:name/api');
  if (api) return <ApiPreviewPage name={api.name!} />;
  const c = match('/collections/:name');
  if (c) return <RecordsPage name={c.name!} />;
  if (match('/settings/*')) return <SettingsPage section={path.split('/')[2] || 'application'} />;
  if (match('/logs')) return <LogsPage />;
  if (match('/backups')) return <BackupsPage />;
  if (match('/sql')) return <SqlPage />;
  return <RecordsPage name="" />;
}

export function App() {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    restoreSession().finally(() => setReady(true));
  }, []);
  const user = superuser.value;
  useEffect(() => {
    if (user) loadCollections();
  }, [user?.id]);

  const install = match('/pbinstal/:token');
  let body: ComponentChildren;
  if (install) body = <Install token={install.token!} />;
  else if (!ready) body = <Spinner />;
  else if (!user) body = <Login />;
  else
    body = (
      <Shell>
        <Page />
      </Shell>
    );
  return (
    <>
      {body}
      <ConfirmHost />
      <Toasts />
    </>
  );
}
