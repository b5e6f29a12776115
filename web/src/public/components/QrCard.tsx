/**
 * The QR virtual card (电子读者证), full screen for a kiosk or desk scanner. The token lives about a
 * minute; a new one is fetched before it expires, while the card is shown.
 */
import { Button, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { api } from '../api';
import { ErrorState, Loading } from '../../shared/PageState';

interface QrToken {
  token: string;
  expiresAt: string;
  refreshAfterSeconds: number;
}

export function QrCardFullScreen({ name, onClose }: { name: string; onClose: () => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const qr = useQuery({
    queryKey: ['me', 'qr'],
    queryFn: () => api.get<QrToken>('/api/me/qr'),
    staleTime: 0,
    gcTime: 0,
    refetchInterval: (q) => (q.state.data?.refreshAfterSeconds ?? 30) * 1000,
  });
  useEffect(() => {
    if (qr.data && canvas.current) void QRCode.toCanvas(canvas.current, qr.data.token, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
  }, [qr.data]);
  useEffect(() => {
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, [onClose]);
  return (
    <div className="ty-qr-full" role="dialog" aria-label={t('account.qrTitle')} data-testid="qr-card">
      <Typography.Title level={4} style={{ margin: 0 }}>{t('account.qrTitle')}</Typography.Title>
      <Typography.Text>{name}</Typography.Text>
      {qr.isPending ? <Loading /> : qr.isError ? <ErrorState error={qr.error} retry={() => void qr.refetch()} /> : <canvas ref={canvas} data-token-expires={qr.data.expiresAt} />}
      <Typography.Text type="secondary">{t('account.qrHint')}</Typography.Text>
      <Button size="large" onClick={onClose} data-testid="qr-close">{t('common.close')}</Button>
    </div>
  );
}
