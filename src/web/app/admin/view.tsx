/** @jsxImportSource preact */
/** Admin: agents and roles, skill groups, canned responses, SLA policies (and what is to come). */
import { type Key, t } from '../i18n.ts';
import { type AdminTab, routePath } from '../routes.ts';
import type { Workspace } from '../workspace.ts';
import { AgentsAdmin } from './agents.tsx';
import { CannedAdmin } from './canned.tsx';
import { GroupsAdmin } from './groups.tsx';
import { SlaAdmin } from './sla.tsx';

/** Screens whose APIs are being built elsewhere: a clear placeholder until they land. */
const PLACEHOLDERS: ReadonlySet<AdminTab> = new Set([
  'channels',
  'webhooks',
  'api-keys',
  'intents',
]);

export function AdminView({ ws }: { ws: Workspace }) {
  const tabs = ws.adminTabs();
  const current = ws.route.section === 'admin' ? ws.route.tab : 'agents';
  const tab = tabs.includes(current) ? current : tabs[0];
  return (
    <div class="admin">
      <nav class="admin-tabs" aria-label={t('adminTabs')}>
        {tabs.map((name) => (
          <a
            key={name}
            href={routePath({ section: 'admin', tab: name })}
            aria-current={name === tab ? 'page' : undefined}
            class={PLACEHOLDERS.has(name) ? 'placeholder-tab' : ''}
            onClick={(e) => {
              if (e.ctrlKey || e.metaKey || e.shiftKey) return;
              e.preventDefault();
              ws.go({ section: 'admin', tab: name });
            }}
          >
            {t(`tab_${name}` as Key)}
          </a>
        ))}
      </nav>
      <div class="admin-body">
        {tab === undefined ? (
          <p class="muted">{t('forbiddenHere')}</p>
        ) : tab === 'agents' ? (
          <AgentsAdmin ws={ws} />
        ) : tab === 'groups' ? (
          <GroupsAdmin ws={ws} />
        ) : tab === 'canned' ? (
          <CannedAdmin ws={ws} />
        ) : tab === 'sla' ? (
          <SlaAdmin ws={ws} />
        ) : (
          <section class="placeholder" data-placeholder={tab}>
            <h1>{t(`tab_${tab}` as Key)}</h1>
            <p class="state state-queued">{t('comingSoon')}</p>
            <p class="muted">
              {t('placeholderLead', { what: t(`tab_${tab}` as Key).toLowerCase() })}
            </p>
          </section>
        )}
      </div>
    </div>
  );
}
