/** @jsxImportSource preact */
import { type Lang, t } from '../i18n.ts';

/** 中文 / English. */
export function LangSwitch(props: { value: Lang; onChange(lang: Lang): void }) {
  return (
    <label class="lang">
      <span class="sr">{t('language')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as Lang)}>
        <option value="en">English</option>
        <option value="zh">中文</option>
      </select>
    </label>
  );
}
