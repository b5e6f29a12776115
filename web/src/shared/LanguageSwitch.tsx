/** One click between 中文 and English; the choice is remembered on this device. */
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage } from './i18n';

export function LanguageSwitch({ dark }: { dark?: boolean }) {
  const { i18n, t } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      size="small"
      data-testid="language-switch"
      aria-label={t('common.switchLanguage')}
      style={dark ? { color: 'rgba(255,255,255,0.9)' } : undefined}
      onClick={() => setLanguage(next)}
    >
      {next === 'en' ? 'English' : '中文'}
    </Button>
  );
}
